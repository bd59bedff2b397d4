"""The offline search page, by keyboard, with and without JavaScript."""


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
    page.wait_for_function(
        "() => document.getElementById('search-status')?.textContent.includes('result')"
    )  # null while a new page loads
    assert status.get_attribute("role") == "status"
    titles = page.locator("#search-results a").all_inner_texts()
    assert "In West Mercia (2018/23): 2018/23" in titles
    assert status.inner_text().startswith(f"{len(titles)} result")
    assert page.locator("#search-fallback").is_hidden()


def test_without_javascript_the_search_page_lists_every_page(open_context):
    page = open_context(javascript=False).new_page()
    page.goto("/search/")
    fallback = page.locator("#search-fallback")
    assert fallback.is_visible()
    links = fallback.locator("a").all_inner_texts()
    assert "Safer West Mercia Plan" in links and "Glossary" in links
