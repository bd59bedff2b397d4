"""On a 390 x 844 phone (issue 21): after a year or theme is chosen, the folded choices close
and the results heading and count are on the screen, not 900 px below it; the count, the one
live region, changes once for each choice."""

from __future__ import annotations

import pytest

PHONE = {"width": 390, "height": 844}

IN_VIEW_JS = """(id) => {
  const box = document.getElementById(id).getBoundingClientRect();
  return box.top >= 0 && box.bottom <= window.innerHeight;
}"""

RECORD_COUNT_CHANGES_JS = """() => {
  window.countChanges = [];
  const count = document.getElementById('list-count');
  new MutationObserver(() => window.countChanges.push(count.textContent))
    .observe(count, { childList: true, characterData: true, subtree: true });
}"""


@pytest.mark.parametrize(
    ("choice", "path", "count"),
    [('a[data-year="2021"]', "/timeline/2021/", "entries"), ('a[data-theme="drugs"]', "/timeline/drugs/", "entr")],
)
def test_after_a_choice_on_a_phone_the_results_heading_and_count_come_into_view(open_context, choice, path, count):
    page = open_context(**PHONE).new_page()
    page.goto("/timeline/")
    page.evaluate(RECORD_COUNT_CHANGES_JS)
    page.locator("#filter-fold > summary").click()
    link = page.locator(f"#list-filter {choice}")
    link.scroll_into_view_if_needed()
    link.click()
    page.wait_for_function("(p) => location.pathname === p", arg=path)
    page.wait_for_function("() => !document.getElementById('filter-fold').open")
    assert page.evaluate(IN_VIEW_JS, "results-heading"), "the results heading must be on the screen"
    assert page.evaluate(IN_VIEW_JS, "list-count"), "the count must be on the screen"
    assert page.evaluate("document.activeElement.matches('#filter-fold > summary')")  # not lost in the closed fold
    changes = page.evaluate("window.countChanges")
    assert len(changes) == 1 and count in changes[0], changes  # announced once, the count alone
    assert page.locator("#list-count").get_attribute("aria-live") == "polite"


def test_by_keyboard_the_choice_closes_the_fold_and_the_next_tab_reaches_the_results(open_context):
    page = open_context(**PHONE).new_page()
    page.goto("/timeline/")
    page.locator("#filter-fold > summary").focus()
    page.keyboard.press("Enter")
    page.locator('#list-filter a[data-year="2022"]').focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => location.pathname === '/timeline/2022/'")
    page.wait_for_function("() => !document.getElementById('filter-fold').open")
    page.keyboard.press("Tab")
    inside = page.evaluate("document.activeElement.closest('#list-items') !== null")
    assert inside, page.evaluate("document.activeElement.outerHTML")


def test_on_a_wide_screen_a_choice_leaves_the_choices_open_and_the_focus_on_the_link(open_context):
    page = open_context(width=1280).new_page()
    page.goto("/timeline/")
    page.locator('#list-filter a[data-year="2021"]').click()
    page.wait_for_function("() => location.pathname === '/timeline/2021/'")
    assert page.locator('#list-filter a[data-year="2022"]').is_visible()
    assert page.evaluate("document.activeElement.getAttribute('data-year')") == "2021"
