"""Readers on phones (issue 13), in a 320 x 568 screen: every kind of page shows its heading in
the first screen, with and without JavaScript; the compact menu works by keyboard; the
timeline's filter folds away but still says what is chosen and how many entries match; the
search box in the header works without JavaScript; headings follow the filter; print keeps
entry text at body size; overdue steps follow the reader's date. axe-core checks the states
that only appear here (menu open, filter open)."""

from __future__ import annotations

import functools
import http.server
import threading

import pytest
from test_axe_accessibility import assert_no_violations
from test_keyboard_journeys import _assert, eventually, is_focused, static_title, tab_to

from sitegen.audit.keyboard import COLOUR_HELPERS_JS, contrast_ratio, focused
from sitegen.pipeline import render_project
from sitegen.read.project_files import read_project

PHONE = {"width": 320, "height": 568}

# One page of each kind.
PAGE_KINDS = {
    "home": "/",
    "page": "/plan/",
    "timeline": "/timeline/",
    "timeline year": "/timeline/2021/",
    "timeline theme": "/timeline/drugs/",
    "timeline year and theme": "/timeline/2021/drugs/",
    "plain list": "/funded-services/",
    "steps": "/next-steps/",
    "glossary": "/glossary/",
    "open data": "/data/",
    "search": "/search/",
    "search results": "/search/?q=county+lines",
    "not found": "/404.html",
    "accessibility statement": "/accessibility/",
    "privacy notice": "/privacy/",
}

SCRIPT_STATES = {
    "javascript": dict(),
    "site-scripts-blocked": dict(site_scripts=False),
    "javascript-off": dict(javascript=False),
}

H1_BOX_JS = """() => {
    const headings = Array.from(document.querySelectorAll('h1'));
    const box = headings[0].getBoundingClientRect();
    return {count: headings.length, top: box.top, bottom: box.bottom, visible: headings[0].checkVisibility(),
            scrollY: window.scrollY, text: headings[0].textContent.trim()};
}"""


def phone(open_context, **options):
    return open_context(width=PHONE["width"], height=PHONE["height"], **options).new_page()


@pytest.mark.parametrize("state", list(SCRIPT_STATES))
def test_every_kind_of_page_shows_its_heading_in_the_first_screen(open_context, state):
    page = phone(open_context, **SCRIPT_STATES[state])
    problems = []
    for kind, path in PAGE_KINDS.items():
        response = page.goto(path, wait_until="load")
        assert response is not None and (response.ok or kind == "not found"), f"{path}: {response and response.status}"
        box = page.evaluate(H1_BOX_JS)
        if not (
            box["count"] == 1
            and box["visible"]
            and box["scrollY"] == 0
            and box["top"] >= 0
            and box["bottom"] <= PHONE["height"]
        ):
            problems.append(
                f"{kind} {path}: h1 {box['text']!r} from {box['top']:.0f} to {box['bottom']:.0f} px "
                f"(scrolled {box['scrollY']}), {box['count']} h1"
            )
    assert not problems, f"with {state}, in a {PHONE['width']} x {PHONE['height']} screen:\n" + "\n".join(problems)


# --- the compact menu ----------------------------------------------------------------------


def menu_open(page) -> bool:
    return page.evaluate("document.getElementById('site-menu').checkVisibility()")


def test_the_menu_opens_is_tabbed_through_and_closes_with_escape_by_keyboard(open_context):
    page = phone(open_context)
    page.goto("/timeline/2021/")
    toggle = page.locator("#menu-toggle")
    assert toggle.is_visible() and not page.locator("#menu-link").is_visible()
    assert toggle.get_attribute("aria-controls") == "site-menu"
    assert toggle.get_attribute("aria-expanded") == "false" and not menu_open(page)
    box = toggle.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44

    tab_to(page, "#menu-toggle")
    page.keyboard.press("Enter")
    eventually(
        lambda: _assert(
            toggle.get_attribute("aria-expanded") == "true" and menu_open(page),
            "Enter on Menu must open the menu and set aria-expanded=true",
        )
    )

    names = page.locator("#site-menu a").all_inner_texts()
    assert len(names) >= 2
    for name in names:  # Tab goes straight from the button through every link of the menu, in order.
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent.trim()") == name, (
            f"Tab reached {focused(page)!r}, expected the menu link {name!r}"
        )
        # (Within a pixel: the browser scrolls a focused link just into view, to a fraction of a pixel.)
        assert page.evaluate("""() => { const r = document.activeElement.getBoundingClientRect();
                                  return r.top >= -1 && r.bottom <= innerHeight + 1; }"""), f"{name} is out of view"

    page.keyboard.press("Escape")
    eventually(
        lambda: _assert(
            toggle.get_attribute("aria-expanded") == "false" and not menu_open(page),
            "Escape inside the menu must close it",
        )
    )
    assert is_focused(page, "#menu-toggle"), f"after Escape focus is on {focused(page)!r}, not the Menu button"

    page.keyboard.press("Space")
    eventually(lambda: _assert(menu_open(page), "Space on Menu must open it again"))
    page.keyboard.press("Escape")
    eventually(lambda: _assert(not menu_open(page), "Escape on the Menu button must close the menu"))
    assert is_focused(page, "#menu-toggle")


def test_escape_elsewhere_leaves_the_menu_and_focus_alone(open_context):
    page = phone(open_context)
    page.goto("/plan/")
    page.click("#menu-toggle")
    page.locator("#header-search-query").focus()
    page.keyboard.press("Escape")
    assert menu_open(page) and is_focused(page, "#header-search-query")


@pytest.mark.parametrize("state", ["javascript-off", "site-scripts-blocked"])
def test_without_javascript_a_menu_link_opens_the_list(open_context, state):
    page = phone(open_context, **SCRIPT_STATES[state])
    page.goto("/timeline/2021/")
    link = page.locator("#menu-link")
    assert link.is_visible() and link.inner_text().strip() == "Menu"
    assert link.get_attribute("href") == "#site-menu"
    assert not page.locator("#menu-toggle").is_visible() and not menu_open(page)

    tab_to(page, "#menu-link")
    page.keyboard.press("Enter")
    eventually(lambda: _assert(menu_open(page), "following the Menu link must show the menu"))
    in_view = page.evaluate("""() => { const r = document.getElementById('site-menu').getBoundingClientRect();
                                 return r.top >= 0 && r.top < innerHeight; }""")
    assert in_view, "the menu must be in view once its link is followed"
    page.keyboard.press("Tab")
    first = page.locator("#site-menu a").first.inner_text().strip()
    assert page.evaluate("document.activeElement.textContent.trim()") == first, (
        f"Tab after the Menu link reached {focused(page)!r}, not the menu's first link"
    )


@pytest.mark.parametrize("state", list(SCRIPT_STATES))
def test_on_wide_screens_the_menu_is_always_shown(open_context, state):
    page = open_context(width=1280, **SCRIPT_STATES[state]).new_page()
    page.goto("/glossary/")
    assert menu_open(page)
    assert not page.locator("#menu-link").is_visible() and not page.locator("#menu-toggle").is_visible()


# --- the timeline's filter ------------------------------------------------------------------

FIRST_ENTRY_TOP_JS = "() => document.querySelector('#list-items > li').getBoundingClientRect().top + scrollY"


@pytest.mark.parametrize("state", list(SCRIPT_STATES))
def test_on_a_phone_the_filter_folds_away_but_says_what_is_chosen_and_how_many_match(open_context, state):
    page = phone(open_context, **SCRIPT_STATES[state])
    page.goto("/timeline/2021/drugs/")
    year = page.locator('#list-filter a[data-year="2022"]')
    assert not year.is_visible(), "the year and theme choices must be folded away on a phone"
    summary = page.locator("#list-filter .results-summary")
    assert summary.is_visible()
    assert " ".join(summary.inner_text().split()) == "1 entry for drugs, 2021"
    # The first entry is no longer three screens down (it was at about 1,580 px).
    assert page.evaluate(FIRST_ENTRY_TOP_JS) < 2 * PHONE["height"]

    page.locator("#filter-fold > summary").click()
    assert year.is_visible()
    assert page.locator('#list-filter a[data-theme="drugs"][aria-current="true"]').is_visible()


@pytest.mark.parametrize("state", list(SCRIPT_STATES))
def test_on_a_wide_screen_the_filter_choices_are_shown_without_a_click(open_context, state):
    page = open_context(width=1280, **SCRIPT_STATES[state]).new_page()
    page.goto("/timeline/")
    assert page.locator('#list-filter a[data-year="2022"]').is_visible()
    assert page.locator('#list-filter a[data-theme="drugs"]').is_visible()
    assert not page.locator("#filter-fold > summary").is_visible()


def test_the_filter_changes_heading_title_and_count_alike(open_context, site_dir):
    page = open_context(width=1280).new_page()
    page.goto("/timeline/")
    for selector, path in (
        ('a[data-year="2021"]', "/timeline/2021/"),
        ('a[data-theme="drugs"]', "/timeline/2021/drugs/"),
        ('a[data-year="all"]', "/timeline/drugs/"),
        ('a[data-theme="all"]', "/timeline/"),
    ):
        page.click(f"#list-filter {selector}")
        page.wait_for_function("(p) => location.pathname === p", arg=path)
        static = (site_dir / path.strip("/") / "index.html").read_text(encoding="utf-8")
        static_h1 = static.split('<h1 id="list-heading">', 1)[1].split("</h1>", 1)[0]
        static_count = static.split('aria-atomic="true">', 1)[1].split("</span>", 1)[0]
        eventually(
            lambda path=path, static_h1=static_h1: _assert(
                page.evaluate("document.getElementById('list-heading').innerHTML") == static_h1,
                f"{path}: the heading must read as the static page's: {static_h1!r}",
            )
        )
        assert page.title() == static_title(site_dir, path)
        assert page.locator("#list-count").inner_text() == static_count


# --- search from every page -----------------------------------------------------------------


@pytest.mark.parametrize("path", ["/timeline/2021/drugs/", "/404.html"])
def test_the_header_search_box_works_without_javascript(open_context, base_url, path):
    page = phone(open_context, javascript=False)
    page.goto(path)
    page.fill("#header-search-query", "county lines")
    with page.expect_navigation():
        page.press("#header-search-query", "Enter")
    assert page.url.split("?", 1)[1] == "q=county+lines"
    assert page.url.split("?", 1)[0].endswith("/search/")
    assert page.locator("h1").inner_text() == "Search"


def test_the_search_page_shows_results_for_the_words_from_the_header(open_context):
    page = phone(open_context)
    page.goto("/glossary/")
    page.fill("#header-search-query", "county lines")
    page.press("#header-search-query", "Enter")
    page.wait_for_url("**/search/?q=county+lines")
    page.wait_for_function(
        "() => document.getElementById('search-status')?.textContent.includes('result')"
    )  # null while a new page loads
    assert page.locator("#search-query").input_value() == "county lines"
    assert page.locator("#search-results a").count() > 0


# --- paper -------------------------------------------------------------------------------------


def test_print_keeps_entry_text_at_body_size(open_context):
    page = open_context(width=800).new_page()
    page.goto("/timeline/2021/")
    page.emulate_media(media="print")
    sizes = page.evaluate("""() => {
        const size = (selector) => parseFloat(getComputedStyle(document.querySelector(selector)).fontSize);
        return {body: size('body'), text: size('.entry-text p'), meta: size('.entry-meta'),
                period: size('.timeline-period'), footer: size('.site-footer')};
    }""")
    assert sizes["text"] == sizes["body"], sizes
    assert sizes["meta"] <= sizes["text"] and sizes["period"] >= sizes["text"], sizes
    assert not page.locator("#menu-link").is_visible() and not page.locator("#header-search").is_visible()


# --- states only phones have, checked by axe ---------------------------------------------------


def test_the_open_menu_and_the_open_filter_have_no_axe_violations(open_context, axe_path):
    violations = []
    page = phone(open_context, bypass_csp=True)
    for path in ("/timeline/2021/", "/next-steps/"):
        page.goto(path)
        page.click("#menu-toggle")
        if page.locator("#filter-fold").count():
            page.locator("#filter-fold > summary").click()
        page.add_script_tag(path=axe_path)
        violations += axe_lines(page, path + " (menu and filter open)")
    no_js = phone(open_context, site_scripts=False, bypass_csp=True)
    no_js.goto("/timeline/2021/#site-menu")  # Without JavaScript the menu is at the page's end.
    no_js.add_script_tag(path=axe_path)
    violations += axe_lines(no_js, "/timeline/2021/#site-menu (no JavaScript)")
    assert_no_violations(violations, "at 320px with the menu and filter open")


def axe_lines(page, label: str) -> list[str]:
    from sitegen.audit.axe import axe_options

    results = page.evaluate("(options) => axe.run(document, options)", axe_options())
    return [
        f"{label}  [{v['id']}] target={' '.join(map(str, n['target']))} -- {v['help']}"
        for v in results["violations"]
        for n in v["nodes"]
    ]


# --- overdue steps, as of the reader's date -------------------------------------------------

STEPS = """kind: steps
title: "Next steps"
description: "What happens next, and how far each step has got."
item_name: step
updated: 2026-11-26
reviewed: 2026-11-26
entries:
  - id: due-in-march
    status: planned
    target: 2027-03-31
    text: A planned step due at the end of March 2027.
  - id: already-late
    status: in progress
    target: 2027-01-15
    text: A step in progress that was already late when the site was built.
  - id: done
    status: done
    target: 2027-01-31
    text: A step done.
  - id: later
    status: planned
    target: 2027-09-30
    text: A step due later.
"""


@pytest.fixture
def steps_site(make_project, tmp_path, monkeypatch):
    """A site whose steps have target dates, built on 1 February 2027, served locally."""
    monkeypatch.setenv("SITEGEN_TODAY", "2027-02-01")
    root = make_project({"content/next-steps.yaml": STEPS})
    files = render_project(read_project(root)).files
    out = tmp_path / "steps-site"
    for name, data in files.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(data)
    handler = functools.partial(
        type("Quiet", (http.server.SimpleHTTPRequestHandler,), {"log_message": lambda *a: None}), directory=str(out)
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/next-steps/"
    server.shutdown()
    server.server_close()


def overdue_ids(page) -> list[str]:
    return page.evaluate("""() => Array.from(document.querySelectorAll('#list-items li'))
        .filter(li => li.querySelector('.tag-overdue')).map(li => li.id)""")


def test_steps_that_became_overdue_since_the_build_are_marked_in_the_browser(browser, steps_site):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.clock.set_fixed_time("2027-04-02T09:00:00")
    page.goto(steps_site)
    eventually(
        lambda: _assert(
            overdue_ids(page) == ["due-in-march", "already-late"], f"overdue on 2 April 2027: {overdue_ids(page)}"
        )
    )
    summary = page.locator("#progress-dates")
    assert "Overdue on 2 April 2027: 2 of the 4 steps with a target date." in summary.inner_text()
    assert summary.locator("time").get_attribute("datetime") == "2027-04-02"
    context.close()


def test_a_reader_clock_behind_the_build_date_changes_nothing(browser, steps_site):
    context = browser.new_context(viewport=PHONE, java_script_enabled=True)
    page = context.new_page()
    page.clock.set_fixed_time("2026-06-01T09:00:00")
    page.goto(steps_site)
    page.wait_for_load_state("load")
    assert overdue_ids(page) == ["already-late"]
    assert "Overdue on 1 February 2027: 1 of the 4 steps" in page.locator("#progress-dates").inner_text()
    context.close()


TAG_COLOURS_JS = (
    """() => {
"""
    + COLOUR_HELPERS_JS
    + """
    return Array.from(document.querySelectorAll('.tag')).map(el => {
        const back = backdrop(el);
        return {text: el.textContent.trim(), colour: over(rgba(getComputedStyle(el).color), back), back: back};
    });
}"""
)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("contrast, minimum", [("default", 7), ("high", 7)])
def test_status_tags_are_colour_and_words_at_7_to_1(browser, steps_site, scheme, contrast, minimum):
    context = browser.new_context(viewport=PHONE, color_scheme=scheme)
    if contrast == "high":
        context.add_init_script("localStorage.setItem('a11y-settings', JSON.stringify({contrast: 'high'}))")
    page = context.new_page()
    page.goto(steps_site)
    tags = page.evaluate(TAG_COLOURS_JS)
    assert {tag["text"] for tag in tags} == {"Planned", "In progress", "Done", "Overdue"}
    weak = [
        f"{tag['text']}: {contrast_ratio(tag['colour'], tag['back']):.2f}:1"
        for tag in tags
        if contrast_ratio(tag["colour"], tag["back"]) < minimum
    ]
    assert not weak, f"{scheme}, contrast {contrast}: " + ", ".join(weak)
    context.close()


def test_the_steps_page_with_every_status_has_no_axe_violations(browser, steps_site, axe_path):
    context = browser.new_context(viewport=PHONE, bypass_csp=True)
    page = context.new_page()
    page.goto(steps_site)
    page.add_script_tag(path=axe_path)
    assert_no_violations(axe_lines(page, "/next-steps/ (every status)"), "at 320px")
    context.close()
