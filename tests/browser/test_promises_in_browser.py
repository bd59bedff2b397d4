"""Two promises only a browser can check: no cookies, and pages that print well.

"This site sets no cookies" (every page's footer says so): every script is used as a reader
would (the settings panel, the list filter, search, the menu) and the browser is asked for
its cookies. tests/test_promises.py scans the scripts themselves.

Paper: in print, the menu, the settings and the list filter are hidden, a link's address is
printed after its text, the footer prints the page's public address, and an entry's text
stays the size of the body text.
"""

from __future__ import annotations

import pytest

# Run before any script of the page: every read or write of document.cookie is counted, then
# done as the browser would, so that a cookie that is set is also in context.cookies().
COOKIE_WATCH = """(() => {
  const real = Object.getOwnPropertyDescriptor(Document.prototype, "cookie");
  window.__cookieUses = [];
  Object.defineProperty(Document.prototype, "cookie", {
    configurable: true,
    get() { window.__cookieUses.push("read"); return real.get.call(this); },
    set(value) { window.__cookieUses.push("write " + value); real.set.call(this, value); },
  });
})();"""


def cookie_uses(page) -> list[str]:
    return page.evaluate("() => window.__cookieUses.slice()")


def test_no_script_sets_or_reads_a_cookie_however_the_site_is_used(open_context):
    context = open_context()
    context.add_init_script(COOKIE_WATCH)
    page = context.new_page()
    seen: dict[str, list[str]] = {}

    def look(where: str) -> None:
        seen[where] = cookie_uses(page)

    page.goto("/")
    page.click("#settings-toggle")
    for radio in page.locator("#settings-panel input[type=radio]").all():
        radio.check(force=True)  # Styled radios: the label is what a reader clicks.
    page.click("#settings-reset")
    look("settings panel")

    page.goto("/timeline/")
    filter_links = page.locator("#list-filter a")
    assert filter_links.count() > 2
    filter_links.nth(1).click()
    page.wait_for_url("**/timeline/*/")
    filter_links.nth(filter_links.count() - 1).click()
    page.go_back()
    look("list filter")

    page.goto("/search/")
    page.fill("#search-query", "county lines")
    page.press("#search-query", "Enter")
    page.wait_for_function(
        "() => document.getElementById('search-status')?.textContent.includes('result')"
    )  # null while a new page loads
    look("search")

    page.locator(".site-nav a").last.click()
    page.wait_for_load_state("load")
    look("menu")

    assert seen == {"settings panel": [], "list filter": [], "search": [], "menu": []}
    assert context.cookies() == []
    assert page.evaluate("() => document.cookie") == ""


def test_the_cookie_watch_sees_a_script_that_sets_one(open_context):
    """The check above can fail: a cookie set by a script is counted and kept by the browser."""
    context = open_context()
    context.add_init_script(COOKIE_WATCH)
    page = context.new_page()
    page.goto("/")
    page.evaluate("() => { document.cookie = 'seen=1; path=/'; }")
    assert cookie_uses(page) == ["write seen=1; path=/"]
    assert [cookie["name"] for cookie in context.cookies()] == ["seen"]


# --- paper -------------------------------------------------------------------------------

# The filter's controls are not: what is chosen ("10 entries for 2021") stays, as the heading of
# what is printed.
HIDDEN_ON_PAPER = (".site-nav", ".settings-toggle", ".settings-panel", ".list-filter .filter-fold")


def displays(page, selectors) -> dict[str, str]:
    return page.evaluate(
        "(selectors) => Object.fromEntries(selectors.map(s => [s, getComputedStyle(document.querySelector(s)).display]))",
        list(selectors),
    )


def after(page, selector: str) -> tuple[str, str]:
    """The text of the first element matching `selector`, and what its ::after adds."""
    return tuple(page.eval_on_selector(selector, "a => [a.textContent, getComputedStyle(a, '::after').content]"))


def canonical(page) -> str:
    return page.eval_on_selector("link[rel=canonical]", "link => link.href")


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_on_paper_the_menu_settings_and_filter_are_hidden(open_context, javascript):
    page = open_context(javascript=javascript).new_page()
    page.goto("/timeline/")
    if javascript:
        page.click("#settings-toggle")  # Open, so that it is shown on screen.
    on_screen = displays(page, HIDDEN_ON_PAPER)
    shown = {s for s in HIDDEN_ON_PAPER if javascript or s not in (".settings-toggle", ".settings-panel")}
    assert all(on_screen[s] != "none" for s in shown), on_screen
    page.emulate_media(media="print")
    assert displays(page, HIDDEN_ON_PAPER) == {s: "none" for s in HIDDEN_ON_PAPER}
    assert page.locator(".list-filter .results-summary").inner_text().startswith("10 entries for all years")


def test_on_paper_a_link_is_followed_by_its_address(open_context):
    page = open_context().new_page()
    page.goto("/")
    selector = 'main a[data-print-href$="/plan/"]'
    assert after(page, selector)[1] == "none"  # Not on screen.
    page.emulate_media(media="print")
    text, address = after(page, selector)
    assert text == "Safer West Mercia Plan"
    assert address == f'" ({canonical(page)}plan/)"'  # The public address, not the relative link.
    page.goto("/accessibility/")
    text, address = after(page, 'main a[href="https://www.w3.org/TR/WCAG22/"]')
    assert (text, address) == ("Web Content Accessibility Guidelines version 2.2", '" (https://www.w3.org/TR/WCAG22/)"')


@pytest.mark.parametrize("path", ["/", "/timeline/2021/", "/glossary/"])
def test_on_paper_the_footer_gives_the_pages_public_address(open_context, path):
    page = open_context().new_page()
    page.goto(path)
    footer = page.locator(".site-footer .print-only")
    assert footer.is_hidden()
    page.emulate_media(media="print")
    assert footer.is_visible()
    assert canonical(page).startswith("https://")
    assert footer.inner_text() == f"Printed from {canonical(page)}"


def test_on_paper_an_entrys_text_is_the_size_of_the_body_text(open_context):
    page = open_context().new_page()
    page.goto("/timeline/")
    page.emulate_media(media="print")
    sizes = page.evaluate("""() => ({
        body: getComputedStyle(document.body).fontSize,
        entries: [...document.querySelectorAll('.entry-text p, .entry-text li')].map(e => getComputedStyle(e).fontSize),
        page: getComputedStyle(document.querySelector('main > p, main p')).fontSize,
    })""")
    assert sizes["body"] == "14.6667px"  # 11pt
    assert sizes["entries"] and set(sizes["entries"]) == {sizes["body"]}
    assert sizes["page"] == sizes["body"]
