"""Fixtures for the HTML tests. The site is built once per test run by tests/conftest.py's
`site_dir` (shared with the browser tests); missing tools skip locally and fail when CI=true."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def html_files(site_dir: Path) -> list[Path]:
    """Every built HTML page, sorted."""
    files = sorted(site_dir.rglob("*.html"))
    assert files, f"the build in {site_dir} produced no HTML pages"
    return files
