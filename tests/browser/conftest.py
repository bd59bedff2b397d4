"""Shared fixtures for the browser tests.

The site is built once per test run into a temporary directory by running
``build.py --output DIR`` from the repository root (the pytest-xdist workers
share that one build), and each worker serves it over http by Python's own
``http.server`` on 127.0.0.1 (never ``file://``), at the server root and also
under the published base path from site_config.yaml (e.g. /soc/), which the
404 page links by.  The tests drive the system Chromium (``/usr/bin/chromium``,
installed by ``scripts/setup-test-tools.sh``) through Playwright for Python;
``playwright install`` is never used.

When a tool is missing the tests are skipped locally, but fail when the
environment variable ``CI`` is ``true``, so CI can never go green by skipping.

Set ``SITEGEN_PREBUILT_SITE=/some/dir`` to test an already built site instead
of running ``build.py`` (handy while iterating on a test).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tooling import REPO_ROOT, tool_missing  # tests/ is on the path (pyproject.toml)

# The checks' own code, which `build.py audit` runs on any site (sitegen/audit/).
from sitegen.audit.browser import CHROMIUM_ARGS, SETTINGS_STATES, ContextOpener, settings_not_applied
from sitegen.audit.serving import base_path, served, url_path_for

CHROMIUM = Path("/usr/bin/chromium")
AXE_JS = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"

# One page of each type; used where testing every page would be too slow.
PAGE_TYPES = {
    "home": "/",
    "timeline": "/timeline/",
    "timeline-year": "/timeline/2021/",
    "regional-work": "/regional-work/",
    "glossary": "/glossary/",
    "accessibility": "/accessibility/",
    "404": "/404.html",
}


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "settings_state" in metafunc.fixturenames:
        metafunc.parametrize("settings_state", list(SETTINGS_STATES))


# --------------------------------------------------------------------------
# Building and serving the site
# --------------------------------------------------------------------------


def site_base_path() -> str:
    """The path the site is published under, from site_config.yaml's base_url
    ("https://example.org/soc/" -> "/soc"), or "" for a site at the root."""
    try:
        import yaml

        config = yaml.safe_load((REPO_ROOT / "site_config.yaml").read_text(encoding="utf-8")) or {}
        return base_path(str(config.get("base_url", "")))
    except (OSError, ImportError, ValueError, AttributeError):
        return ""


@pytest.fixture(scope="session")
def base_url(site_dir: Path):
    """http://127.0.0.1:PORT, serving the built site (no trailing slash).

    A page's address is base_url + path, e.g. base_url + "/timeline/"; browser
    contexts from open_context also accept page.goto("/timeline/").
    """
    with served(site_dir, site_base_path()) as url:  # The audit's own server (sitegen/audit/serving.py).
        yield url


@pytest.fixture(scope="session")
def page_paths(site_dir: Path) -> list[str]:
    """Every built HTML page's path below the site root, e.g. '/', '/timeline/2021/',
    '/404.html'; its address is base_url + path."""
    paths = sorted(url_path_for(site_dir, f) for f in site_dir.rglob("*.html"))
    assert paths, f"the build in {site_dir} produced no HTML pages"
    return paths


@pytest.fixture(scope="session")
def page_types(page_paths: list[str]) -> dict[str, str]:
    """One page of each type (home, timeline, per-year timeline, ...) -> URL path."""
    missing = {kind: path for kind, path in PAGE_TYPES.items() if path not in page_paths}
    assert not missing, f"the built site lacks these pages: {missing}"
    return dict(PAGE_TYPES)


# --------------------------------------------------------------------------
# The browser
# --------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    """One headless system Chromium for the whole session (of each pytest-xdist worker)."""
    if not CHROMIUM.exists():
        tool_missing(f"{CHROMIUM} is missing (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        tool_missing("Playwright for Python is not installed (pip install -e '.[test]')")
    playwright = sync_playwright().start()
    try:
        try:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS))
        except Exception as error:
            pytest.fail(f"could not launch {CHROMIUM}: {error}", pytrace=False)
        yield chromium
        chromium.close()
    finally:
        playwright.stop()


@pytest.fixture
def open_context(browser, base_url: str):
    """Factory for browser contexts; all are closed when the test ends.

    open_context(width=1280, javascript=True, site_scripts=True, settings=None,
                 bypass_csp=False, color_scheme="light")

    - javascript=False turns JavaScript off entirely (a no-JS visitor).
    - site_scripts=False aborts requests for /static/js/** but keeps
      JavaScript on, so axe and inline scripts still run.
    - settings={...} stores accessibility settings in localStorage before
      every navigation.
    - color_scheme="dark" emulates a device set to dark mode.
    - bypass_csp=True is needed to inject axe or a stylesheet; leave it off to
      test the site under its real Content-Security-Policy.

    Open pages with page.goto("/timeline/") (or base_url + path).  Every request that is
    not for the local server is aborted (and the external-request test
    reports it), so no test ever reaches the network.
    """
    yield from _context_opener(browser, base_url)


@pytest.fixture(scope="module")
def open_module_context(browser, base_url: str):
    """open_context whose contexts stay open until the module's last test: for a fixture
    that visits every page once and hands what it saw to several tests."""
    yield from _context_opener(browser, base_url)


def _context_opener(browser, base_url: str):
    opener = ContextOpener(browser, base_url)
    yield opener.open
    opener.close()


def assert_settings_applied(page, settings: dict[str, str]) -> None:
    """Fail unless <html> carries every chosen setting (so a state is really tested)."""
    problem = settings_not_applied(page, settings)
    assert problem is None, problem


@pytest.fixture(scope="session")
def check_settings_applied():
    """check_settings_applied(page, settings): fail unless <html> carries them."""
    return assert_settings_applied


@pytest.fixture(scope="session")
def settings_states() -> dict[str, dict[str, str]]:
    """State name -> {radio group name: value} (see SETTINGS_STATES)."""
    return SETTINGS_STATES


@pytest.fixture(scope="session")
def axe_path() -> str:
    """Path of axe.min.js from node_modules (installed by npm ci)."""
    if not AXE_JS.is_file():
        tool_missing(f"{AXE_JS} is missing (npm ci)")
    return str(AXE_JS)
