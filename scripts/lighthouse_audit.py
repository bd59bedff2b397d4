"""Run Lighthouse 12.2.3 (npm, pinned in package.json) on one page of each kind of a built site.

Usage: .venv/bin/python scripts/lighthouse_audit.py [--categories accessibility,performance,...]
                                                     [--project SITE] [--site DIR] [--json]

Builds the site (this repository's, or --project's; unless --site is given), serves it on
127.0.0.1, audits one page of each kind the site has (found in the built site:
sitegen/audit/serving.py) with Debian's Chromium in Lighthouse's default mobile preset, and
prints the scores. Used by tests/browser/test_lighthouse.py (accessibility) and
docs/performance.md (performance).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from sitegen.audit.serving import one_page_of_each_kind
from sitegen.read.project_files import read_project
from sitegen.shape.layout_ids import learn_layout_ids

REPO = Path(__file__).resolve().parents[1]
LIGHTHOUSE = REPO / "node_modules" / ".bin" / "lighthouse"
LOCAL = ["--base-url", "http://127.0.0.1/"]
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run --disable-quic"
)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def audit(url: str, categories: list[str]) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as profile:
        command = [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            "--output-path=stdout",
            f"--only-categories={','.join(categories)}",
            f"--chrome-flags={CHROME_FLAGS} --user-data-dir={profile}",
        ]
        env = {**os.environ, "CHROME_PATH": "/usr/bin/chromium"}
        result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"lighthouse failed for {url}: {result.stderr[-2000:]}")
    report = json.loads(result.stdout)
    scores = {key: round(category["score"] * 100) for key, category in report["categories"].items()}
    failing = [
        audit_id
        for audit_id, item in report["audits"].items()
        if item.get("score") is not None and item["score"] < 1 and item.get("scoreDisplayMode") == "binary"
    ]
    scores["failing_audits"] = failing  # type: ignore[assignment]
    return scores


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--categories", default="accessibility,performance,best-practices,seo")
    parser.add_argument("--project", type=Path, default=REPO, help="the site's folder (default: this repository)")
    parser.add_argument("--site", type=Path, help="an already built site folder")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args(argv)
    categories = args.categories.split(",")
    with tempfile.TemporaryDirectory() as temporary:
        site = args.site
        if site is None:
            site = Path(temporary) / "site"
            subprocess.run(
                [sys.executable, str(REPO / "build.py"), "--project", str(args.project), "--output", str(site), *LOCAL],
                cwd=REPO,
                check=True,
                stdout=subprocess.DEVNULL,
            )
        layout_ids = learn_layout_ids(read_project(args.project).templates).exact
        server, base = serve(site)
        results = {}
        try:
            for name, path in one_page_of_each_kind(site, layout_ids).items():
                results[name] = audit(base + path, categories)
        finally:
            server.shutdown()
            server.server_close()
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    width = max([26, *(len(name) + 2 for name in results)])
    print(f"{'page':{width}}" + "".join(f"{c:>16}" for c in categories))
    for name, scores in results.items():
        print(f"{name:{width}}" + "".join(f"{scores[c]:>16}" for c in categories))
        if scores["failing_audits"]:
            print(f"{'':{width}}failing: {', '.join(scores['failing_audits'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
