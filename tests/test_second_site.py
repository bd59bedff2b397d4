"""A second site, of a fictional fire and rescue service (tests/sites/lindmere-fire/), built
with --strict: everything it shows comes from its own content, nothing from West Mercia's.

It has three topics (water safety, home fire safety, money and figures), a timeline without
themes and one with themes, a list whose every item has a period, a list without periods,
steps, a glossary, a page with old addresses, a draft page and a PDF; and two lists with
fields of their own, in financial years (spending over £500, quarterly figures), tested in
tests/test_declared_fields.py and tests/test_data_packages.py. A new list or topic is a content file and
nothing else: the last tests add one to a copy and find it everywhere it belongs.
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from htmltools import elements, visible_text
from other_sites import SECOND_SITE, copy_second_site, run_main, west_mercia_text

from sitegen.pipeline import render_project
from sitegen.read.project_files import read_project
from sitegen.shape.search_index import documents_in

BASE_URL = "https://www.lindmere-fire.gov.uk/safety/"
ATOM = "{http://www.w3.org/2005/Atom}"
LISTS = {  # address: (number of items, the year choices its data gives, its themes)
    "water-safety/rescues/": (5, list(range(2019, 2026)), []),
    "water-safety/campaigns/": (4, list(range(2021, 2025)), ["cold-water-shock", "open-water-swimming", "schools"]),
    "home-fire-safety/visits/": (4, list(range(2020, 2025)), []),
    "home-fire-safety/partners/": (3, [], []),
    "home-fire-safety/next-steps/": (4, [], []),
}


def render(root: Path) -> dict[str, bytes]:
    """Every file of the site, rendered in memory with --strict (any warning fails)."""
    return render_project(read_project(root), strict=True).files


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return copy_second_site(tmp_path_factory.mktemp("second-site") / "lindmere-fire")


@pytest.fixture(scope="module")
def files(project) -> dict[str, bytes]:
    return render(project)


def page(files: dict[str, bytes], path: str) -> str:
    return files[path + "index.html"].decode("utf-8")


def search_records(files: dict[str, bytes]) -> list[dict[str, str]]:
    return documents_in(files)


def feed_addresses(files: dict[str, bytes]) -> list[str]:
    feed = ET.fromstring(files["feed.xml"])
    return [entry.find(f"{ATOM}id").text for entry in feed.iter(f"{ATOM}entry")]


def test_the_second_site_builds_with_strict_from_the_command_line(project, tmp_path):
    result = run_main("--strict", "--project", str(project), "--output", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert (tmp_path / "site" / "water-safety" / "rescues" / "index.html").is_file()


@pytest.mark.parametrize("path", list(LISTS))
def test_each_list_offers_the_years_its_own_data_gives(files, path):
    _, years, themes = LISTS[path]
    html = page(files, path)
    offered = [link.attrs["data-year"] for link in elements(html, "a") if "data-year" in link.attrs]
    assert offered == (["all", *map(str, years)] if years else [])
    offered_themes = [link.attrs["data-theme"] for link in elements(html, "a") if "data-theme" in link.attrs]
    assert offered_themes == (["all", *themes] if themes else [])


def test_a_timeline_without_themes_has_a_year_filter_and_no_theme_filter(files):
    html = page(files, "water-safety/rescues/")
    assert elements(html, "h3", id="filter-year-label")
    assert not elements(html, "h3", id="filter-theme-label")
    assert "for all years" in visible_text(html)
    views = {path for path in files if path.startswith("water-safety/rescues/")}
    assert views == {"water-safety/rescues/index.html"} | {
        f"water-safety/rescues/{year}/index.html" for year in range(2019, 2026)
    }


def test_a_timeline_with_themes_has_a_page_for_each_year_theme_and_pair(files):
    views = {path for path in files if path.startswith("water-safety/campaigns/") and path.endswith(".html")}
    years = [str(year) for year in range(2021, 2025)]
    themes = ["cold-water-shock", "open-water-swimming", "schools"]
    assert views == {"water-safety/campaigns/index.html"} | {
        f"water-safety/campaigns/{part}index.html"
        for part in [f"{y}/" for y in years] + [f"{t}/" for t in themes] + [f"{y}/{t}/" for y in years for t in themes]
    }
    html = page(files, "water-safety/campaigns/2024/cold-water-shock/")
    assert elements(html, "span", id="list-count")[0].text == "1 campaign"
    assert "A winter campaign on cold water shock" in visible_text(html)


def test_a_list_whose_items_all_have_periods_is_filtered_by_year(files):
    html = page(files, "home-fire-safety/visits/2023/")
    assert elements(html, "span", id="list-count")[0].text == "1 programme"
    assert "Visits to anyone who asks for one" in visible_text(html)  # "2023 and ongoing"
    html = page(files, "home-fire-safety/visits/2024/")
    assert elements(html, "span", id="list-count")[0].text == "2 programmes"  # "2024", and "2023 and ongoing"
    assert "people who live alone" not in visible_text(html)  # "2022"


def test_a_list_without_periods_has_no_filter(files):
    html = page(files, "home-fire-safety/partners/")
    assert not elements(html, "nav", id="list-filter")
    assert "list-filter.js" not in html
    assert [path for path in files if path.startswith("home-fire-safety/partners/")] == [
        "home-fire-safety/partners/index.html"
    ]
    assert len(elements(html, "li", **{"class": "item"})) == 3


@pytest.mark.parametrize(
    "today, in_progress", [("2026-01-15", "Status: In progress"), ("2026-04-01", "Status: In progress Overdue")]
)
def test_steps_show_their_status_and_target_date(project, monkeypatch, today, in_progress):
    # Status tags, and "Overdue" once a target date has passed on the build date (issue 13).
    monkeypatch.setenv("SITEGEN_TODAY", today)
    html = render(project)["home-fire-safety/next-steps/index.html"].decode("utf-8")
    assert "1 of 4 done, 1 in progress, 2 planned." in visible_text(html)
    statuses = [p.text for p in elements(html, "p") if p.attrs.get("class") == "step-status"]
    assert statuses == ["Status: Done", in_progress, "Status: Planned", "Status: Planned"]
    targets = [p.text for p in elements(html, "p") if p.attrs.get("class") == "step-target"]
    assert targets == ["Target date: 31 March 2025", "Target date: 31 March 2026", "Target date: 31 March 2027"]


def test_each_topic_has_its_address_its_contents_and_breadcrumbs(files):
    for topic, lists in (
        ("water-safety/", ["Water rescues, 2019 to 2025", "Water safety campaigns"]),
        (
            "home-fire-safety/",
            ["Home fire safety visit programmes", "Who we work with", "Next steps on home fire safety"],
        ),
    ):
        html = page(files, topic)
        listed = [
            link.text
            for link in elements(html, "a")
            if link.attrs.get("href", "").startswith("../" + topic) and link.attrs["href"] != "../" + topic
        ]
        assert listed == lists, topic
    html = page(files, "water-safety/campaigns/2021/")
    trail = elements(html, "nav", aria_label="Breadcrumb")[0].text
    assert trail == "Home Water safety"


def test_the_home_page_lists_the_topics_and_the_menu_leads_to_them(files):
    html = page(files, "")
    contents = [
        (link.attrs["href"], link.text)
        for link in elements(html, "a")
        if link.attrs.get("href") in ("water-safety/", "home-fire-safety/")
    ]
    menu = elements(html, "nav", aria_label="Main")[0].text
    assert menu == "Home Water safety Home fire safety About"
    assert ("water-safety/", "Water safety") in contents and ("home-fire-safety/", "Home fire safety") in contents
    assert ("water-safety/", "water safety") in contents  # in the home page's own words
    # Its text links each topic, so they are listed once: no second list under "On this site".
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    assert main.count('href="water-safety/"') == main.count('href="home-fire-safety/"') == 1
    assert "On this site" not in visible_text(html)


@pytest.mark.parametrize("path", list(LISTS))
def test_each_list_is_open_data_row_for_row(files, path):
    count, _years, _themes = LISTS[path]
    key = path.rstrip("/")
    rows = list(csv.DictReader(io.StringIO(files[f"data/{key}.csv"].decode("utf-8"))))
    data = json.loads(files[f"data/{key}.json"])
    assert len(rows) == len(data["rows"]) == count
    assert data["page"] == BASE_URL + path
    assert f"data/{key}.schema.json" in files
    assert f'href="../data/{key}.csv"' in page(files, "data/")


def test_the_feed_has_an_entry_for_each_list_topic_and_page_and_none_for_filter_views(files):
    addresses = feed_addresses(files)
    for path in [*LISTS, "water-safety/", "home-fire-safety/", "about/", "glossary/", ""]:
        assert BASE_URL + path in addresses, path
    assert BASE_URL + "water-safety/rescues/2019/" not in addresses


def test_search_finds_each_list_and_each_of_its_items(files):
    urls = [record["url"] for record in search_records(files)]
    for path, (count, _, _) in LISTS.items():
        assert path in urls, path
        items = [url for url in urls if url.startswith(path + "#")]
        assert len(items) == count, path
    assert "water-safety/rescues/#reservoir-rescue" in urls  # An item's own id is its address.


def test_an_old_address_leads_to_the_page(files):
    for old in ("about-us/", "who-we-are/"):
        html = page(files, old)
        assert elements(html, "meta", http_equiv="refresh", content="0; url=../about/")
        assert elements(html, "link", rel="canonical", href=BASE_URL + "about/")
        assert elements(html, "a", href="../about/")[0].text == "Go to About the fire and rescue authority"
        assert elements(html, "meta", name="robots", content="noindex")
    sitemap = files["sitemap.xml"].decode("utf-8")
    assert BASE_URL + "about/" in sitemap and "about-us" not in sitemap


def test_a_draft_page_is_never_published(files):
    assert not [path for path in files if path.startswith("consultation")]
    for name, data in files.items():
        assert b"Fennick Quay" not in data, name
        assert b"consultation/" not in data, name


def test_a_document_is_published_as_it_is_and_linked_from_its_page(files):
    pdf = "files/water-safety-plan-2024.pdf"
    assert files[pdf] == (SECOND_SITE / "content" / pdf).read_bytes()
    links = elements(page(files, "about/"), "a", href="../" + pdf)
    assert [link.text for link in links] == ["Lindmere water safety plan 2024 to 2027"]


def test_a_link_to_a_document_says_its_type_and_size_as_gov_uk_does(files):
    item = next(li for li in elements(page(files, "about/"), "li") if "water safety plan" in li.text)
    assert re.search(r"\(PDF, \d+ bytes\)", item.text), item.text


def test_no_text_of_the_west_mercia_site_is_anywhere_in_its_output(files):
    assert west_mercia_text(files) == []


# --- a new list or topic is a content file and nothing else --------------------------------------

NEW_LIST = """\
kind: list
title: "Water rescue drills"
nav_order: 3
description: "The drills our boat crews train with, and when each one started."
item_name: drill
updated: 2025-10-20
reviewed: 2025-10-20
entries:
  - period: "2018"
    text: Night drills on the Sayle estuary.
  - period: "2026"
    text: Ice rescue drills on Coldmere reservoir.
"""

NEW_TOPIC_INDEX = """\
---
title: Flood safety
nav_order: 5
updated: 2025-10-20
description: How to get ready for floods in Lindmere, and what crews do when they come.
---

Floods reach hundreds of homes in Lindmere each winter.
"""

NEW_TOPIC_LIST = """\
kind: timeline
title: "Flood warnings"
nav_order: 1
description: "The floods our crews were called to, year by year, and what they did at each one."
item_name: flood
updated: 2025-10-20
reviewed: 2025-10-20
entries:
  - period: "2020"
    text: The River Lind burst its banks at Wendle.
"""


def test_a_new_list_is_one_new_file_and_appears_in_its_topic_its_data_and_search(tmp_path):
    root = copy_second_site(tmp_path / "site")
    (root / "content" / "water-safety" / "drills.yaml").write_text(NEW_LIST, encoding="utf-8")

    files = render(root)

    html = page(files, "water-safety/drills/")
    assert elements(html, "h1")[0].text == "Water rescue drills"
    assert "2 drills" in visible_text(html)
    offered = [link.attrs["data-year"] for link in elements(html, "a") if "data-year" in link.attrs]
    assert offered == ["all", *map(str, range(2018, 2027))]  # Years its own data gives.
    assert "water-safety/drills/2026/index.html" in files
    assert elements(page(files, "water-safety/"), "a", href="../water-safety/drills/")[0].text == "Water rescue drills"
    assert len(list(csv.DictReader(io.StringIO(files["data/water-safety/drills.csv"].decode())))) == 2
    urls = [record["url"] for record in search_records(files)]
    assert "water-safety/drills/" in urls and "water-safety/drills/#2026" in urls
    assert BASE_URL + "water-safety/drills/" in feed_addresses(files)


def test_a_new_topic_is_one_new_folder_and_appears_in_the_menu_the_home_page_its_data_and_search(tmp_path):
    root = copy_second_site(tmp_path / "site")
    (root / "content" / "flood-safety").mkdir()
    (root / "content" / "flood-safety" / "index.md").write_text(NEW_TOPIC_INDEX, encoding="utf-8")
    (root / "content" / "flood-safety" / "warnings.yaml").write_text(NEW_TOPIC_LIST, encoding="utf-8")

    files = render(root)

    for path in ("", "about/", "water-safety/rescues/2019/"):
        menu = elements(page(files, path), "nav", aria_label="Main")[0].text
        assert menu == "Home Water safety Home fire safety About Flood safety", path
    assert elements(page(files, ""), "a", href="flood-safety/")
    assert "How to get ready for floods in Lindmere" in visible_text(page(files, ""))
    topic = page(files, "flood-safety/")
    assert elements(topic, "a", href="../flood-safety/warnings/")[0].text == "Flood warnings"
    warnings = page(files, "flood-safety/warnings/")
    assert elements(warnings, "nav", aria_label="Breadcrumb")[0].text == "Home Flood safety"
    assert "flood-safety/warnings/2020/index.html" in files
    assert "data/flood-safety/warnings.csv" in files
    urls = [record["url"] for record in search_records(files)]
    assert {"flood-safety/", "flood-safety/warnings/", "flood-safety/warnings/#2020"} <= set(urls)


def test_a_link_that_already_names_the_document_type_is_left_as_it_is(tmp_path):
    from sitegen.markdown.results import ROOT_MARK
    from sitegen.render.attachments import with_document_details

    sizes = {"files/plan.pdf": 1_300_000, "files/data.xlsx": 2048}
    made = with_document_details(
        f'<a href="{ROOT_MARK}files/plan.pdf">Plan (PDF, 1.2 MB)</a> and <a href="{ROOT_MARK}files/data.xlsx">data</a>',
        sizes,
    )
    assert made == (
        f'<a href="{ROOT_MARK}files/plan.pdf">Plan (PDF, 1.2 MB)</a> and '
        f'<a href="{ROOT_MARK}files/data.xlsx">data</a> '
        '<span class="attachment-details">(Excel spreadsheet, 3 KB)</span>'
    )
