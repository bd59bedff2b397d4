"""The second site (tests/sites/lindmere-fire/) in a real browser: axe-core finds nothing on
any page, its year filter works with JavaScript, and the Nu Html Checker finds no errors.

The site is built with --strict by `build.py`, as CI builds the real site, and served like
the real one (at the server root and under its published sub-path, /safety). This module
gives conftest's `open_context` its own `base_url`, so every context opens this site.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections import Counter
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from other_sites import copy_second_site, run_build_py
from tooling import REPO_ROOT, tool_missing

from sitegen.audit.serving import served

PUBLISHED_PATH = "/safety"  # from its base_url, https://www.lindmere-fire.gov.uk/safety/
AXE_OPTIONS = {  # As tests/browser/test_axe_accessibility.py runs it on the real site.
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "rules": {"duplicate-id": {"enabled": True}},
    "resultTypes": ["violations"],
}
VNU_JAR = REPO_ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@pytest.fixture(scope="module")
def second_site_dir(tmp_path_factory) -> Path:
    project = copy_second_site(tmp_path_factory.mktemp("second-site") / "lindmere-fire")
    output = tmp_path_factory.mktemp("second-site-built") / "site"
    result = run_build_py("--strict", "--project", str(project), "--output", str(output))
    assert result.returncode == 0, result.stderr
    return output


@pytest.fixture(scope="module")
def base_url(second_site_dir):
    """Overrides conftest's: `open_context` opens the second site."""
    with served(second_site_dir, PUBLISHED_PATH) as url:  # At the root and under the published path.
        yield url


@pytest.fixture(scope="module")
def second_site_pages(second_site_dir) -> list[str]:
    """Every HTML page's address below the site's root: "/", "/water-safety/rescues/2019/", "/404.html"."""
    paths = []
    for file in sorted(second_site_dir.rglob("*.html")):
        relative = file.relative_to(second_site_dir).as_posix()
        paths.append("/" + (relative[: -len("index.html")] if relative.endswith("index.html") else relative))
    assert {
        "/",
        "/water-safety/campaigns/2024/schools/",
        "/home-fire-safety/partners/",
        "/about-us/",
        "/404.html",
    } <= set(paths)
    return paths


def axe_violations(page, base_url: str, path: str) -> list[str]:
    """axe's findings on one page (axe is already in every page: see `axe_violations_of_every_page`)."""
    response = page.goto(base_url + path, wait_until="load")
    assert response is not None and response.ok, f"{path} answered {response and response.status}"
    results = page.evaluate("(options) => axe.run(document, options)", AXE_OPTIONS)
    return [
        f"{path}  [{violation['id']}] {' '.join(map(str, node['target']))} -- {violation['help']}"
        for violation in results["violations"]
        for node in violation["nodes"]
    ]


def axe_violations_of_every_page(
    context, axe_path: str, base_url: str, paths: list[str], redirects: set[str]
) -> list[str]:
    # axe is put into every page as it opens, rather than added to each after it loads: the
    # same checks, without sending its half a megabyte to the browser once per page.
    context.add_init_script(path=axe_path)
    page = context.new_page()
    lines = []
    for path in paths:
        if path in redirects:
            lines += redirect_page_violations(context, base_url, path)
        else:
            lines += axe_violations(page, base_url, path)
    return lines


def redirect_page_violations(context, base_url: str, path: str) -> list[str]:
    """A page left at an old address leads on at once (meta refresh). To check the page itself,
    the way on answers 204 No Content, which leaves the browser on the page as it is."""
    page = context.new_page()

    def route(route, request) -> None:
        if request.is_navigation_request() and request.url != base_url + path:
            route.fulfill(status=204)
        else:
            route.fallback()

    page.route("**/*", route)
    try:
        lines = axe_violations(page, base_url, path)
        assert page.url == base_url + path and page.locator("h1").text_content().endswith(" has moved")
        return lines
    finally:
        page.close()


@pytest.fixture(scope="module")
def redirect_pages(second_site_dir, second_site_pages) -> set[str]:
    """The pages at old addresses: "/about-us/", "/who-we-are/"."""
    found = {
        path
        for path in second_site_pages
        if 'http-equiv="refresh"'
        in (second_site_dir / (path.lstrip("/") + ("index.html" if path.endswith("/") else ""))).read_text()
    }
    assert found == {"/about-us/", "/who-we-are/"}
    return found


def assert_no_violations(lines: list[str], setting: str) -> None:
    if lines:
        by_rule = Counter(line.split("[", 1)[1].split("]", 1)[0] for line in lines)
        pytest.fail(
            f"{len(lines)} axe violation(s) {setting}: {dict(by_rule)}\n" + "\n".join(lines[:150]), pytrace=False
        )


def test_every_page_has_no_axe_violations_with_javascript_at_1280px(
    open_context, base_url, second_site_pages, axe_path, redirect_pages
):
    context = open_context(width=1280, bypass_csp=True)
    lines = axe_violations_of_every_page(context, axe_path, base_url, second_site_pages, redirect_pages)
    assert_no_violations(lines, "with JavaScript on at 1280px")


def test_every_page_has_no_axe_violations_without_the_site_scripts_at_320px(
    open_context, base_url, second_site_pages, axe_path, redirect_pages
):
    context = open_context(width=320, site_scripts=False, bypass_csp=True)
    lines = axe_violations_of_every_page(context, axe_path, base_url, second_site_pages, redirect_pages)
    assert_no_violations(lines, "with the site's scripts blocked at 320px")


def broken_addresses(page, context, base_url: str) -> list[str]:
    """Every address the page refers to (links, stylesheet, scripts, icon) that does not give a real file."""
    urls = page.evaluate("""() => Array.from(document.querySelectorAll("[href], [src]"),
        element => new URL(element.getAttribute("href") ?? element.getAttribute("src"), document.baseURI).href)""")
    broken = []
    for url in sorted(set(urls)):
        if not url.startswith(base_url + "/"):
            continue  # Another site's address (the licence, the EASS): never requested by the tests.
        response = context.request.get(url.split("#")[0])
        if response.status != 200 or "<title>Page not found" in response.text():
            broken.append(f"{url} ({response.status})")
    return broken


@pytest.mark.parametrize("prefix", ["", PUBLISHED_PATH], ids=["server-root", "published-sub-path"])
def test_choosing_a_year_filters_the_timeline_in_place_and_every_link_still_works(open_context, base_url, prefix):
    context = open_context(width=1280)
    page = context.new_page()
    page.goto(f"{base_url}{prefix}/water-safety/rescues/")
    page.evaluate("() => { window.notReloaded = true; }")
    assert page.locator("#list-count").text_content() == "5 rescues"

    page.locator("#list-filter a[data-year='2021']").click()

    page.wait_for_url(f"{base_url}{prefix}/water-safety/rescues/2021/")
    assert page.evaluate("() => window.notReloaded === true"), "the filter loaded a page instead of filtering"
    assert page.locator("#list-count").text_content() == "1 rescue"
    assert page.locator("#list-view").text_content() == "for 2021"
    shown = page.locator("#list-items > li:not([hidden])")
    assert shown.count() == 1 and "flooding on the River Lind" in shown.text_content()
    assert page.locator("#list-filter a[data-year='2021']").get_attribute("aria-current") == "true"
    assert broken_addresses(page, context, base_url) == []
    # Made absolute, for the address the page was opened at, before the filter changed the address.
    stylesheet = page.locator("link[rel=stylesheet]").get_attribute("href")
    assert stylesheet == f"{base_url}{prefix}/static/css/site.css"

    page.locator("#list-filter a[data-year='2023']").click()
    page.wait_for_url(f"{base_url}{prefix}/water-safety/rescues/2023/")
    assert page.locator("#list-count").text_content() == "1 rescue"
    page.get_by_role("link", name="cold water campaign").click()  # A link in an item, after two choices.
    page.wait_for_url(f"{base_url}{prefix}/water-safety/campaigns/cold-water-shock/")
    assert (
        page.locator("h1").text_content() == "Campaigns: cold water shock"
    )  # The menu's name for the list, and the theme shown.
    assert page.locator("#list-count").text_content() == "2 campaigns"


def test_choosing_a_year_filters_a_plain_list_in_place(open_context, base_url):
    page = open_context(width=320).new_page()
    page.goto(f"{base_url}/home-fire-safety/visits/")
    page.locator("#filter-fold > summary").click()  # On a phone the choices are folded away.
    page.locator("#list-filter a[data-year='2024']").click()
    page.wait_for_url(f"{base_url}/home-fire-safety/visits/2024/")
    assert page.locator("#list-count").text_content() == "2 programmes"
    assert page.locator("#list-items > li:not([hidden])").count() == 2
    page.go_back()
    page.wait_for_url(f"{base_url}/home-fire-safety/visits/")
    assert page.locator("#list-count").text_content() == "4 programmes"


def test_choosing_a_financial_year_filters_the_payments_in_place_with_the_year_as_written(open_context, base_url):
    """Issue 23: a list of financial years offers 2023/24 (address 2023-24/), filters in place and
    says the year as a public body writes it."""
    page = open_context(width=1280).new_page()
    page.goto(f"{base_url}/money/spending/")
    page.evaluate("() => { window.notReloaded = true; }")
    page.locator("#list-filter a[data-year='2024-25']").click()
    page.wait_for_url(f"{base_url}/money/spending/2024-25/")
    assert page.evaluate("() => window.notReloaded === true"), "the filter loaded a page instead of filtering"
    assert page.locator("#list-count").text_content() == "3 payments"
    assert page.locator("#list-view").text_content() == "for 2024/25"
    assert (
        page.locator("#list-heading").text_content() == "Spending: 2024/25"
    )  # The menu's name for the list, then the year as written
    assert page.locator("#list-items > li:not([hidden])").count() == 3


def test_every_page_has_no_nu_html_checker_errors(second_site_dir):
    java = shutil.which("java")
    if java is None or not VNU_JAR.is_file():
        tool_missing("java or node_modules/vnu-jar is missing (scripts/setup-test-tools.sh)")
    result = subprocess.run(
        [
            java,
            "-jar",
            str(VNU_JAR),
            "--errors-only",
            "--skip-non-html",
            "--format",
            "json",
            "--stdout",
            str(second_site_dir),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    messages = json.loads(result.stdout).get("messages", [])
    errors = [
        f"{unquote(urlparse(m.get('url', '')).path)}:{m.get('lastLine')}: {m.get('message')}"
        for m in messages
        if m.get("type") in ("error", "non-document-error") or m.get("subType") == "fatal"
    ]
    assert errors == []
    assert result.returncode == 0
