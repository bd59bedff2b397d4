"""Helpers shared by the test folders: building the site once, and tools that may be missing."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from filelock import FileLock

REPO_ROOT = Path(__file__).resolve().parents[1]
# The default theme, inside the package (sitegen/read/theme_files.py lays a site's own files over it).
THEME_DIR = REPO_ROOT / "sitegen" / "theme"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving_preview(root: Path, port: int) -> Iterator[subprocess.Popen[bytes]]:
    """`build.py serve` for the project at root, in a process of its own, once it listens."""
    process = subprocess.Popen(
        [sys.executable, str(REPO_ROOT / "build.py"), "serve", "--port", str(port), "--project", str(root)],
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={"PYTHONPATH": str(REPO_ROOT), "PATH": "/usr/bin:/bin"},
    )
    try:
        for _ in range(300):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError("the preview did not start")
        yield process
    finally:
        process.terminate()
        process.wait(timeout=10)


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


def tool_missing(message: str) -> None:
    """Skip locally, fail in CI: a missing tool must never turn CI green."""
    if in_ci():
        pytest.fail(
            f"{message} (CI=true, so this fails instead of skipping; run scripts/setup-test-tools.sh)", pytrace=False
        )
    pytest.skip(f"{message}; run scripts/setup-test-tools.sh to enable these tests")


def run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A temporary folder of this test run that every pytest-xdist worker sees (each worker's
    own temporary folder is a subfolder of it), or the session's own without xdist."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def build_site_once(config: pytest.Config, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the real site the first time a test asks for it in this run, then reuse it.

    With pytest-xdist the workers share one build: the first to ask builds it while holding a
    file lock, the others wait for it and reuse it (or report the same failure).
    SITEGEN_PREBUILT_SITE=DIR tests an existing build instead (handy while writing a test).
    """
    cached = getattr(config, "_sitegen_built_site", None)
    if isinstance(cached, Path):
        return cached
    if isinstance(cached, str):  # An earlier attempt failed.
        pytest.fail(cached, pytrace=False)

    prebuilt = os.environ.get("SITEGEN_PREBUILT_SITE")
    if prebuilt:
        site = Path(prebuilt).resolve()
        if not (site / "index.html").is_file():
            pytest.fail(f"SITEGEN_PREBUILT_SITE={prebuilt} has no index.html", pytrace=False)
        config._sitegen_built_site = site
        return site

    shared = run_folder(tmp_path_factory)
    site = shared / "built-site"
    failed = shared / "built-site.failed"
    with FileLock(shared / "built-site.lock"):
        if not failed.exists() and not (site / "index.html").is_file():
            message = _build_site(site)
            if message:
                failed.write_text(message, encoding="utf-8")
    if failed.exists():
        config._sitegen_built_site = failed.read_text(encoding="utf-8")
        pytest.fail(config._sitegen_built_site, pytrace=False)
    config._sitegen_built_site = site
    return site


def _build_site(site: Path) -> str | None:
    """Run `build.py --output SITE`; None if it built, else what went wrong."""
    command = [sys.executable, "build.py", "--output", str(site)]
    result = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True, timeout=600, check=False)
    if result.returncode == 0 and (site / "index.html").is_file():
        return None
    return (
        f"building the site failed: {' '.join(command)} exited {result.returncode}\n"
        f"--- stdout ---\n{result.stdout[-4000:]}\n--- stderr ---\n{result.stderr[-4000:]}"
    )


def copy_real_project(root: Path) -> Path:
    """The real content and settings, with a copy of the whole theme, in `root` (conftest's make_project)."""
    shutil.copytree(REPO_ROOT / "content", root / "content")
    for name in ("templates", "static"):
        shutil.copytree(THEME_DIR / name, root / name)
    shutil.copy(REPO_ROOT / "site_config.yaml", root / "site_config.yaml")
    return root
