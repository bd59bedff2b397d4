"""A glossary of the subject (issue 21, item 6): county lines, 4P, Clear, Hold, Build and the
like, each explained from a public source that is named and linked with it."""

from __future__ import annotations

import json

import pytest
from htmltools import elements
from pydantic import ValidationError

from sitegen.model.schema import GlossaryTerm

# The addresses the research for issue 21 found and checked, each the publisher's own page.
CHECKED_SOURCES = {
    "https://gov.uk/government/publications/criminal-exploitation-of-children-and-vulnerable-adults-county-lines",
    "https://www.gov.uk/government/news/serious-and-organised-crime-strategy-annual-report-published",
    "https://gov.uk/government/publications/serious-and-organised-crime-strategy-2023-to-2028/"
    "no-place-to-hide-serious-and-organised-crime-strategy-2023-to-2028-accessible-version",
    "https://hmicfrs.justiceinspectorates.gov.uk/glossary/ocg-mapping/",
    "https://gov.uk/government/publications/drugs-strategy-guidance-for-local-delivery-partners",
    "https://hmicfrs.justiceinspectorates.gov.uk/glossary/serious-and-organised-crime-local-profiles/",
    "https://hmicfrs.justiceinspectorates.gov.uk/about-us/what-we-do/",
    "https://gov.uk/government/collections/serious-and-organised-crime-strategy",
    "https://apccs.police.uk/about-the-apcc",
    "https://www.gov.uk/government/publications/the-role-of-the-independent-sexual-violence-adviser-isva",
}
SUBJECT_TERMS = (
    "county lines",
    "4P",
    "Clear, Hold, Build",
    "Organised Crime Group Mapping",
    "Combating Drugs Partnership",
    "SOC local profile",
)


def test_the_terms_of_the_subject_are_explained(real_site):
    terms = {term.term: term for term in real_site.content.glossary.terms}
    for name in SUBJECT_TERMS:
        assert terms[name].description, name


def test_every_explanation_taken_from_outside_names_and_links_a_checked_source(real_site):
    for term in real_site.content.glossary.terms:
        if term.source or term.term in SUBJECT_TERMS:
            assert term.source and term.source_url in CHECKED_SOURCES, term.term


def test_the_source_is_shown_and_linked_with_the_explanation(real_pages):
    html = real_pages["glossary/index.html"]
    (item,) = [div for div in elements(html, "div") if div.attrs.get("id") == "county-lines"]
    assert "Source: Home Office: Criminal exploitation of children and vulnerable adults: county lines" in item.text
    links = [a.attrs["href"] for a in elements(html, "a") if a.attrs.get("href") in CHECKED_SOURCES]
    assert len(set(links)) == len(CHECKED_SOURCES)


def test_the_open_data_carries_the_sources(real_site):
    rows = {row["term"]: row for row in json.loads(real_site.files["data/glossary.json"])["rows"]}
    assert (
        rows["4P"]["source_url"]
        == "https://www.gov.uk/government/news/serious-and-organised-crime-strategy-annual-report-published"
    )
    assert rows["AA"]["source"] is None


@pytest.mark.parametrize("term", ["SOC", "CLIMB", "county lines", "4P", "Clear, Hold, Build", "HMICFRS"])
def test_a_term_may_be_letters_or_a_term_as_written(term):
    assert GlossaryTerm(term=term).term == term


@pytest.mark.parametrize("term", ["", "ends with a dot.", "<b>", "line\nbreak", "-dash"])
def test_a_term_cannot_be_anything(term):
    with pytest.raises(ValidationError):
        GlossaryTerm(term=term)


def test_a_source_address_must_be_a_web_address():
    with pytest.raises(ValidationError):
        GlossaryTerm(term="SOC", source="A source", source_url="javascript:alert(1)")
