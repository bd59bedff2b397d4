"""Shared fixtures: the real site rendered in memory, and throwaway projects on disk."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from cheap_hashing import cheap_password_hashing
from hypothesis import settings
from shared_link_readings import link_readings_shared
from tooling import build_site_once, copy_real_project, tool_missing

from sitegen.pipeline import RenderedSite, render_project
from sitegen.read.project_files import read_project
from sitegen.render import site as site_renderer
from sitegen.render.render_cache import RenderMemory
from sitegen.shape.layout_ids import LayoutIds

REPO = Path(__file__).resolve().parents[1]
# Builds run by the tests (in this process and in the commands they start) keep compiled
# templates in a folder of their own, not in the user's ~/.cache.
os.environ["SITEGEN_CACHE_DIR"] = tempfile.mkdtemp(prefix="sitegen-test-cache-")
# The tests specify what a person sees in a terminal. In GitHub Actions the command line
# also prints annotations (see tests/test_annotations.py), so the suite runs as it would anywhere.
os.environ.pop("GITHUB_ACTIONS", None)
# Builds count this as "today" (sitegen/model/build_date.py), so that a duty's last check
# (content/what-we-must-publish.yaml) or a step's target date cannot change the suite's results
# from one day to the next. A test about dates sets its own.
os.environ.setdefault("SITEGEN_TODAY", "2026-12-06")

# `make quick` runs the property tests with a fifth of their examples (--hypothesis-profile=quick);
# the whole suite keeps Hypothesis' default profile (100).
settings.register_profile("quick", max_examples=20)

# Every test in these folders gets the marker, so that `make quick` can leave them out.
FOLDER_MARKERS = {REPO / "tests" / "browser": "browser", REPO / "tests" / "html": "nu_checker"}


@pytest.hookimpl(tryfirst=True)  # Before pytest's own -m selection looks at the markers.
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        for folder, marker in FOLDER_MARKERS.items():
            if item.path.is_relative_to(folder):
                item.add_marker(marker)


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Under `--dist loadgroup`, pytest-xdist runs the tests of one xdist_group on one worker
    (they share an expensive fixture) by adding "@group" to their ids. pytest 9.2 makes it drop
    that silently (pytest-xdist#1386): fail those tests rather than let the suite slow down."""
    if (
        getattr(item.config.option, "loadgroup", False)
        and item.get_closest_marker("xdist_group")
        and "@" not in item.nodeid
    ):
        pytest.fail(
            "pytest-xdist did not keep this test's xdist_group, so the tests that share its "
            "fixture may each build it again: this pytest and pytest-xdist do not work together "
            "(pytest-xdist issue #1386); use the versions pinned in pyproject.toml",
            pytrace=False,
        )


@pytest.fixture(scope="session", autouse=True)
def layout_ids_learnt_once_per_set_of_templates():
    """Every render reads the templates' syntax trees for the ids they give elements
    (`learn_layout_ids`, a fifth of a small site's render). Hundreds of tests render the same
    templates: each worker learns them once per set of templates and shares the answer, a
    frozen `LayoutIds` (the preview keeps it the same way). Tests of learn_layout_ids itself
    call it from sitegen.shape.layout_ids, which stays as it is."""
    learn = site_renderer.learn_layout_ids
    learnt: dict[tuple[tuple[str, str], ...], LayoutIds] = {}

    def learnt_once(templates: Mapping[str, str]) -> LayoutIds:
        key = tuple(sorted(templates.items()))
        if key not in learnt:
            learnt[key] = learn(templates)
        return learnt[key]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(site_renderer, "learn_layout_ids", learnt_once)
        yield


@pytest.fixture(scope="session", autouse=True)
def markdown_rendered_once_per_text():
    """Every build renders its Markdown texts with a renderer that remembers each text's result
    for the rest of that build; the preview keeps the renderer between rebuilds while the
    glossary and address stay the same (`markdown_renderer` with a RenderMemory). Here each
    worker keeps it the same way for every build that passes no memory of its own, so the
    texts hundreds of tests share are rendered once. A result depends only on the text, where
    it came from and the renderer's settings, all of which are the key; tests of the renderer
    itself make their own MarkdownRenderer."""
    make = site_renderer.markdown_renderer
    kept = RenderMemory()

    def kept_between_builds(content, memory, check_capitals=True):
        return make(content, kept if memory is None else memory, check_capitals)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(site_renderer, "markdown_renderer", kept_between_builds)
        yield


@pytest.fixture(scope="session", autouse=True)
def pages_read_for_printed_links_once():
    """Each page's printed-link reading remembered in this process (tests/shared_link_readings.py says why)."""
    with link_readings_shared():
        yield


@pytest.fixture(scope="session", autouse=True)
def passwords_hashed_cheaply():
    """argon2id at its smallest costs in this process (tests/cheap_hashing.py says why); the
    commands the tests start in processes of their own hash as the office does."""
    with cheap_password_hashing():
        yield


@pytest.fixture(scope="session")
def real_site() -> RenderedSite:
    """The real content, rendered in memory once per test process (each pytest-xdist worker)."""
    return render_project(read_project(REPO), strict=True)


@pytest.fixture(scope="session")
def real_pages(real_site) -> dict[str, str]:
    """Every HTML page of the real site, by output path, as text."""
    return {path: data.decode("utf-8") for path, data in real_site.files.items() if path.endswith(".html")}


@pytest.fixture
def make_project(tmp_path: Path) -> Callable[..., Path]:
    """Copy the real project into a temporary folder, then replace or delete some files.

    make_project({"content/timeline.yaml": "new text"}) -> the project root;
    a value of None deletes that file. Its templates/ and static/ hold a copy of the whole theme
    (a site that overrides every theme file, with the theme's own text), so that a test can
    change or delete a template or a static file in place.
    """

    def make(changes: dict[str, str | bytes | None] | None = None) -> Path:
        root = tmp_path / "project"
        if not root.exists():
            copy_real_project(root)
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
    """The real site built on disk by `build.py --output`, once per test run and shared by the
    pytest-xdist workers (browser and HTML tests). Read it; never change it."""
    return build_site_once(request.config, tmp_path_factory)


@pytest.fixture(scope="session")
def missing_tool():
    """missing_tool(message): skip locally, fail in CI."""
    return tool_missing
