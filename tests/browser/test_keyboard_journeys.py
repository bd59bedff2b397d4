"""Keyboard journeys: what a visitor who uses only the keyboard can do.

These run under the site's real Content-Security-Policy (no bypass), so they
also prove that the site's scripts are allowed by it.
"""

from __future__ import annotations

import html
import json
import re
import time

import pytest

# The checks' own code, which `build.py audit` runs on any site (sitegen/audit/).
from sitegen.audit.keyboard import FOCUS_STATES, FOCUS_STYLE_JS, contrast_ratio, focus_indicator_problem, focused

YEAR = "2021"
YEAR_LINK = f'#list-filter a[data-year="{YEAR}"]'

ENTRIES_JS = """() => Array.from(document.querySelectorAll('#list-items .timeline-entry')).map(li => {
    const period = li.querySelector('.timeline-period');
    return {
        key: li.id || li.textContent.replace(/\\s+/g, ' ').trim(),
        years: (li.getAttribute('data-years') || '').split(/\\s+/).filter(Boolean),
        themes: (li.getAttribute('data-themes') || '').split(/\\s+/).filter(Boolean),
        visible: li.checkVisibility(),
        period: period ? period.textContent.trim() : null,
        periodVisible: !!period && period.checkVisibility(),
    };
})"""

# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------


def eventually(check, timeout: float = 5.0):
    """Retry an assertion until it passes or `timeout` seconds have gone by."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return check()
        except AssertionError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _assert(condition: bool, message: str) -> None:
    """An assert usable inside a lambda passed to eventually()."""
    assert condition, message


def is_focused(page, selector: str) -> bool:
    return page.evaluate("(s) => !!document.activeElement && document.activeElement.matches(s)", selector)


def tab_to(page, selector: str, max_presses: int = 250) -> None:
    """Press Tab (or Shift+Tab, if the target comes before the current focus)
    until the element matching `selector` has focus."""
    assert page.locator(selector).count() >= 1, f"{page.url}: nothing matches {selector}"
    backwards = page.evaluate(
        """(s) => {
            const target = document.querySelector(s), el = document.activeElement;
            if (!el || el === document.body) return false;
            return !!(el.compareDocumentPosition(target) & Node.DOCUMENT_POSITION_PRECEDING);
        }""",
        selector,
    )
    key = "Shift+Tab" if backwards else "Tab"
    trail = []
    for _ in range(max_presses):
        page.keyboard.press(key)
        if is_focused(page, selector):
            return
        trail.append(focused(page))
    pytest.fail(
        f"{page.url}: pressing {key} {max_presses} times never focused {selector}; focus went through: {trail[:40]}",
        pytrace=False,
    )


def timeline_entries(page) -> list[dict]:
    entries = page.evaluate(ENTRIES_JS)
    assert entries, f"{page.url}: no #list-items .timeline-entry elements"
    return entries


def visible_keys(page) -> list[str]:
    return [entry["key"] for entry in timeline_entries(page) if entry["visible"]]


def path_of(page, base_url: str) -> str:
    """The page's path below the site root, like '/timeline/2021/'."""
    url = page.url.split("#", 1)[0].split("?", 1)[0]
    assert url.startswith(base_url + "/"), f"{url} is outside the site {base_url}"
    return url[len(base_url) :]


def wait_for_path(page, base_url: str, path: str) -> None:
    """Wait until the address bar shows the page at `path` (pushState included)."""
    page.wait_for_function("(u) => location.href.split('#')[0] === u", arg=base_url + path)


def current_filter(page) -> dict[str, list[str]]:
    """Which year and theme links carry aria-current="true"."""
    return page.evaluate("""() => ({
        year: Array.from(document.querySelectorAll('#list-filter a[data-year][aria-current="true"]')).map(a => a.dataset.year),
        theme: Array.from(document.querySelectorAll('#list-filter a[data-theme][aria-current="true"]')).map(a => a.dataset.theme),
    })""")


def assert_count_announced(page, expected: int) -> None:
    status = page.locator("#list-count")
    assert status.get_attribute("role") == "status", "#list-count needs role=status"
    assert status.get_attribute("aria-live") == "polite", "#list-count needs aria-live=polite"
    text = status.inner_text().strip()
    number = re.search(r"\d+", text)
    assert number and int(number.group()) == expected and "entr" in text, (
        f"{page.url}: #list-count says {text!r}, expected it to announce {expected} entries"
    )


def assert_timeline_shows(page, expected_keys: list[str], year: str, theme: str) -> None:
    """The visible entries, the count, the period labels and aria-current
    all describe the year/theme choice."""
    entries = timeline_entries(page)
    shown = [entry for entry in entries if entry["visible"]]
    assert [entry["key"] for entry in shown] == expected_keys, (
        f"{page.url}: for year={year} theme={theme} expected entries\n  {expected_keys}\nbut saw\n  "
        f"{[entry['key'] for entry in shown]}"
    )
    for entry in shown:
        assert entry["period"] and entry["periodVisible"], (
            f"{page.url}: entry {entry['key'][:60]!r} has no visible .timeline-period label"
        )
    assert_count_announced(page, len(expected_keys))
    if page.locator("#list-empty").count():
        assert page.locator("#list-empty").is_visible() == (not expected_keys), (
            f"{page.url}: the 'no entries' message must show exactly when nothing matches"
        )
    assert current_filter(page) == {"year": [year], "theme": [theme]}, (
        f"{page.url}: aria-current should mark exactly year={year} and theme={theme}, got {current_filter(page)}"
    )


def expected_for(all_entries: list[dict], year: str = "all", theme: str = "all") -> list[str]:
    return [
        entry["key"]
        for entry in all_entries
        if (year == "all" or year in entry["years"]) and (theme == "all" or theme in entry["themes"])
    ]


def timeline_path(year: str = "all", theme: str = "all") -> str:
    path = "/timeline/"
    if year != "all":
        path += f"{year}/"
    if theme != "all":
        path += f"{theme}/"
    return path


def pick_theme(page, all_entries: list[dict]) -> str:
    """A theme that narrows the YEAR view to a non-empty, smaller set if one exists."""
    themes = page.evaluate("""() => Array.from(document.querySelectorAll('#list-filter a[data-theme]'))
        .map(a => a.dataset.theme).filter(t => t !== 'all')""")
    assert themes, "the timeline filter has no theme links"
    in_year = expected_for(all_entries, YEAR)
    for theme in themes:
        if 0 < len(expected_for(all_entries, YEAR, theme)) < len(in_year):
            return theme
    for theme in themes:
        if expected_for(all_entries, YEAR, theme):
            return theme
    return themes[0]


def static_title(site_dir, path: str) -> str:
    """The <title> of the built page at `path`."""
    text = (site_dir / path.strip("/") / "index.html").read_text(encoding="utf-8")
    match = re.search(r"<title>(.*?)</title>", text, re.S)
    assert match, f"{path} has no <title>"
    return html.unescape(" ".join(match.group(1).split()))


def assert_title_of_static_page(page, site_dir, path: str) -> None:
    assert page.title() == static_title(site_dir, path), (
        f"after filtering to {path} the title is {page.title()!r}; the static page's is "
        f"{static_title(site_dir, path)!r}"
    )


def mark_document(page) -> None:
    page.evaluate("window.__sameDocumentMarker = 'still here'")


def assert_same_document(page, what: str) -> None:
    assert page.evaluate("window.__sameDocumentMarker") == "still here", (
        f"{what} loaded a new page; with JavaScript the filter must work in place"
    )


# --------------------------------------------------------------------------
# Skip link
# --------------------------------------------------------------------------


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
@pytest.mark.parametrize("path", ["/", "/timeline/", "/glossary/"])
def test_first_tab_focuses_a_visible_skip_link_and_enter_moves_focus_to_main(open_context, base_url, path, javascript):
    page = open_context(javascript=javascript).new_page()
    page.goto(base_url + path)

    page.keyboard.press("Tab")
    assert is_focused(page, "a.skip-link"), f"{path}: the first Tab focused {focused(page)!r}, not the skip link"
    assert page.evaluate("document.body.firstElementChild.matches('a.skip-link')"), (
        f"{path}: the skip link must be the first element in <body>"
    )
    link = page.locator("a.skip-link")
    assert link.get_attribute("href") == "#main-content"
    assert link.inner_text().strip() == "Skip to main content"

    def visible_in_viewport():
        box = link.bounding_box()
        viewport = page.viewport_size
        assert box and box["width"] >= 1 and box["height"] >= 1, f"{path}: focused skip link has no size: {box}"
        assert (
            box["x"] >= 0
            and box["y"] >= 0
            and box["x"] + box["width"] <= viewport["width"]
            and box["y"] + box["height"] <= viewport["height"]
        ), f"{path}: focused skip link is not inside the viewport: {box}"

    eventually(visible_in_viewport, timeout=2)

    page.keyboard.press("Enter")
    eventually(
        lambda: _assert(
            is_focused(page, "main#main-content"),
            f"{path}: Enter on the skip link focused {focused(page)!r}, not main#main-content",
        )
    )
    assert page.evaluate("location.hash") == "#main-content"


# --------------------------------------------------------------------------
# Timeline filter
# --------------------------------------------------------------------------


def test_year_link_filters_the_timeline_in_place_with_javascript(open_context, base_url, site_dir):
    page = open_context().new_page()
    page.goto(base_url + "/timeline/")
    all_entries = timeline_entries(page)
    everything = [entry["key"] for entry in all_entries]
    assert visible_keys(page) == everything, "/timeline/ must show every entry"
    in_year = expected_for(all_entries, YEAR)
    assert in_year, f"no entry covers {YEAR}, so the year filter cannot be tested"

    tab_to(page, YEAR_LINK)
    mark_document(page)
    page.keyboard.press("Enter")

    wait_for_path(page, base_url, timeline_path(YEAR))
    assert_same_document(page, f"pressing Enter on the {YEAR} link")
    eventually(lambda: assert_timeline_shows(page, in_year, YEAR, "all"))
    assert is_focused(page, YEAR_LINK), f"focus moved to {focused(page)!r}; it must stay on the {YEAR} link"
    assert_title_of_static_page(page, site_dir, timeline_path(YEAR))

    page.go_back()
    wait_for_path(page, base_url, "/timeline/")
    assert_same_document(page, "going back")
    eventually(lambda: assert_timeline_shows(page, everything, "all", "all"))

    page.go_forward()
    wait_for_path(page, base_url, timeline_path(YEAR))
    eventually(lambda: assert_timeline_shows(page, in_year, YEAR, "all"))


def test_year_and_theme_filters_combine_with_javascript(open_context, base_url, page_paths, site_dir):
    page = open_context().new_page()
    page.goto(base_url + "/timeline/")
    all_entries = timeline_entries(page)
    theme = pick_theme(page, all_entries)
    theme_link = f'#list-filter a[data-theme="{theme}"]'

    tab_to(page, YEAR_LINK)
    mark_document(page)
    page.keyboard.press("Enter")
    wait_for_path(page, base_url, timeline_path(YEAR))

    tab_to(page, theme_link)
    page.keyboard.press("Enter")
    combined = timeline_path(YEAR, theme)
    wait_for_path(page, base_url, combined)
    assert_same_document(page, f"pressing Enter on the {theme} theme link")
    expected = expected_for(all_entries, YEAR, theme)
    eventually(lambda: assert_timeline_shows(page, expected, YEAR, theme))
    assert is_focused(page, theme_link), f"focus moved to {focused(page)!r}; it must stay on the theme link"
    assert combined in page_paths, f"the filter pushed {combined}, but the build has no such page"
    assert_title_of_static_page(page, site_dir, combined)

    page.go_back()
    wait_for_path(page, base_url, timeline_path(YEAR))
    eventually(lambda: assert_timeline_shows(page, expected_for(all_entries, YEAR), YEAR, "all"))

    page.go_forward()
    wait_for_path(page, base_url, combined)
    eventually(lambda: assert_timeline_shows(page, expected, YEAR, theme))

    page.reload()
    assert path_of(page, base_url) == combined
    eventually(lambda: assert_timeline_shows(page, expected, YEAR, theme))


def test_from_a_year_page_all_years_brings_back_every_entry_and_an_empty_choice_says_so(
    open_context, base_url, site_dir
):
    """A year page holds only its own entries, so choosing "All years" there
    must bring in the rest; a choice that matches nothing must say so."""
    no_js = open_context(javascript=False).new_page()
    no_js.goto(base_url + "/timeline/")
    all_entries = timeline_entries(no_js)
    themes = no_js.evaluate("""() => Array.from(document.querySelectorAll('#list-filter a[data-theme]'))
        .map(a => a.dataset.theme).filter(t => t !== 'all')""")

    page = open_context().new_page()
    page.goto(base_url + timeline_path(YEAR))
    mark_document(page)
    tab_to(page, '#list-filter a[data-year="all"]')
    page.keyboard.press("Enter")
    wait_for_path(page, base_url, "/timeline/")
    assert_same_document(page, 'pressing Enter on "All years" on a year page')
    eventually(lambda: assert_timeline_shows(page, expected_for(all_entries), "all", "all"))
    assert_title_of_static_page(page, site_dir, "/timeline/")

    empty = [
        (year, theme)
        for year in sorted({y for e in all_entries for y in e["years"]})
        for theme in themes
        if not expected_for(all_entries, year, theme)
    ]
    if not empty:
        return  # Every year and theme pair has entries: nothing more to check.
    year, theme = empty[0]
    page.goto(base_url + timeline_path(year))
    mark_document(page)
    tab_to(page, f'#list-filter a[data-theme="{theme}"]')
    page.keyboard.press("Enter")
    wait_for_path(page, base_url, timeline_path(year, theme))
    assert_same_document(page, f"choosing {theme} on the {year} page")
    eventually(lambda: assert_timeline_shows(page, [], year, theme))


def test_year_link_without_javascript_loads_the_static_year_page(open_context, base_url):
    page = open_context(javascript=False).new_page()
    page.goto(base_url + "/timeline/")
    all_entries = timeline_entries(page)
    assert all(entry["visible"] for entry in all_entries), "/timeline/ must show every entry"

    tab_to(page, YEAR_LINK)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert path_of(page, base_url) == timeline_path(YEAR)
    assert_timeline_shows(page, expected_for(all_entries, YEAR), YEAR, "all")


def test_opening_the_year_page_directly_with_javascript_shows_the_same_view(open_context, base_url):
    no_js = open_context(javascript=False).new_page()
    no_js.goto(base_url + "/timeline/")
    all_entries = timeline_entries(no_js)

    page = open_context().new_page()
    page.goto(base_url + timeline_path(YEAR))
    eventually(lambda: assert_timeline_shows(page, expected_for(all_entries, YEAR), YEAR, "all"))


# --------------------------------------------------------------------------
# Accessibility settings
# --------------------------------------------------------------------------


def stored_settings(page) -> dict:
    raw = page.evaluate("localStorage.getItem('a11y-settings')")
    return json.loads(raw) if raw else {}


def html_contrast(page) -> str | None:
    return page.evaluate("document.documentElement.getAttribute('data-contrast')")


def panel_open(page) -> bool:
    return page.evaluate("document.getElementById('settings-panel').checkVisibility()")


def test_settings_toggle_is_absent_without_javascript(open_context, base_url):
    page = open_context(javascript=False).new_page()
    page.goto(base_url + "/")
    assert page.locator("#settings-toggle").count() == 1
    assert not page.locator("#settings-toggle").is_visible(), "without JavaScript the settings toggle must stay hidden"
    assert not page.locator("#settings-panel").is_visible()


def test_settings_panel_works_from_the_keyboard_and_choices_persist(open_context, base_url):
    context = open_context()
    page = context.new_page()
    page.goto(base_url + "/")
    toggle = page.locator("#settings-toggle")
    assert toggle.is_visible(), "with JavaScript the settings toggle must be shown"
    assert toggle.get_attribute("aria-controls") == "settings-panel"
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not panel_open(page)

    tab_to(page, "#settings-toggle")
    page.keyboard.press("Enter")
    eventually(
        lambda: _assert(
            toggle.get_attribute("aria-expanded") == "true" and panel_open(page),
            "Enter on the toggle must open the panel and set aria-expanded=true",
        )
    )
    page.keyboard.press("Space")
    eventually(
        lambda: _assert(
            toggle.get_attribute("aria-expanded") == "false" and not panel_open(page),
            "Space on the open toggle must close the panel and set aria-expanded=false",
        )
    )
    page.keyboard.press("Space")
    eventually(
        lambda: _assert(
            toggle.get_attribute("aria-expanded") == "true" and panel_open(page),
            "Space on the toggle must open the panel again",
        )
    )
    page.keyboard.press("Tab")
    page.keyboard.press("Escape")
    eventually(
        lambda: _assert(
            toggle.get_attribute("aria-expanded") == "false" and not panel_open(page),
            "Escape inside the panel must close it",
        )
    )
    assert is_focused(page, "#settings-toggle"), f"after Escape focus is on {focused(page)!r}, not the toggle"
    page.keyboard.press("Enter")
    eventually(lambda: _assert(panel_open(page), "Enter on the toggle must open the panel again"))

    tab_to(page, 'input[type="radio"][name="contrast"]')
    for _ in range(4):
        if is_focused(page, 'input[name="contrast"][value="high"]'):
            break
        page.keyboard.press("ArrowDown")
    assert is_focused(page, 'input[name="contrast"][value="high"]'), (
        f"arrow keys never reached the high-contrast radio; focus is on {focused(page)!r}"
    )
    page.keyboard.press("Space")
    assert page.locator('input[name="contrast"][value="high"]').is_checked()
    eventually(
        lambda: _assert(
            html_contrast(page) == "high", f"choosing high contrast left <html data-contrast={html_contrast(page)!r}>"
        )
    )
    assert stored_settings(page).get("contrast") == "high", f"localStorage holds {stored_settings(page)}"
    eventually(
        lambda: _assert(
            page.locator("#settings-status").inner_text().strip() != "", "#settings-status must announce the change"
        )
    )

    page.reload()
    assert html_contrast(page) == "high", "high contrast must survive a reload"

    # On another page it is applied by the inline script before first paint,
    # even if the site's own scripts never load.
    other = context.new_page()
    other.route("**/static/js/**", lambda route: route.abort())
    other.goto(base_url + "/glossary/")
    assert html_contrast(other) == "high", "high contrast must be applied on other pages by the inline script"
    other.close()

    page.goto(base_url + "/glossary/")
    assert html_contrast(page) == "high"
    tab_to(page, "#settings-toggle")
    page.keyboard.press("Enter")
    eventually(lambda: _assert(panel_open(page), "the panel did not open"))
    assert page.locator('input[name="contrast"][value="high"]').is_checked(), "the panel must show the stored choice"

    tab_to(page, "#settings-reset")
    page.keyboard.press("Enter")
    eventually(
        lambda: _assert(
            html_contrast(page) in (None, "default"), f"reset left <html data-contrast={html_contrast(page)!r}>"
        )
    )
    assert page.locator('input[name="contrast"][value="default"]').is_checked()
    assert stored_settings(page).get("contrast", "default") == "default"
    page.reload()
    assert html_contrast(page) in (None, "default"), "reset must survive a reload"


# --------------------------------------------------------------------------
# Focus indicator contrast
# --------------------------------------------------------------------------


def test_contrast_helper_matches_known_values():
    assert round(contrast_ratio([0, 0, 0], [255, 255, 255]), 2) == 21.0
    assert round(contrast_ratio([118, 118, 118], [255, 255, 255]), 2) == 4.54
    assert contrast_ratio([255, 255, 255], [255, 255, 255]) == 1.0


@pytest.mark.parametrize("state", list(FOCUS_STATES))
@pytest.mark.parametrize("path", ["/", "/timeline/", "/accessibility/"])
def test_every_focus_indicator_has_at_least_3_to_1_contrast(
    open_context, base_url, settings_states, check_settings_applied, path, state
):
    """Tab through every focusable element (the settings panel opened, so its
    radios and buttons are included) and measure each focus indicator."""
    scheme, settings_name = FOCUS_STATES[state]
    settings = settings_states[settings_name]
    page = open_context(settings=settings, color_scheme=scheme).new_page()
    page.goto(base_url + path)
    check_settings_applied(page, settings)
    page.evaluate("document.getElementById('settings-toggle').click()")
    assert panel_open(page), "clicking the settings toggle did not open the panel"
    page.evaluate("document.activeElement && document.activeElement.blur()")

    problems, checked = [], []
    for _ in range(300):
        page.keyboard.press("Tab")
        info = page.evaluate(FOCUS_STYLE_JS)
        if info is None or info.get("seenBefore"):
            break
        checked.append(info["element"])
        problem = focus_indicator_problem(info)
        if problem:
            problems.append(f"{info['element']}: {problem}")
    assert len(checked) >= 5, f"{path}: Tab reached only {checked}"
    assert any('name="contrast"' in element for element in checked), (
        f"{path}: Tab never reached the settings radios: {checked}"
    )
    assert not problems, (
        f"{path} ({state}): {len(problems)} of {len(checked)} focus indicators are too weak:\n" + "\n".join(problems)
    )
