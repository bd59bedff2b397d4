"""Who publishes the site, on every page, and what the site is, on the home page's first
screen (issue 21, item 3)."""

from __future__ import annotations

import dataclasses
import re

from htmltools import elements, visible_text
from tooling import REPO_ROOT

from sitegen.pipeline import render_project
from sitegen.read.project_files import read_project

ORGANISATION = "West Mercia Police and Crime Commissioner"


def test_every_page_says_in_its_header_who_publishes_it(real_pages):
    for path, html in real_pages.items():
        header = html.split("<header", 1)[1].split("</header>", 1)[0]
        (name,) = elements(header, "p", **{"class": "site-organisation"})
        assert name.text == ORGANISATION, path
        assert header.index("site-organisation") < header.index("site-title"), path


def test_the_logo_is_shown_beside_the_name_when_the_settings_give_one():
    project = read_project(REPO_ROOT)
    config = project.files["site_config.yaml"].decode("utf-8")
    config = config.replace(
        '  website: "https://www.westmercia-pcc.gov.uk/"\n',
        '  website: "https://www.westmercia-pcc.gov.uk/"\n  logo: "static/favicon.svg"\n',
    )
    site = render_project(dataclasses.replace(project, files={**project.files, "site_config.yaml": config.encode()}))
    html = site.files["plan/index.html"].decode("utf-8")
    (name,) = elements(html, "p", **{"class": "site-organisation"})
    assert name.text == ORGANISATION  # The name is the text: the logo beside it has empty alt text.
    assert '<img class="site-logo" src="../static/favicon.svg" alt="">' in html


def test_the_home_page_says_what_the_site_is_and_who_publishes_it_first(real_site, real_pages):
    html = real_pages["index.html"]
    main = html.split("<main", 1)[1]
    (lead,) = elements(main, "p", **{"class": "lead"})
    assert lead.text == f"{real_site.content.config.description} Published by {ORGANISATION}."
    assert main.index('class="lead"') < main.index("<h2")  # Before anything else, after the heading.


def test_the_home_page_lists_each_section_once(real_site, real_pages):
    main = real_pages["index.html"].split("<main", 1)[1].split("</main>", 1)[0]
    for collection in real_site.content.collections.values():
        if collection.nav_order is None:  # The duties checklist: linked from the foot of every page instead.
            assert f'href="{collection.path}"' in real_pages["index.html"].split("</main>", 1)[1], collection.path
            continue
        assert main.count(f'href="{collection.path}"') == 1, collection.path
    for page in ("strategy/", "plan/", "glossary/"):
        assert main.count(f'href="{page}"') == 1, page
    assert "Also on this site Glossary" in visible_text(main)  # The one section its text does not link.


def test_hmicfrs_is_explained_in_words_before_its_first_use_on_the_home_page(real_pages):
    text = visible_text(real_pages["index.html"].split("<main", 1)[1])
    first = re.search(r"\bHMICFRS\b", text)
    assert first is not None
    assert text[: first.end() + 1].endswith(
        "His Majesty’s Inspectorate of Constabulary and Fire & Rescue Services (HMICFRS)"
    )
    # And the source's own sentence follows, word for word.
    assert "A report by HMICFRS, following an inspection in 2023, has graded West Mercia Police’s response" in text
