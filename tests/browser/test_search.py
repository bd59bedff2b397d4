"""The offline search page, by keyboard, with and without JavaScript (issues 13 and 21): it
finds what readers type, not only the site's exact words."""

from __future__ import annotations

from test_axe_accessibility import assert_no_violations, open_axe_page

from sitegen.audit.axe import axe_options

SEARCH_DONE = (
    "() => document.getElementById('search-status')?.textContent.includes('result')"  # null while a new page loads
)


def search(open_context, query: str, **options):
    page = open_context(**options).new_page()
    page.goto("/search/?q=" + query.replace(" ", "+"))
    page.wait_for_function(SEARCH_DONE)
    return page


def result_titles(page) -> list[str]:
    return page.locator("#search-results li > a").all_inner_texts()


def test_search_finds_entries_by_keyboard_and_announces_the_count(open_context):
    page = open_context().new_page()
    page.goto("/search/")
    page.keyboard.press("Tab")  # The skip link first.
    page.locator("#search-query").focus()
    page.keyboard.type("county lines")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=county+lines")
    status = page.locator("#search-status")
    status.wait_for()
    page.wait_for_function(SEARCH_DONE)
    assert status.get_attribute("role") == "status"
    assert page.locator("#search-query").input_value() == "county lines"  # the words stay in the box
    titles = result_titles(page)
    assert any(title.startswith("Scrutiny of activity of the West Midlands Police County Lines") for title in titles)
    assert status.inner_text() == f"{len(titles)} results for “county lines”"
    assert page.locator("#search-fallback").is_hidden()


def test_each_result_says_what_it_is_and_no_two_read_the_same(open_context):
    page = search(open_context, "PCC")
    items = page.locator("#search-results li").all()
    shown = [(item.locator("a").inner_text(), item.locator(".search-result-kind").all_inner_texts()) for item in items]
    assert len(shown) == len(set(map(str, shown))) >= 5
    assert ("PCC (Police and Crime Commissioner)", ["Glossary"]) in shown
    assert any(kind and kind[0].startswith("In West Mercia (2018/23), 20") for _, kind in shown)


def test_an_abbreviation_finds_what_it_stands_for_and_back(open_context):
    by_letters = search(open_context, "CSE")
    titles = result_titles(by_letters)
    assert titles[0] == "CSE (child sexual exploitation)"  # the glossary term, from its title
    assert any(title.startswith("Continue to monitor and review Modern Slavery") for title in titles)  # says it in full
    by_words = search(open_context, "child sexual exploitation")
    assert "CSE (child sexual exploitation)" in result_titles(by_words)
    socjag = search(open_context, "serious organised crime joint advisory groups")
    assert any(title.startswith("Identified a disconnect with SOCJAGs") for title in result_titles(socjag))


def test_a_plural_finds_the_singular(open_context):
    page = search(open_context, "drugs")
    texts = page.locator("#search-results li").all_inner_texts()
    assert any("local drug market profiles" in text for text in texts), texts


def test_a_close_misspelling_finds_the_word_and_offers_it(open_context):
    page = search(open_context, "orgainsed")
    suggestion = page.locator("#search-suggestion")
    assert suggestion.is_visible()
    assert suggestion.inner_text().startswith("Did you mean organised?")
    assert page.locator("#search-status").inner_text().endswith("results for “organised”")
    assert len(result_titles(page)) > 0
    suggestion.locator("a").click()
    page.wait_for_url("**/search/?q=organised")
    page.wait_for_function(SEARCH_DONE)
    assert page.locator("#search-suggestion").is_hidden()


def test_more_results_come_on_request_and_take_the_focus(open_context):
    page = search(open_context, "the")
    assert len(result_titles(page)) == 10
    page.locator("#search-more").click()
    page.wait_for_function("() => document.querySelectorAll('#search-results li').length > 10")
    assert page.evaluate("document.activeElement.textContent") == result_titles(page)[10]


def test_without_javascript_the_search_page_offers_the_a_to_z_and_the_main_pages(open_context):
    context = open_context(javascript=False)
    page = context.new_page()
    page.goto("/search/?q=drugs")
    fallback = page.locator("#search-fallback")
    assert fallback.is_visible()
    assert "still in your browser’s address bar" in fallback.inner_text()
    links = fallback.locator("a").all_inner_texts()
    assert "Safer West Mercia Plan" in links and "Glossary" in links and "A to Z" in links
    fallback.get_by_role("link", name="A to Z").click()
    page.wait_for_url("**/search/a-z/")
    titles = page.locator(".section-list a").all_inner_texts()
    assert "Glossary" in titles and "CSE (child sexual exploitation)" in titles
    assert titles == sorted(titles, key=str.casefold)


def test_results_and_the_suggestion_have_no_axe_violations(open_context, base_url, axe_path):
    violations = []
    for width, query, shown in ((320, "orgainsed", "#search-suggestion"), (1280, "the", "#search-more")):
        page = open_axe_page(open_context, axe_path, width=width)
        page.goto(base_url + "/search/?q=" + query)
        page.wait_for_function(SEARCH_DONE)
        page.locator(shown).wait_for()
        results = page.evaluate("(options) => axe.run(document, options)", axe_options())
        violations += [
            f"{width}px {query} [{v['id']}] {' '.join(map(str, node['target']))}"
            for v in results["violations"]
            for node in v["nodes"]
        ]
    assert_no_violations(violations, "on the search page with results and a suggestion")
