"""Reflow and text spacing (WCAG 1.4.10, 1.4.12, 1.4.4): content fits a
320 px wide screen without scrolling sideways, survives the WCAG text-spacing
overrides without clipping, and fits at 200 % text size.

Styles are injected into the page, so these contexts bypass the site's
Content-Security-Policy.
"""

from __future__ import annotations

import pytest

# The checks' own code, which `build.py audit` runs on any site (sitegen/audit/).
from sitegen.audit.reflow import CLIPPED_JS, DOUBLE_TEXT_CSS, TEXT_SPACING_CSS, horizontal_overflow, load_page


def visit(page, url: str, css: str | None = None) -> None:
    failed = load_page(page, url, css)
    assert failed is None, failed


MAX_LINES = 150


def report(problems: list[str], what: str) -> None:
    if problems:
        pages = len({problem.split(":", 1)[0] for problem in problems})
        shown = problems[:MAX_LINES] + (
            [f"... and {len(problems) - MAX_LINES} more"] if len(problems) > MAX_LINES else []
        )
        pytest.fail(f"{len(problems)} problem(s) on {pages} page(s) {what}:\n" + "\n".join(shown), pytrace=False)


def test_every_page_fits_320px_without_horizontal_scrolling(open_context, base_url, page_paths):
    page = open_context(width=320, bypass_csp=True).new_page()
    problems = []
    for path in page_paths:
        visit(page, base_url + path)
        problems += filter(None, [horizontal_overflow(page, path)])
    report(problems, "at 320px wide")


@pytest.mark.parametrize("width", [320, 1280], ids=["320px", "1280px"])
def test_every_page_survives_wcag_text_spacing_without_clipping(open_context, base_url, page_paths, width):
    page = open_context(width=width, bypass_csp=True).new_page()
    problems = []
    for path in page_paths:
        visit(page, base_url + path, TEXT_SPACING_CSS)
        problems += filter(None, [horizontal_overflow(page, path)])
        problems += [f"{path}: clipped: {item}" for item in page.evaluate(CLIPPED_JS)]
    report(problems, f"with WCAG 1.4.12 text spacing at {width}px")


def test_every_page_fits_at_200_percent_text_size(open_context, base_url, page_paths):
    # 200 % text in a 1280 px window is the same reflow as 100 % at 640 px
    # with the root font size doubled.
    page = open_context(width=640, bypass_csp=True).new_page()
    problems = []
    for path in page_paths:
        visit(page, base_url + path, DOUBLE_TEXT_CSS)
        problems += filter(None, [horizontal_overflow(page, path)])
        problems += [f"{path}: clipped: {item}" for item in page.evaluate(CLIPPED_JS)]
    report(problems, "at 200% text size in a 640px window")


def test_each_page_type_fits_320px_in_every_settings_state(
    open_context, base_url, page_types, settings_states, settings_state, check_settings_applied
):
    settings = settings_states[settings_state]
    page = open_context(width=320, settings=settings, bypass_csp=True).new_page()
    problems = []
    for path in page_types.values():
        visit(page, base_url + path)
        check_settings_applied(page, settings)
        # The settings panel is open, as it is while a reader changes these choices.
        page.locator("#settings-toggle").click()
        page.locator("#settings-panel").wait_for(state="visible")
        problems += filter(None, [horizontal_overflow(page, path)])
        problems += [f"{path}: clipped: {item}" for item in page.evaluate(CLIPPED_JS)]
    report(problems, f"at 320px with settings {settings_state} {settings}")
