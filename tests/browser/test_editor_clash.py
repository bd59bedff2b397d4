"""Two windows change the same item in a real browser: the second sees both versions side by
side, can combine them, and the screen has no axe violations, with or without scripts, on a
phone and on a desktop."""

from __future__ import annotations

import pytest
from test_axe_accessibility import assert_no_violations
from test_editor import new_page, start_editor_site

from sitegen.audit.axe import violations_on_this_page

TIMELINE = "content/timeline.yaml"
ITEM = f"/edit/item?file={TIMELINE}&index=1"


@pytest.fixture
def site(make_project, tmp_path):
    root = make_project()
    server, log, _remote, url = start_editor_site(root, tmp_path)
    yield root, url
    server.terminate()
    server.wait(timeout=10)
    log.close()


def clash_screen(browser, url: str, width: int, scripts: bool, words: str):
    """Window one and window two open item 2; one saves; two saves its own words: the clash screen."""
    first, one = new_page(browser, url, width=width, bypass_csp=True, block_scripts=not scripts)
    second, two = new_page(browser, url, width=width, bypass_csp=True, block_scripts=not scripts)
    one.goto(ITEM)
    two.goto(ITEM)
    one.get_by_label("Text").fill(f"Saved first {words}.")
    one.get_by_role("button", name="Save").click()
    one.wait_for_url("**/edit/list**")
    two.get_by_label("Text").fill(f"Typed second {words}.")
    two.get_by_role("button", name="Save").click()
    two.get_by_role("heading", name="Someone else changed this while you were editing it").wait_for()
    two.wait_for_load_state("load")  # Its stylesheet applied: the tests read innerText and widths.
    first.close()
    return second, two


def test_the_second_sees_both_versions_and_combines_them(browser, site):
    root, url = site
    context, page = clash_screen(browser, url, 1280, True, "combined")
    assert "Nothing has been saved yet" in page.get_by_role("region", name="Important").inner_text()
    table = page.get_by_role("table", name="Item 2")
    assert "Typed second combined." in table.inner_text() and "Saved first combined." in table.inner_text()
    field = page.get_by_label("Item 2")
    assert field.input_value() == "Typed second combined."  # nothing typed is lost
    field.fill("Both of our words.")
    page.get_by_role("button", name="Save the combined version").click()
    page.wait_for_url("**/edit/list**")
    assert "Both of our words." in (root / TIMELINE).read_text(encoding="utf-8")
    context.close()


def test_the_clash_screen_has_no_axe_violations(browser, site, axe_path):
    _root, url = site
    lines = []
    for number, (width, scripts) in enumerate(((320, True), (1280, True), (1280, False))):
        context, page = clash_screen(browser, url, width, scripts, f"round {number}")
        lines += violations_on_this_page(page, axe_path, f"clash {width}px")
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width, f"clash at {width}"
        context.close()
    assert_no_violations(lines, "on the screen for two versions of one item")
