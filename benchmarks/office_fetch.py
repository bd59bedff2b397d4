"""What fetching the live branch before every form costs: `git fetch` of one branch from a local
bare repository (the office's own copy of the site), when nothing moved and when one commit did.

    .venv/bin/python benchmarks/office_fetch.py [--runs 30]

It prints figures (median, 95th percentile, slowest); nothing is asserted. A real remote adds
the network's round trips (GitHub over HTTPS: typically 0.2-0.5 s), which is why the fetch runs
outside the office's working-copy lock, one at a time.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sitegen.office.publishing import fetch  # noqa: E402


def git(folder: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True)


def figures(label: str, seconds: list[float]) -> None:
    ordered = sorted(seconds)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    print(
        f"{label:<34} median {statistics.median(ordered) * 1000:6.1f} ms   "
        f"95th percentile {p95 * 1000:6.1f} ms   slowest {ordered[-1] * 1000:6.1f} ms   ({len(ordered)} runs)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory(prefix="sitegen-fetch-") as folder:
        base = Path(folder)
        office, remote, elsewhere = base / "office", base / "remote.git", base / "elsewhere"
        office.mkdir()
        shutil.copytree(ROOT / "content", office / "content")
        shutil.copy(ROOT / "site_config.yaml", office / "site_config.yaml")
        git(office, "init", "--quiet", "--initial-branch=main")
        git(office, "-c", "user.name=Bench", "-c", "user.email=b@example.org", "add", "--all")
        git(office, "-c", "user.name=Bench", "-c", "user.email=b@example.org", "commit", "--quiet", "-m", "Site")
        git(base, "init", "--quiet", "--bare", "--initial-branch=main", str(remote))
        git(office, "remote", "add", "origin", str(remote))
        git(office, "push", "--quiet", "origin", "main")
        git(base, "clone", "--quiet", str(remote), str(elsewhere))
        still, moved = [], []
        for run in range(runs):
            started = time.perf_counter()
            assert fetch(office, "origin", "main") == ""
            still.append(time.perf_counter() - started)
            (elsewhere / "content" / "timeline.yaml").open("a").write(f"# run {run}\n")
            git(elsewhere, "-c", "user.name=W", "-c", "user.email=w@example.org", "commit", "--quiet", "-am", "w")
            git(elsewhere, "push", "--quiet")
            started = time.perf_counter()
            assert fetch(office, "origin", "main") == ""
            moved.append(time.perf_counter() - started)
        figures("fetch, nothing moved", still)
        figures("fetch, one new commit", moved)


if __name__ == "__main__":
    main()
