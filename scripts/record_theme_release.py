"""Record the theme of a release in sitegen/theme/released.json (a step of making a release).

    python scripts/record_theme_release.py 0.2.0            # the theme as it is now
    python scripts/record_theme_release.py 0.1.0 v0.1.0     # the theme at a git revision

For each theme file (templates/… and static/…) its SHA-256. `build.py migrate` uses these to
tell a site's unchanged copies of an older theme (safe to delete) from its real overrides,
and `build.py check` to name the release an override was copied from (docs/upgrading.md).
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
THEME = REPO / "sitegen" / "theme"
RELEASED = THEME / "released.json"


def _from_revision(revision: str) -> dict[str, bytes]:
    files = {}
    for folder in ("templates", "static"):
        # Before 0.2.0 the theme was at the top of the repository; since, in sitegen/theme/.
        for prefix in (f"sitegen/theme/{folder}", folder):
            listed = subprocess.run(
                ["git", "ls-tree", "-r", "--name-only", revision, prefix], cwd=REPO, capture_output=True, text=True
            ).stdout.split()
            if listed:
                break
        for name in listed:
            data = subprocess.run(["git", "show", f"{revision}:{name}"], cwd=REPO, capture_output=True, check=True)
            files[folder + name[len(prefix) :]] = data.stdout
    return files


def _from_tree() -> dict[str, bytes]:
    return {
        path.relative_to(THEME).as_posix(): path.read_bytes()
        for folder in ("templates", "static")
        for path in sorted((THEME / folder).rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }


def main(version: str, revision: str | None = None) -> None:
    files = _from_revision(revision) if revision else _from_tree()
    released = json.loads(RELEASED.read_text(encoding="utf-8")) if RELEASED.exists() else {}
    released[version] = {name: hashlib.sha256(data).hexdigest() for name, data in sorted(files.items())}
    RELEASED.write_text(json.dumps(released, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"Recorded {len(files)} theme files of {version} in {RELEASED.relative_to(REPO)}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
