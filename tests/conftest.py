"""Shared fixtures: the real site rendered in memory, and throwaway projects on disk."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Callable

import pytest

from sitegen.pipeline import RenderedSite, render_project
from sitegen.sources import read_project
from tooling import build_site_once, tool_missing

REPO = Path(__file__).resolve().parents[1]
# Builds run by the tests (in this process and in the commands they start) keep compiled
# templates in a folder of their own, not in the user's ~/.cache.
os.environ["SITEGEN_CACHE_DIR"] = tempfile.mkdtemp(prefix="sitegen-test-cache-")
# The tests specify what a person sees in a terminal. In GitHub Actions the command line
# also prints annotations (see tests/test_annotations.py), so the suite runs as it would anywhere.
os.environ.pop("GITHUB_ACTIONS", None)


@pytest.fixture(scope="session")
def real_site() -> RenderedSite:
    """The real content, rendered in memory once for the whole session."""
    return render_project(read_project(REPO), strict=True)


@pytest.fixture(scope="session")
def real_pages(real_site) -> dict[str, str]:
    """Every HTML page of the real site, by output path, as text."""
    return {path: data.decode("utf-8") for path, data in real_site.files.items() if path.endswith(".html")}


@pytest.fixture
def make_project(tmp_path: Path) -> Callable[..., Path]:
    """Copy the real project into a temporary folder, then replace or delete some files.

    make_project({"content/timeline.yaml": "new text"}) -> the project root;
    a value of None deletes that file.
    """

    def make(changes: dict[str, str | bytes | None] | None = None) -> Path:
        root = tmp_path / "project"
        if not root.exists():
            for name in ("content", "templates", "static"):
                shutil.copytree(REPO / name, root / name)
            shutil.copy(REPO / "site_config.yaml", root / "site_config.yaml")
        for name, value in (changes or {}).items():
            target = root / name
            if value is None:
                target.unlink(missing_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(value, bytes):
                target.write_bytes(value)
            else:
                target.write_text(value, encoding="utf-8")
        return root

    return make


@pytest.fixture(scope="session")
def site_dir(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site built on disk by `build.py --output`, once per session (browser and HTML tests)."""
    return build_site_once(request.config, tmp_path_factory)


@pytest.fixture(scope="session")
def missing_tool():
    """missing_tool(message): skip locally, fail in CI."""
    return tool_missing
