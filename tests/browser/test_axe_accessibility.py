"""Every page passes axe-core's WCAG 2.2 AA checks, with and without the
site's JavaScript, at desktop and 320 px widths, and in every accessibility
settings state.

axe is injected into each page after it loads, so its contexts bypass the
site's Content-Security-Policy.  "Without the site's scripts" means requests
for /static/js/** are aborted while JavaScript stays on (axe needs it), which
is what a visitor sees when the scripts fail to load.  With the scripts on,
the settings-state checks open the settings panel so its controls are
checked too.

axe runs once per page and state: the default state at 320 px without the
site's scripts is read from the check of every page in that state.
"""

from __future__ import annotations

from collections import Counter

import pytest

# The checks' own code, which `build.py audit` runs on any site (sitegen/audit/).
from sitegen.audit.axe import axe_violations, open_axe_page

DESKTOP = 1280
NARROW = 320
MAX_LINES = 150


def assert_no_violations(lines: list[str], setting: str) -> None:
    """Fail with a per-rule summary followed by one line per violating node."""
    if not lines:
        return
    by_rule = Counter(line.split("[", 1)[1].split("]", 1)[0] for line in lines)
    pages = len({line.split("  ", 1)[0] for line in lines})
    summary = ", ".join(f"{rule} x{count}" for rule, count in by_rule.most_common())
    shown = lines[:MAX_LINES] + ([f"... and {len(lines) - MAX_LINES} more"] if len(lines) > MAX_LINES else [])
    pytest.fail(
        f"{len(lines)} axe violation(s) on {pages} page(s) {setting}\nby rule: {summary}\n" + "\n".join(shown),
        pytrace=False,
    )


# The check of every page without the site's scripts at 320 px, and the settings-state checks
# without them, on one pytest-xdist worker: the default state reads that check's results.
WITHOUT_SCRIPTS = pytest.mark.xdist_group("axe-without-the-site-scripts")


def test_every_page_has_no_axe_violations_with_javascript_at_desktop_width(
    open_context, base_url, page_paths, axe_path
):
    page = open_axe_page(open_context, axe_path, width=DESKTOP)
    violations = [line for path in page_paths for line in axe_violations(page, base_url, path)]
    assert_no_violations(violations, f"with JavaScript on at {DESKTOP}px")


@pytest.fixture(scope="module")
def every_page_without_scripts_at_320px(open_module_context, base_url, page_paths, axe_path) -> dict[str, list[str]]:
    """axe's findings on every page at 320 px with the site's scripts blocked, by path."""
    page = open_axe_page(open_module_context, axe_path, width=NARROW, site_scripts=False)
    return {path: axe_violations(page, base_url, path) for path in page_paths}


@WITHOUT_SCRIPTS
def test_every_page_has_no_axe_violations_without_the_site_scripts_at_320px(every_page_without_scripts_at_320px):
    violations = [line for lines in every_page_without_scripts_at_320px.values() for line in lines]
    assert_no_violations(violations, f"with the site's scripts blocked at {NARROW}px")


@pytest.mark.parametrize(
    "site_scripts", [pytest.param(True, id="js-on"), pytest.param(False, id="js-off", marks=WITHOUT_SCRIPTS)]
)
@pytest.mark.parametrize("width", [DESKTOP, NARROW], ids=[f"{DESKTOP}px", f"{NARROW}px"])
def test_each_page_type_has_no_axe_violations_in_every_settings_state(
    open_context,
    base_url,
    page_types,
    axe_path,
    settings_state,
    width,
    site_scripts,
    check_settings_applied,
    settings_states,
    request,
):
    settings = settings_states[settings_state]
    if not settings and width == NARROW and not site_scripts:
        # The very state that the check of every page without the site's scripts looks at.
        every_page = request.getfixturevalue("every_page_without_scripts_at_320px")
        violations = [line for path in page_types.values() for line in every_page[path]]
    else:
        page = open_axe_page(open_context, axe_path, width=width, site_scripts=site_scripts, settings=settings)
        violations = []
        for path in page_types.values():
            violations += axe_violations(page, base_url, path, open_settings=site_scripts)
            check_settings_applied(page, settings)
    assert_no_violations(
        violations,
        f"with settings {settings_state} {settings} at {width}px, "
        f"site scripts {'on (settings panel open)' if site_scripts else 'blocked'}",
    )


@pytest.mark.parametrize("width", [DESKTOP, NARROW], ids=[f"{DESKTOP}px", f"{NARROW}px"])
def test_each_page_type_has_no_axe_violations_in_dark_mode_in_every_settings_state(
    open_context, base_url, page_types, axe_path, settings_state, width, check_settings_applied, settings_states
):
    # The stylesheet has its own palette for devices set to dark mode.
    settings = settings_states[settings_state]
    page = open_axe_page(open_context, axe_path, width=width, settings=settings, color_scheme="dark")
    violations = []
    for path in page_types.values():
        violations += axe_violations(page, base_url, path, open_settings=True)
        check_settings_applied(page, settings)
        assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches")
    assert_no_violations(
        violations, f"in dark mode with settings {settings_state} {settings} at {width}px (settings panel open)"
    )
