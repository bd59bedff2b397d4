"""Each view of a list says what it shows, dates are given once, and steps show their status
at a glance (issue 13). Rendered in memory from the real content, or from a copy changed here."""

from __future__ import annotations

import dataclasses
import datetime
import re

import pytest
from htmltools import elements, visible_text
from tooling import REPO_ROOT

from sitegen.model.build_date import BuildDateError, build_date
from sitegen.pipeline import render_project
from sitegen.read.project_files import Project, read_project
from sitegen.render.list_pages import ViewHeadings, title_without_period

SITE_TITLE_SUFFIX = " – Serious and organised crime in West Mercia, 2018–23"


@pytest.fixture(scope="module")
def project() -> Project:
    return read_project(REPO_ROOT)


def changed(project: Project, changes: dict[str, str]) -> Project:
    files = dict(project.files)
    files.update({name: value.encode("utf-8") for name, value in changes.items()})
    return dataclasses.replace(project, files=files)


def h1(html: str) -> str:
    (heading,) = elements(html, "h1")
    return heading.text


def title(html: str) -> str:
    (element,) = elements(html, "title")
    return element.text


# --- headings and titles ------------------------------------------------------------------


def test_a_year_view_is_headed_with_the_menus_name_and_its_year_not_the_whole_period(real_pages):
    html = real_pages["timeline/2021/index.html"]
    assert h1(html) == "Timeline: 2021"
    assert title(html) == "Timeline: 2021" + SITE_TITLE_SUFFIX
    assert "2018/23" not in h1(html) and "2018/23" not in title(html)


def test_a_theme_view_adds_the_theme_in_words_before_the_year(real_pages):
    assert h1(real_pages["timeline/2021/drugs/index.html"]) == "Timeline: drugs, 2021"
    assert title(real_pages["timeline/2021/drugs/index.html"]) == "Timeline: drugs, 2021" + SITE_TITLE_SUFFIX
    assert h1(real_pages["timeline/drugs/index.html"]) == "Timeline: drugs"
    assert h1(real_pages["timeline/index.html"]) == "Timeline: In West Mercia (2018/23)"  # the source's own heading


def test_the_heading_title_and_count_use_the_same_words(real_pages):
    html = real_pages["timeline/2021/drugs/index.html"]
    (count,) = elements(html, "span", id="list-count")
    (view,) = elements(html, "span", id="list-view")
    assert f"{count.text} {view.text}" == "1 entry for drugs, 2021"
    assert h1(html).endswith(view.text.removeprefix("for "))


def test_every_menu_label_is_in_the_heading_of_the_page_it_opens(real_site, real_pages):
    nav = elements(real_pages["plan/index.html"], "nav", id="site-menu")[0]
    links = [a for a in elements(real_pages["plan/index.html"], "a") if a.attrs.get("data-section") is not None]
    assert nav and len(links) > 5
    for link in links:
        path = link.attrs["data-section"]
        if path == "":
            continue  # The home page: its heading is the site's name.
        label = title_without_period(link.text).lower()
        assert label in h1(real_pages[path + "index.html"]).lower(), (link.text, path)


def test_every_view_of_every_list_names_its_year_and_theme(real_site, real_pages):
    checked = 0
    for collection in real_site.content.collections.values():
        short = collection.nav_title or title_without_period(collection.title)
        for path, html in real_pages.items():
            rest = path.removeprefix(collection.path).removesuffix("index.html").strip("/")
            if not path.startswith(collection.path) or not rest:
                continue
            heading = h1(html)
            parts = rest.split("/")
            year = next((p for p in parts if p.isdigit()), None)
            theme = next((p for p in parts if not p.isdigit()), None)
            theme_words = collection.themes[theme].lower() if theme else None
            assert heading == f"{short}: " + ", ".join(w for w in (theme_words, year) if w), path
            assert title(html) == heading + SITE_TITLE_SUFFIX, path
            checked += 1
    assert checked > 70  # The timeline's years, themes and pairs, and the other lists' views.


@pytest.mark.parametrize(
    "title, expected",
    [
        ("In West Mercia (2018/23)", "In West Mercia"),
        ("Regional work", "Regional work"),
        ("Work in the region, 2018–23", "Work in the region"),
        ("Meetings 2019 to 2020", "Meetings"),
        ("Strategy (2018)", "Strategy"),
        ("Services (Pre-2018 and ongoing)", "Services"),
        ("Plan (draft)", "Plan (draft)"),
        ("Top 10 services", "Top 10 services"),
        ("2021", "2021"),
    ],
)
def test_only_a_period_that_closes_a_title_is_left_out_of_year_headings(title, expected):
    assert title_without_period(title) == expected


def test_headings_for_a_list_without_a_menu_name():
    headings = ViewHeadings("Regional work")
    assert headings.of(None, None) == "Regional work"
    assert headings.of(2021, None) == "Regional work: 2021"
    assert headings.of(2021, "Drugs") == "Regional work: drugs, 2021"
    assert headings.of(None, "Drugs") == "Regional work: drugs"
    assert headings.of(None, "CSE") == "Regional work: CSE"  # letters stay capitals
    assert ViewHeadings("Work in the region (2018/23)").of(2021, None) == "Work in the region: 2021"


def test_the_filter_carries_the_headings_the_script_builds(real_pages):
    (nav,) = elements(real_pages["timeline/2021/index.html"], "nav", id="list-filter")
    assert nav.attrs["data-heading-all"] == "Timeline: In West Mercia (2018/23)"
    assert nav.attrs["data-heading-short"] == "Timeline"
    assert nav.attrs["data-title-suffix"] == SITE_TITLE_SUFFIX


# --- dates once ------------------------------------------------------------------------------


def test_a_list_says_last_reviewed_once_when_its_items_share_the_date(project):
    timeline = project.files["content/timeline.yaml"].decode("utf-8")
    site = render_project(
        changed(
            project, {"content/timeline.yaml": timeline.replace("\nentries:\n", "\nreviewed: 2026-11-26\nentries:\n")}
        )
    )
    html = site.files["timeline/index.html"].decode("utf-8")
    assert html.count("Last reviewed") == 1
    assert 'Last reviewed <time datetime="2026-11-26">26 November 2026</time>' in html


def test_no_list_says_last_reviewed_unless_its_content_gives_a_review_date(real_site, real_pages):
    """The source gives no review date, so West Mercia's lists give none, and none is made up."""
    for collection in real_site.content.collections.values():
        assert collection.reviewed is None
        assert "Last reviewed" not in real_pages[collection.path + "index.html"], collection.path


def test_an_item_reviewed_on_another_date_says_so_and_no_other_does(project):
    timeline = project.files["content/timeline.yaml"].decode("utf-8")
    old = "  - id: supported-west-mercia-polices-development-of\n"
    assert timeline.count(old) == 1
    site = render_project(
        changed(project, {"content/timeline.yaml": timeline.replace(old, old + "    reviewed: 2026-03-04\n")})
    )
    html = site.files["timeline/index.html"].decode("utf-8")
    assert html.count("Last reviewed") == 1
    (item,) = [
        li for li in elements(html, "li") if li.attrs.get("id") == "supported-west-mercia-polices-development-of"
    ]
    assert "Last reviewed 4 March 2026." in item.text
    others = [li for li in elements(html, "li", **{"class": "timeline-entry"}) if li is not item]
    assert others and not any("Last reviewed" in li.text for li in others)


# --- steps at a glance ----------------------------------------------------------------------

STEPS = """kind: steps
title: "Next steps"
description: "What happens next, and how far each step has got."
item_name: step
updated: 2026-11-26
reviewed: 2026-11-26
entries:
  - id: late
    status: planned
    target: 2027-03-31
    text: A planned step whose target date has passed.
  - id: late-but-started
    status: in progress
    target: 2027-01-15
    text: A step in progress whose target date has passed.
  - id: done-late
    status: done
    target: 2026-12-31
    text: A step done, whose target date has passed.
  - id: on-time
    status: in progress
    target: 2027-06-30
    text: A step due later.
  - id: open
    status: planned
    text: A step with no target date.
"""


@pytest.fixture
def steps_site(project, monkeypatch):
    monkeypatch.setenv("SITEGEN_TODAY", "2027-04-01")
    site = render_project(changed(project, {"content/next-steps.yaml": STEPS}))
    return site.files["next-steps/index.html"].decode("utf-8")


def step(html: str, step_id: str):
    (item,) = [li for li in elements(html, "li") if li.attrs.get("id") == step_id]
    return item


def tags(html: str, step_id: str) -> list[str]:
    inside = html.split(f'id="{step_id}"', 1)[1].split("</li>", 1)[0]
    return [tag.text for tag in elements(inside, "strong") if "tag" in tag.attrs.get("class", "").split()]


def test_each_step_shows_its_status_as_a_tag_and_overdue_when_its_target_has_passed(steps_site):
    assert tags(steps_site, "late") == ["Planned", "Overdue"]
    assert tags(steps_site, "late-but-started") == ["In progress", "Overdue"]
    assert tags(steps_site, "done-late") == ["Done"]
    assert tags(steps_site, "on-time") == ["In progress"]
    assert tags(steps_site, "open") == ["Planned"]
    assert "Status: Planned Overdue Target date: 31 March 2027" in step(steps_site, "late").text
    assert "Target date: 30 June 2027" in step(steps_site, "on-time").text
    assert "Target date" not in step(steps_site, "open").text


def test_the_tag_colour_follows_the_status(steps_site):
    classes = [t.attrs["class"] for t in elements(steps_site, "strong") if "tag" in t.attrs.get("class", "")]
    assert set(classes) == {"tag tag-planned", "tag tag-in-progress", "tag tag-done", "tag tag-overdue"}


def test_the_progress_summary_counts_statuses_and_overdue_steps_on_the_build_date(steps_site):
    text = visible_text(steps_site)
    assert "1 of 5 done, 2 in progress, 2 planned." in text
    assert "Overdue on 1 April 2027: 2 of the 4 steps with a target date. 1 step has no target date." in text
    (summary,) = elements(steps_site, "p", id="progress-dates")
    assert summary.attrs["data-today"] == "2027-04-01"
    assert '<script src="../static/js/step-dates.js" defer></script>' in steps_site


def test_a_step_is_not_overdue_on_its_target_date(project, monkeypatch):
    monkeypatch.setenv("SITEGEN_TODAY", "2027-03-31")
    html = render_project(changed(project, {"content/next-steps.yaml": STEPS})).files["next-steps/index.html"]
    assert tags(html.decode("utf-8"), "late") == ["Planned"]


def test_real_steps_show_no_status_and_no_progress_because_the_source_gives_none(real_pages):
    html = real_pages["next-steps/index.html"]
    text = visible_text(html)
    for claim in ("Progress", "done", "in progress", "planned", "Planned", "Status", "Target date", "Overdue"):
        assert claim not in text, claim
    assert 'class="tag' not in html and "data-status" not in html
    assert "step-dates.js" not in html  # Nothing can become overdue.


def test_a_step_without_a_status_shows_none_and_the_summary_counts_only_what_was_given(project):
    steps = STEPS.replace("  - id: open\n    status: planned\n", "  - id: open\n").replace(
        "  - id: on-time\n    status: in progress\n", "  - id: on-time\n"
    )
    html = render_project(changed(project, {"content/next-steps.yaml": steps})).files["next-steps/index.html"]
    html = html.decode("utf-8")
    assert tags(html, "open") == [] and tags(html, "on-time") == []
    assert "Status" not in step(html, "open").text
    assert "Target date: 30 June 2027" in step(html, "on-time").text
    assert "3 of the 5 steps have a status: 1 done, 1 in progress, 1 planned. The others have none." in visible_text(
        html
    )


# --- the build date -------------------------------------------------------------------------


def test_the_build_date_can_be_fixed_for_tests_and_reproducible_builds():
    assert build_date({"SITEGEN_TODAY": "2027-04-01", "SOURCE_DATE_EPOCH": "0"}) == datetime.date(2027, 4, 1)
    assert build_date({"SOURCE_DATE_EPOCH": "1798761600"}) == datetime.date(2027, 1, 1)
    assert build_date({"SOURCE_DATE_EPOCH": "1798761599"}) == datetime.date(2026, 12, 31)  # read in UTC
    assert build_date({}) == datetime.date.today()


@pytest.mark.parametrize(
    "environ, message",
    [
        ({"SITEGEN_TODAY": "1/4/2027"}, 'SITEGEN_TODAY must be a date like 2027-04-01, got "1/4/2027"'),
        (
            {"SOURCE_DATE_EPOCH": "yesterday"},
            'SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, got "yesterday"',
        ),
    ],
)
def test_a_build_date_that_cannot_be_read_is_refused_with_a_message(environ, message):
    with pytest.raises(BuildDateError) as caught:
        build_date(environ)
    assert str(caught.value) == message


def test_two_builds_on_a_fixed_date_are_identical(project, monkeypatch):
    monkeypatch.delenv("SITEGEN_TODAY", raising=False)  # tests/conftest.py sets it, and it comes first.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1798761600")
    first = render_project(changed(project, {"content/next-steps.yaml": STEPS})).files
    second = render_project(changed(project, {"content/next-steps.yaml": STEPS})).files
    assert first == second
    assert re.search(
        r"Overdue on <time datetime=\"2027-01-01\">1 January 2027</time>",
        first["next-steps/index.html"].decode("utf-8"),
    )


# --- no empty pages offered to search engines (issue 21) -------------------------------------


def test_a_view_with_no_entries_says_so_and_is_not_offered_to_search_engines(real_site, real_pages):
    sitemap = real_site.files["sitemap.xml"].decode("utf-8")
    base = real_site.content.config.base_url
    empty = [path for path, html in real_pages.items() if 'id="list-empty">' in html]
    assert len(empty) == 4  # A theme in a year it has nothing in, like neighbourhood crime in 2019.
    for path in empty:
        html = real_pages[path]
        assert '<meta name="robots" content="noindex">' in html, path
        assert f"<loc>{base}{path.removesuffix('index.html')}</loc>" not in sitemap, path
        assert "No entries match this choice. Show all entries." in visible_text(html), path
    others = [p for p in real_pages if p.startswith("timeline/") and p not in empty]
    assert others and not any('content="noindex"' in real_pages[p] for p in others)
    assert f"<loc>{base}timeline/2021/drugs/</loc>" in sitemap
