"""An abbreviation is spelt out the first time a page uses it (issue 21): the glossary's
words after the first use, added by the build and marked as its own, never changing the
content's text."""

from __future__ import annotations

import re

import pytest

from sitegen.markdown.renderer import MarkdownRenderer

GLOSSARY = {
    "SOCJAG": "Serious Organised Crime Joint Advisory Group",
    "PCC": "Police and Crime Commissioner",
    "CSP": "Community Safety Partnership",
    "APCC": "Association of Police and Crime Commissioners",
    "CLIMB": "",  # a name, not an abbreviation
}


def render(text: str, to_mark=frozenset(GLOSSARY)):
    return MarkdownRenderer(GLOSSARY, "https://example.org/").render(text, "content/page.md", 1, to_mark)


def added(html: str) -> list[str]:
    return re.findall(r'<span class="abbr-expansion"> \(([^<]*)\)</span>', html)


def test_the_first_use_is_followed_by_the_expansion_in_words_and_later_uses_are_not():
    html = render("The PCC met the PCC's board.").html
    assert (
        '<abbr title="Police and Crime Commissioner">PCC</abbr><span class="abbr-expansion">'
        " (Police and Crime Commissioner)</span> met the PCC's board." in html
    )
    assert added(html) == ["Police and Crime Commissioner"]


@pytest.mark.parametrize(
    ("text", "expansion"),
    [
        ("Two SOCJAGs met.", "Serious Organised Crime Joint Advisory Groups"),
        ("Local CSPs met.", "Community Safety Partnerships"),
        ("The APCCs met.", "Associations of Police and Crime Commissioners"),
    ],
)
def test_a_plural_abbreviation_gets_a_plural_expansion(text, expansion):
    assert added(render(text).html) == [expansion]


@pytest.mark.parametrize(
    "text",
    [
        "Police and Crime Commissioner (PCC) John Campion.",
        "The PCC (Police and Crime Commissioner) spoke.",
        "## The PCC's plan",
        "Read [the PCC's report](https://example.org/report).",
    ],
    ids=["explained-before", "explained-after", "heading", "link"],
)
def test_no_expansion_where_the_text_explains_it_in_a_heading_or_in_a_link(text):
    assert added(render(text).html) == []


def test_a_name_that_is_not_an_abbreviation_is_not_expanded():
    assert added(render("Funding for CLIMB.").html) == []


def test_the_content_text_search_and_descriptions_keep_only_the_editors_words():
    rendered = render("The SOCJAGs and the PCC met.")
    assert rendered.plain == "The SOCJAGs and the PCC met." == rendered.summary
    assert len(added(rendered.html)) == 2


def test_a_term_already_marked_on_the_page_is_not_expanded_again():
    # A list's second entry: the page's first use was in an earlier entry.
    assert added(render("The PCC met.", to_mark=frozenset()).html) == []


def test_only_the_builds_own_class_passes_the_cleaner():
    from sitegen.markdown.safety import HTML_CLEANER

    cleaned = HTML_CLEANER.clean('<span class="abbr-expansion">a</span><span class="evil" onclick="x()">b</span>')
    assert cleaned == '<span class="abbr-expansion">a</span><span class="">b</span>'
