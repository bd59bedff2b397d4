"""What a UK public body is expected to publish, and search from every page (issue 13).

The office's links come from site_config.yaml (`footer_links`, with an optional `group`), its
duties by law from its checklist (content/what-we-must-publish.yaml, `kind: duties`): nothing
about one particular office is written in the code or the templates.
"""

from __future__ import annotations

import dataclasses
import re

import pytest
import yaml
from htmltools import elements, visible_text
from tooling import REPO_ROOT

from sitegen.errors import ContentError
from sitegen.pipeline import render_project
from sitegen.read.project_files import Project, read_project

DUTIES = "What the Police and Crime Commissioner must publish"


@pytest.fixture(scope="module")
def project() -> Project:
    return read_project(REPO_ROOT)


def with_config(project: Project, change) -> Project:
    config = yaml.safe_load(project.files["site_config.yaml"])
    change(config)
    files = dict(project.files)
    files["site_config.yaml"] = yaml.safe_dump(config, allow_unicode=True, sort_keys=False).encode("utf-8")
    return dataclasses.replace(project, files=files)


def footer(html: str) -> str:
    return html[html.index('<footer class="site-footer">') : html.index("</footer>")]


# --- the office's duties, in every footer --------------------------------------------------


def test_every_page_links_the_duties_of_the_office_under_their_heading(real_site, real_pages):
    links = real_site.content.config.footer_links
    grouped = [link for link in links if link.group == DUTIES]
    assert [(link.title, link.url) for link in grouped] == [(DUTIES, "/what-we-must-publish/")]
    for path, html in real_pages.items():
        part = footer(html)
        (heading,) = elements(part, "h3")
        assert heading.text == DUTIES, path
        under_heading = part.split(DUTIES, 1)[1]
        assert next(a.text for a in elements(under_heading, "a")) == DUTIES, path


def test_the_checklist_of_duties_keeps_each_address_the_footer_had_with_its_legal_reference(real_pages):
    """The links that were in the footer (issue 13) are in the checklist now (issue 23)."""
    checklist = real_pages["what-we-must-publish/index.html"]
    items = checklist.split('id="list-items"', 1)[1].split("</ol>", 1)[0]
    addresses = [a.attrs["href"] for a in elements(items, "a")]
    assert addresses == [
        "https://www.westmercia-pcc.gov.uk/key-information/freedom-of-information/",
        "https://www.westmercia-pcc.gov.uk/key-information/",
        "https://www.westmercia-pcc.gov.uk/national-priorities-for-policing/",
        "https://hmicfrs.justiceinspectorates.gov.uk/peel-reports/west-mercia-2023-25",
        "https://www.westmercia-pcc.gov.uk/response-to-hmicfrs-inspection-of-the-west-midlands-regional-response-"
        "to-serious-and-organised-crime-soc/",
        "https://hmicfrs.justiceinspectorates.gov.uk/publication-html/inspection-of-the-west-midlands-regional-"
        "response-to-serious-and-organised-crime/",
    ]
    assert elements(checklist, "a", href="https://www.legislation.gov.uk/uksi/2021/547/made")
    text = visible_text(checklist)
    assert "Legal reference Schedule paragraph 7A of the Specified Information Order 2011, added by SI 2021/547" in text
    assert "How often within 56 days of each report" in text


def test_a_footer_link_to_a_page_of_the_site_is_relative_and_listed_with_the_sites_own(real_pages):
    for path, depth in (("index.html", ""), ("timeline/2021/drugs/index.html", "../../../")):
        part = footer(real_pages[path])
        first_list = part.split("</ul>", 1)[0]
        (privacy,) = [a for a in elements(first_list, "a") if a.text == "Privacy notice"]
        assert privacy.attrs["href"] == depth + "privacy/"


def test_links_are_grouped_by_any_heading_the_settings_give(project):
    def change(config):
        config["footer_links"] = [
            {"title": "Complaints", "url": "https://www.gov.uk/complain", "group": "Your rights"},
            {"title": "Spending over £500", "url": "https://www.gov.uk/spending", "group": "Money"},
            {"title": "Data protection", "url": "https://www.gov.uk/data-protection", "group": "Your rights"},
            {"title": "Privacy notice", "url": "/privacy/"},
        ]

    html = render_project(with_config(project, change)).files["plan/index.html"].decode("utf-8")
    part = footer(html)
    assert [h.text for h in elements(part, "h3")] == ["Your rights", "Money"]
    rights = part.split("Your rights", 1)[1].split("Money", 1)[0]
    assert [a.text for a in elements(rights, "a")] == ["Complaints", "Data protection"]
    assert [a.text for a in elements(part.split("</ul>", 1)[0], "a")][-1] == "Privacy notice"


def test_a_footer_link_to_a_missing_page_of_the_site_is_reported(project):
    def change(config):
        config["footer_links"][0]["url"] = "/privcy/"

    with pytest.raises(ContentError) as caught:
        render_project(with_config(project, change))
    assert [p.format() for p in caught.value.problems] == [
        "site_config.yaml: the footer link 'Privacy notice' goes to /privcy/, a page that does not exist\n"
        "    hint: did you mean /privacy/? Check the address"
    ]


def test_footer_links_are_real_addresses_of_public_bodies(real_site):
    allowed = (
        "https://www.westmercia-pcc.gov.uk/",
        "https://hmicfrs.justiceinspectorates.gov.uk/",
        "https://www.legislation.gov.uk/",
        "/",
    )
    for link in real_site.content.config.footer_links:
        assert link.url.startswith(allowed), link.url
    for entry in real_site.content.collections["what-we-must-publish"].entries:
        assert entry.values["where"].startswith(allowed), entry.values["where"]


# --- the privacy notice -----------------------------------------------------------------------


def test_the_privacy_notice_says_where_settings_stay_and_what_the_logs_keep(real_pages):
    text = visible_text(real_pages["privacy/index.html"])
    assert "kept in your browser's own storage, on your device" in text
    assert "never sent to the office or to anyone else" in text
    assert "logs the internet (IP) address of each visitor" in text
    assert "sets and reads no cookies" in text
    assert elements(real_pages["privacy/index.html"], "a", href="https://westmercia-pcc.gov.uk/privacy-policy")


# --- the accessibility statement --------------------------------------------------------------


def test_the_statement_makes_no_claim_of_full_compliance_from_automated_tests(real_pages):
    text = visible_text(real_pages["accessibility/index.html"])
    assert "fully compliant" not in text and "fully accessible" not in text
    assert (
        "This site is partially compliant with the Web Content Accessibility Guidelines version 2.2 AA standard, "
        "because of the checks listed under" in text
    )
    assert "automated tests alone cannot show that a site fully complies" in text
    for heading in (
        "How accessible this site is",
        "Compliance status",
        "How we tested this site",
        "Enforcement procedure",
        "Preparation of this accessibility statement",
        "Contact us",
    ):
        assert heading in [
            h.text
            for h in elements(real_pages["accessibility/index.html"], "h2")
            + elements(real_pages["accessibility/index.html"], "h3")
        ], heading
    assert "The site was last tested on" in text and "It was last reviewed on" in text


def test_the_statement_gives_the_reply_time_the_settings_give(project):
    def change(config):
        config["contact"]["response_time"] = "within 10 working days"

    html = render_project(with_config(project, change)).files["accessibility/index.html"].decode("utf-8")
    assert "We will reply within 10 working days." in visible_text(html)


def test_no_reply_time_is_made_up_when_the_settings_give_none(real_site, real_pages):
    assert real_site.content.config.contact.response_time is None
    assert "We will reply" not in visible_text(real_pages["accessibility/index.html"])


# --- search from every page -------------------------------------------------------------------


def test_every_page_but_search_has_a_search_box_in_its_header_that_needs_no_javascript(real_pages):
    for path, html in real_pages.items():
        header = html[html.index('<header class="site-header">') : html.index("</header>")]
        forms = elements(header, "form")
        if path == "search/index.html":
            assert forms == [] and len(elements(html, "form", role="search")) == 1
            continue
        (form,) = forms
        assert form.attrs["method"] == "get" and form.attrs["role"] == "search"
        depth = "../" * path.count("/") if path != "404.html" else "/overview-of-serious-organised-crime-activity/"
        assert form.attrs["action"] == depth + "search/", path
        (field,) = elements(header, "input", name="q")
        assert field.attrs["type"] == "search"
        (label,) = elements(header, "label", **{"for": field.attrs["id"]})
        assert label.text == "Search this site"
        assert [b.text for b in elements(header, "button", type="submit")] == ["Search"]


# --- nothing about one office in the code ------------------------------------------------------


@pytest.mark.parametrize("folder", ["sitegen/theme", "sitegen/render"])
def test_the_code_and_templates_name_no_particular_office(folder):
    """What readers see is made by the templates, the static files and the renderer: none of them
    may name an office (examples in other modules' comments are not shown to anyone)."""
    names = re.compile(r"West Mercia|Police and Crime Commissioner|HMICFRS|westmercia")
    found = [
        f"{path.relative_to(REPO_ROOT)}: {match[0]}"
        for path in sorted((REPO_ROOT / folder).rglob("*"))
        if path.is_file() and path.suffix in (".py", ".html", ".js", ".css", ".xml", ".txt")
        for match in [names.search(path.read_text(encoding="utf-8"))]
        if match
    ]
    assert found == []
