"""Fixtures for the HTML tests: the site is built once per session.

If tests/browser runs in the same session the build is shared (it is kept on
the pytest config object under the same name by both conftest files).
Missing tools skip locally and fail when CI=true.  SITEGEN_PREBUILT_SITE=DIR
tests an existing build instead of running build.py.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


def tool_missing(message: str) -> None:
    """Skip locally, fail in CI: a missing tool must never turn CI green."""
    if in_ci():
        pytest.fail(f"{message} (CI=true, so this fails instead of skipping; "
                    "run scripts/setup-test-tools.sh)", pytrace=False)
    pytest.skip(f"{message}; run scripts/setup-test-tools.sh to enable this test")


@pytest.fixture(scope="session")
def missing_tool():
    """missing_tool(message): skip locally, fail in CI."""
    return tool_missing


@pytest.fixture(scope="session")
def site_dir(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The directory holding the built site (built once per session)."""
    config = request.config
    cached = getattr(config, "_sitegen_built_site", None)
    if isinstance(cached, Path):
        return cached
    if isinstance(cached, str):  # an earlier attempt failed
        pytest.fail(cached, pytrace=False)

    prebuilt = os.environ.get("SITEGEN_PREBUILT_SITE")
    if prebuilt:
        site = Path(prebuilt).resolve()
        if not (site / "index.html").is_file():
            pytest.fail(f"SITEGEN_PREBUILT_SITE={prebuilt} has no index.html", pytrace=False)
        config._sitegen_built_site = site
        return site

    if not (REPO_ROOT / "build.py").is_file():
        tool_missing("build.py does not exist yet, so there is no site to test")

    site = tmp_path_factory.mktemp("built-site") / "site"
    command = [sys.executable, "build.py", "--output", str(site)]
    result = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True,
                            timeout=600, check=False)
    if result.returncode != 0 or not (site / "index.html").is_file():
        message = (f"building the site failed: {' '.join(command)} exited {result.returncode}\n"
                   f"--- stdout ---\n{result.stdout[-4000:]}\n--- stderr ---\n{result.stderr[-4000:]}")
        config._sitegen_built_site = message
        pytest.fail(message, pytrace=False)
    config._sitegen_built_site = site
    return site


@pytest.fixture(scope="session")
def html_files(site_dir: Path) -> list[Path]:
    """Every built HTML page, sorted."""
    files = sorted(site_dir.rglob("*.html"))
    assert files, f"the build in {site_dir} produced no HTML pages"
    return files
