"""After the JavaScript timeline filter changes the address, every link and resource still works.

The filter changes the address with pushState (/timeline/ becomes /timeline/2021/) without
loading a page, while the page's links are relative (so the site works in a sub-folder or
from a USB stick). These tests make several choices, go back, forward and reload, starting
from the whole timeline and from a deep view, at the server root and under the published
sub-path (/soc/), and after each step FOLLOW what the page links to: every link, stylesheet,
script, icon, feed, download and form the page has is requested and must answer 200 with
a page that is not "Page not found"; menu and footer links are clicked; a same-page link
(#main-content) must stay on the page. They run under the site's real
Content-Security-Policy.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest
import yaml
from tooling import REPO_ROOT

NOT_FOUND_TITLE = "Page not found"


def site_base_path() -> str:
    """The sub-path the site is published under ("/soc" for https://example.org/soc/), which the
    test server also serves it under (see conftest.py); "" for a site at the top of its host."""
    config = yaml.safe_load((REPO_ROOT / "site_config.yaml").read_text(encoding="utf-8"))
    path = urlparse(str(config.get("base_url", ""))).path.strip("/")
    return f"/{path}" if path else ""


# Every attribute that holds an address the browser resolves against the page's own address.
URLS_JS = """() => {
    const attributes = ["href", "src", "srcset", "action", "formaction", "poster", "data", "cite"];
    const found = [];
    for (const element of document.querySelectorAll("*")) {
        for (const name of attributes) {
            const value = element.getAttribute(name);
            if (value === null) continue;
            const candidates = name === "srcset"
                ? value.split(",").map(part => part.trim().split(/\\s+/)[0]).filter(Boolean) : [value];
            for (const raw of candidates) {
                found.push({
                    element: element.outerHTML.slice(0, 120),
                    raw: raw,
                    url: new URL(raw, document.baseURI).href,
                });
            }
        }
    }
    return found;
}"""


class LinkChecker:
    """Follows every address a page refers to, asking the server once per address."""

    def __init__(self, context, base_url: str, prefix: str):
        self.context = context
        self.base_url = base_url
        self.site = base_url + prefix + "/"  # The server also serves the site at its root: stay inside.
        self.answers: dict[str, str] = {}

    def answer(self, url: str) -> str:
        """'' if the address gives a real page or file, else what went wrong."""
        if url not in self.answers:
            response = self.context.request.get(url, max_redirects=5)
            body = response.text() if "html" in response.headers.get("content-type", "") else ""
            title = re.search(r"<title>(.*?)</title>", body, re.S)
            if response.status != 200:
                self.answers[url] = f"answered {response.status}"
            elif title and title.group(1).startswith(NOT_FOUND_TITLE):
                self.answers[url] = "opened the 'Page not found' page"
            else:
                self.answers[url] = ""
        return self.answers[url]

    def assert_everything_resolves(self, page, step: str) -> None:
        broken = []
        here = page.url.split("#", 1)[0]
        for found in page.evaluate(URLS_JS):
            url = found["url"]
            if not url.startswith(self.base_url + "/"):
                continue  # The licence, the canonical address: not this server's.
            if found["raw"].startswith("#"):
                # A same-page link: it must point into this page, at an element that exists.
                if url.split("#", 1)[0] != here or not page.evaluate(
                    "(id) => !!document.getElementById(id)", found["raw"][1:]
                ):
                    broken.append(f"{found['element']} -> {url} is not a place on this page")
                continue
            problem = self.answer(url.split("#", 1)[0]) if url.startswith(self.site) else f"is outside {self.site}"
            if problem:
                broken.append(f"{found['element']} -> {url} {problem}")
        assert not broken, f"{step} (at {page.url}): {len(broken)} broken addresses:\n" + "\n".join(broken[:40])


def watch_responses(page, base_url: str) -> list[str]:
    """Every request the page itself makes that fails (the icon, a stylesheet, a fetch...)."""
    failures: list[str] = []
    page.on(
        "response",
        lambda r: (
            failures.append(f"{r.url} answered {r.status}") if r.url.startswith(base_url) and r.status >= 400 else None
        ),
    )
    # (A request cut short because the page went elsewhere, ERR_ABORTED, is not a failure.)
    page.on(
        "requestfailed",
        lambda r: (
            failures.append(f"{r.url} failed: {r.failure}")
            if r.url.startswith(base_url) and "ERR_ABORTED" not in (r.failure or "")
            else None
        ),
    )
    return failures


def choose(page, prefix: str, base_url: str, kind: str, value: str, expected_path: str) -> None:
    page.locator(f'#list-filter a[data-{kind}="{value}"]').click()
    wait_for_address(page, base_url + prefix + expected_path)


def wait_for_address(page, url: str) -> None:
    page.wait_for_function("(u) => location.href.split('#')[0] === u", arg=url)


def wait_for_view(page, year: str, theme: str) -> None:
    """Until the filter shows this choice (after Back and Forward it redraws asynchronously)."""
    page.wait_for_function(
        """([year, theme]) => {
            const y = document.querySelector('#list-filter a[data-year][aria-current="true"]');
            const t = document.querySelector('#list-filter a[data-theme][aria-current="true"]');
            return y && t && y.dataset.year === year && t.dataset.theme === theme;
        }""",
        arg=[year, theme],
    )


def assert_stylesheets_loaded(page, step: str) -> None:
    sheets = page.evaluate("""() => Array.from(document.styleSheets).map(s => {
        try { return s.cssRules.length; } catch (e) { return -1; } })""")
    assert sheets and all(count > 0 for count in sheets), f"{step}: the stylesheet did not load ({sheets})"


def follow_by_clicking(page, selector: str, step: str) -> None:
    """Click a link that leaves the page, check where it lands, and come back."""
    link = page.locator(selector).first
    with page.expect_navigation() as navigation:
        link.click()
    response = navigation.value
    assert response is not None and response.status == 200, (
        f"{step}: clicking {selector} opened {page.url}, which answered {response and response.status}"
    )
    assert page.locator("h1").first.inner_text() != NOT_FOUND_TITLE, (
        f"{step}: clicking {selector} opened {page.url}: 'Page not found'"
    )
    page.go_back()


def assert_same_page_link_stays(page, step: str) -> None:
    """The skip link (#main-content) moves to the main content without loading another page."""
    before = page.url.split("#", 1)[0]
    page.evaluate("window.__stillThisDocument = true")
    page.locator("a.skip-link").focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => location.hash === '#main-content'")
    assert page.evaluate("window.__stillThisDocument === true"), f"{step}: the skip link loaded another page"
    assert page.url.split("#", 1)[0] == before, f"{step}: the skip link went to {page.url}, not {before}"


def check_step(page, links: LinkChecker, failures: list[str], step: str) -> None:
    links.assert_everything_resolves(page, step)
    assert_stylesheets_loaded(page, step)
    assert not failures, f"{step}: the page's own requests failed:\n" + "\n".join(failures)


@pytest.fixture(params=["at-the-root", "under-a-sub-path"])
def prefix(request) -> str:
    """Where the site is served: at the server's root, or under the published path (/soc)."""
    if request.param == "at-the-root":
        return ""
    if not site_base_path():
        pytest.skip("site_config.yaml's base_url has no sub-path to serve the site under")
    return site_base_path()


def test_links_work_after_choices_back_forward_and_reload_from_the_whole_timeline(open_context, base_url, prefix):
    context = open_context()
    page = context.new_page()
    failures = watch_responses(page, base_url)
    links = LinkChecker(context, base_url, prefix)
    page.goto(base_url + prefix + "/timeline/")
    check_step(page, links, failures, "on opening /timeline/")

    choose(page, prefix, base_url, "year", "2021", "/timeline/2021/")
    check_step(page, links, failures, "after choosing 2021")
    assert_same_page_link_stays(page, "after choosing 2021")
    choose(page, prefix, base_url, "theme", "drugs", "/timeline/2021/drugs/")
    check_step(page, links, failures, "after choosing 2021 then Drugs")
    choose(page, prefix, base_url, "year", "all", "/timeline/drugs/")
    check_step(page, links, failures, "after choosing All years")
    follow_by_clicking(page, '.site-nav a:text-is("Regional work")', "the menu after three choices")
    wait_for_address(page, base_url + prefix + "/timeline/drugs/")
    check_step(page, links, failures, "back from the menu link")

    page.go_back()
    wait_for_address(page, base_url + prefix + "/timeline/2021/drugs/")
    wait_for_view(page, "2021", "drugs")
    check_step(page, links, failures, "after Back")
    page.go_back()
    wait_for_address(page, base_url + prefix + "/timeline/2021/")
    wait_for_view(page, "2021", "all")
    check_step(page, links, failures, "after Back twice")
    page.go_forward()
    wait_for_address(page, base_url + prefix + "/timeline/2021/drugs/")
    wait_for_view(page, "2021", "drugs")
    check_step(page, links, failures, "after Forward")
    follow_by_clicking(page, '.footer-links a:text-is("Accessibility statement")', "the footer after Forward")
    wait_for_address(page, base_url + prefix + "/timeline/2021/drugs/")

    page.reload()
    wait_for_view(page, "2021", "drugs")
    check_step(page, links, failures, "after reloading /timeline/2021/drugs/")
    choose(page, prefix, base_url, "theme", "all", "/timeline/2021/")
    check_step(page, links, failures, "after reloading then choosing All themes")
    follow_by_clicking(page, ".site-title a", "the site title after a reload and a choice")


def test_links_work_after_choices_back_forward_and_reload_from_a_deep_view(open_context, base_url, prefix):
    # A deep view holds only its own entries: the first wider choice fetches the whole list
    # from /timeline/, whose links are written for that page's address.
    context = open_context()
    page = context.new_page()
    failures = watch_responses(page, base_url)
    links = LinkChecker(context, base_url, prefix)
    page.goto(base_url + prefix + "/timeline/2021/drugs/")
    check_step(page, links, failures, "on opening /timeline/2021/drugs/")

    choose(page, prefix, base_url, "year", "all", "/timeline/drugs/")
    check_step(page, links, failures, "after choosing All years (the whole list fetched)")
    choose(page, prefix, base_url, "theme", "all", "/timeline/")
    check_step(page, links, failures, "after choosing All themes")
    assert_same_page_link_stays(page, "after choosing All themes")
    choose(page, prefix, base_url, "year", "2019", "/timeline/2019/")
    check_step(page, links, failures, "after choosing 2019")
    follow_by_clicking(page, '.site-nav a:text-is("Overview")', "the menu after three choices")
    wait_for_address(page, base_url + prefix + "/timeline/2019/")
    check_step(page, links, failures, "back from the menu link")

    page.go_back()  # To /timeline/#main-content, where the skip link took us.
    wait_for_address(page, base_url + prefix + "/timeline/")
    wait_for_view(page, "all", "all")
    check_step(page, links, failures, "after Back")
    page.go_back()
    page.wait_for_function("() => location.hash === ''")
    check_step(page, links, failures, "after Back past the skip link")
    page.go_back()
    wait_for_address(page, base_url + prefix + "/timeline/drugs/")
    wait_for_view(page, "all", "drugs")
    page.go_back()
    wait_for_address(page, base_url + prefix + "/timeline/2021/drugs/")
    wait_for_view(page, "2021", "drugs")
    check_step(page, links, failures, "after Back to the view the page opened with")
    page.go_forward()
    wait_for_address(page, base_url + prefix + "/timeline/drugs/")
    wait_for_view(page, "all", "drugs")
    check_step(page, links, failures, "after Forward")
    page.reload()
    check_step(page, links, failures, "after reloading /timeline/drugs/")
    follow_by_clicking(page, '.footer-links a:text-is("Open data")', "the footer after a reload")


def test_the_canonical_address_follows_the_view(open_context, base_url):
    # Shared or printed, the page names the view it shows, not the one it was opened at.
    page = open_context().new_page()
    page.goto(base_url + "/timeline/2021/drugs/")
    canonical = page.locator('link[rel="canonical"]').get_attribute("href")
    assert canonical.endswith("/timeline/2021/drugs/")
    choose(page, "", base_url, "year", "all", "/timeline/drugs/")
    expected = canonical.replace("/timeline/2021/drugs/", "/timeline/drugs/")
    assert page.locator('link[rel="canonical"]').get_attribute("href") == expected
    assert page.locator('meta[property="og:url"]').get_attribute("content") == expected
    assert page.locator(".site-footer .print-only").inner_text() == f"Printed from {expected}"


def test_when_the_whole_list_cannot_be_fetched_the_static_page_opens_with_working_links(open_context, base_url):
    # Offline, say: the filter falls back to the plain link, a page load of the static view.
    context = open_context()
    page = context.new_page()
    links = LinkChecker(context, base_url, "")
    page.route(
        base_url + "/timeline/",
        lambda route: (
            route.abort("internetdisconnected") if route.request.resource_type == "fetch" else route.continue_()
        ),
    )
    page.goto(base_url + "/timeline/2021/drugs/")
    page.evaluate("window.__stillThisDocument = true")
    page.locator('#list-filter a[data-year="all"]').click()
    wait_for_address(page, base_url + "/timeline/drugs/")
    page.wait_for_load_state("load")
    assert page.evaluate("window.__stillThisDocument") is None, "the static page should have been loaded"
    wait_for_view(page, "all", "drugs")
    links.assert_everything_resolves(page, "after the fallback to the static page")
