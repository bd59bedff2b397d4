"""The built site, as a reader and a machine see it (rendered in memory from the real content)."""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from htmltools import elements, first_focusable, visible_text

from sitegen.pipeline import render_project
from sitegen.read.project_files import read_project
from sitegen.shape.list_views import filter_entries
from sitegen.shape.list_views import list_years as timeline_years

SEED = Path(__file__).parent / "fixtures" / "seed-page.txt"
WIDGET_CHROME = "Accessibility Settings Skip to main content"  # The old page's overlay, not content.


def seed_items() -> list[str]:
    """Every paragraph, heading and bullet of the page we replace, without bullets and labels."""
    items = []
    for line in SEED.read_text(encoding="utf-8").splitlines():
        line = line.strip().lstrip("•").strip()
        if not line or line == WIDGET_CHROME:
            continue
        items.append(line)
    return items


def without_period_label(item: str) -> tuple[str | None, str]:
    match = re.match(r"^(\d{4}(?:/\d{2})?|Pre-2018 and ongoing) – (.*)$", item)
    return (match[1], match[2]) if match else (None, item)


# The words the build adds after an abbreviation's first use on a page ("PCC (Police and Crime
# Commissioner)"): marked as the site's own, so the content's words can be read without them.
ADDED_EXPANSION = re.compile(r'<span class="abbr-expansion">[^<]*</span>')


@pytest.fixture(scope="module")
def pages_as_written(real_pages) -> dict[str, str]:
    return {path: ADDED_EXPANSION.sub("", html) for path, html in real_pages.items()}


@pytest.fixture(scope="module")
def site_text(pages_as_written) -> str:
    return " ".join(visible_text(html) for html in pages_as_written.values())


@pytest.mark.parametrize("item", seed_items())
def test_every_paragraph_and_bullet_of_the_seed_page_is_on_the_site(item, site_text):
    _, text = without_period_label(item)
    assert " ".join(text.split()) in site_text


@pytest.mark.parametrize("item", [i for i in seed_items() if without_period_label(i)[0]])
def test_every_period_label_is_shown_with_its_entry(item, pages_as_written):
    label, text = without_period_label(item)
    for html in pages_as_written.values():
        for entry in elements(html, "li"):
            if text in entry.text:
                assert entry.text.startswith(label), f"{label!r} should head the entry {text[:40]!r}"
                break
        else:
            continue
        break
    else:
        pytest.fail(f"no list item holds {text[:50]!r}")


def test_every_page_starts_with_the_skip_link_to_main(real_pages):
    for path, html in real_pages.items():
        first = first_focusable(html)
        assert first is not None and first.attrs.get("href") == "#main-content", path
        assert first.text == "Skip to main content"
        assert elements(html, "main", id="main-content", tabindex="-1"), path


def test_every_page_has_one_h1_a_language_a_title_and_the_landmarks(real_pages):
    titles = {}
    for path, html in real_pages.items():
        assert len(elements(html, "h1")) == 1, path
        assert elements(html, "html", lang="en-GB"), path
        for landmark in ("header", "nav", "main", "footer"):
            assert elements(html, landmark), f"{path} has no <{landmark}>"
        (title,) = elements(html, "title")
        assert title.text not in titles, f"{path} has the same title as {titles.get(title.text)}"
        titles[title.text] = path


def test_the_menu_marks_the_current_page(real_pages):
    current = elements(real_pages["regional-work/index.html"], "a", aria_current="page")
    assert [a.text for a in current] == ["Regional work"]
    assert [a.text for a in elements(real_pages["index.html"], "a", aria_current="page")] == ["Overview"]


def test_year_choices_come_from_the_data(real_site, real_pages):
    years = timeline_years(real_site.content.collections["timeline"])
    assert years == [2018, 2019, 2020, 2021, 2022, 2023]
    links = elements(real_pages["timeline/index.html"], "a")
    assert [a.text for a in links if "data-year" in a.attrs] == ["All years"] + [str(y) for y in years]


def test_all_years_is_the_default_choice(real_pages):
    html = real_pages["timeline/index.html"]
    assert [a.text for a in elements(html, "a", aria_current="true") if "data-year" in a.attrs] == ["All years"]
    assert len(elements(html, "li", **{"class": "timeline-entry"})) == 10


def listed_ids(html: str) -> list[str]:
    return [li.attrs["id"] for li in elements(html, "li") if li.attrs.get("class") == "timeline-entry"]


def test_each_year_page_lists_exactly_the_entries_covering_that_year(real_site, real_pages):
    timeline = real_site.content.collections["timeline"]
    for year in timeline_years(timeline):
        html = real_pages[f"timeline/{year}/index.html"]
        expected = [e.id for e in filter_entries(timeline.entries, year=year)]
        assert listed_ids(html) == expected, year
        assert f"{len(expected)} entries" in visible_text(html)
        (current,) = [a for a in elements(html, "a", aria_current="true") if "data-year" in a.attrs]
        assert current.text == str(year)


def test_2021_shows_the_work_running_through_2021(real_pages):
    html = real_pages["timeline/2021/index.html"]
    assert [li.text.split(" ")[0] for li in elements(html, "li") if li.attrs.get("class") == "timeline-entry"] == [
        "2018/23",
        "2018/23",
        "2018/23",
        "2021/22",
    ]


def test_theme_and_year_pages_combine_both_filters(real_site, real_pages):
    timeline = real_site.content.collections["timeline"]
    for theme in timeline.themes:
        assert listed_ids(real_pages[f"timeline/{theme}/index.html"]) == [
            e.id for e in filter_entries(timeline.entries, theme=theme)
        ]
        for year in timeline_years(timeline):
            assert listed_ids(real_pages[f"timeline/{year}/{theme}/index.html"]) == [
                e.id for e in filter_entries(timeline.entries, year=year, theme=theme)
            ]


def test_filter_links_keep_the_other_choice(real_pages):
    html = real_pages["timeline/2021/drugs/index.html"]
    hrefs = {a.text: a.attrs["href"] for a in elements(html, "a") if "data-year" in a.attrs or "data-theme" in a.attrs}
    assert hrefs["2019"] == "../../../timeline/2019/drugs/"
    assert hrefs["All years"] == "../../../timeline/drugs/"
    assert hrefs["All themes"] == "../../../timeline/2021/"


def site_with_entry(make_project, period: str, text: str):
    """The real site with one more timeline entry, rendered in memory."""
    root = make_project()
    timeline = (root / "content/timeline.yaml").read_text(encoding="utf-8")
    timeline += f'\n  - period: "{period}"\n    themes: [drugs]\n    text: {text}\n'
    (root / "content/timeline.yaml").write_text(timeline, encoding="utf-8")
    return render_project(read_project(root))


def test_an_entry_for_2024_adds_a_2024_choice_and_page(make_project):
    site = site_with_entry(make_project, "2024", "A new entry for 2024.")
    html = site.files["timeline/index.html"].decode()
    assert "2024" in [a.text for a in elements(html, "a") if "data-year" in a.attrs]
    page = site.files["timeline/2024/index.html"].decode()
    assert "A new entry for 2024." in visible_text(page)


def test_pre_2018_and_ongoing_is_listed_under_every_year(make_project):
    site = site_with_entry(make_project, "Pre-2018 and ongoing", "Work that never stopped.")
    for year in range(2018, 2024):
        html = site.files[f"timeline/{year}/index.html"].decode()
        (entry,) = [li for li in elements(html, "li") if "Work that never stopped." in li.text]
        assert entry.text.startswith("Pre-2018 and ongoing")


def test_a_new_markdown_file_with_a_title_becomes_a_page(make_project):
    root = make_project({"content/meetings.md": "---\ntitle: Meetings\nupdated: 2026-11-26\n---\n\nSome text.\n"})
    site = render_project(read_project(root))
    html = site.files["meetings/index.html"].decode()
    assert elements(html, "h1")[0].text == "Meetings"
    assert "Some text." in visible_text(html)


def test_pages_with_nav_order_join_the_menu_in_order(make_project):
    root = make_project({"content/meetings.md": "---\ntitle: Meetings\nnav_order: 0\nupdated: 2026-11-26\n---\n"})
    html = render_project(read_project(root)).files["index.html"].decode()
    nav = [a.text for a in elements(html, "a") if a.attrs.get("href", "").endswith("meetings/")]
    assert nav and elements(html, "nav")


def test_the_plan_priority_is_a_real_quotation(real_pages):
    (quote,) = elements(real_pages["plan/index.html"], "blockquote")
    assert (
        quote.text
        == "Ensure a robust response to serious and organised crime to reduce the harm it causes in our communities."
    )


def test_the_first_use_of_an_abbreviation_on_each_page_is_marked_once(real_pages):
    for path in ("timeline/index.html", "timeline/2021/index.html", "regional-work/index.html", "index.html"):
        abbrs = [a.text for a in elements(real_pages[path], "abbr")]
        assert len(abbrs) == len(set(abbrs)), f"{path} marks an abbreviation twice: {abbrs}"
    soc = [a for a in elements(real_pages["regional-work/index.html"], "abbr") if a.text == "SOC"]
    assert soc[0].attrs["title"] == "serious and organised crime"


def test_every_page_carries_a_strict_content_security_policy(real_pages, real_site):
    early = (
        (Path(__file__).parents[1] / "sitegen/theme/static/js/settings-early.js").read_text(encoding="utf-8").strip()
    )
    digest = base64.b64encode(hashlib.sha256(early.encode()).digest()).decode()
    for path, html in real_pages.items():
        (meta,) = elements(html, "meta", http_equiv="Content-Security-Policy")
        policy = meta.attrs["content"]
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, path
        assert f"'sha256-{digest}'" in policy
        assert "default-src 'none'" in policy
        assert elements(html, "meta", name="referrer")


def test_no_page_loads_anything_from_another_site(real_pages):
    for path, html in real_pages.items():
        for tag, attribute in (("script", "src"), ("link", "href"), ("img", "src")):
            for element in elements(html, tag):
                if tag == "link" and element.attrs.get("rel") in ("canonical", "alternate"):
                    continue
                value = element.attrs.get(attribute, "")
                assert not re.match(r"^(https?:)?//", value), f"{path} loads {value}"


# --- open data, feeds and dates ------------------------------------------------------------


def test_each_collection_is_published_as_csv_and_json_matching_the_content(real_site):
    content = real_site.content
    for key, collection in content.collections.items():
        rows = list(csv.DictReader(io.StringIO(real_site.files[f"data/{key}.csv"].decode("utf-8-sig"))))
        data = json.loads(real_site.files[f"data/{key}.json"])
        assert [r["id"] for r in rows] == [e.id for e in collection.entries]
        assert [r["id"] for r in data["rows"]] == [e.id for e in collection.entries]
        assert data["licence"]["name"] == "Open Government Licence v3.0"
        schema = json.loads(real_site.files[f"data/{key}.schema.json"])
        assert set(schema["required"]) == set(data["rows"][0]) == set(rows[0])
    timeline = list(csv.DictReader(io.StringIO(real_site.files["data/timeline.csv"].decode("utf-8-sig"))))
    assert [r["period"] for r in timeline] == [e.period.label for e in content.collections["timeline"].entries]
    assert timeline[2]["first_year"] == "2018" and timeline[2]["last_year"] == "2023"
    assert real_site.files["data/timeline.csv"].count(b"\r\n") == len(timeline) + 1


def test_data_is_linked_from_its_page_with_its_size(real_pages):
    text = visible_text(real_pages["timeline/index.html"])
    assert re.search(r"In West Mercia \(2018/23\) as CSV, \d+ KB", text)
    data_page = visible_text(real_pages["data/index.html"])
    for title in ("In West Mercia (2018/23)", "Funded services", "Next steps", "Glossary"):
        assert f"{title} as CSV" in data_page and f"{title} as JSON" in data_page


def test_feed_and_sitemap_are_valid_xml_listing_every_page_at_the_base_url(real_site):
    base = real_site.content.config.base_url
    sitemap = ET.fromstring(real_site.files["sitemap.xml"])
    locations = {loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    pages = {p for p in real_site.files if p.endswith("index.html")}
    # Every page but the filter views with nothing in them, which are marked noindex (issue 21).
    pages = {p for p in pages if b'content="noindex"' not in real_site.files[p]}
    assert locations == {base + p.removesuffix("index.html") for p in pages}
    feed = ET.fromstring(real_site.files["feed.xml"])
    atom = "{http://www.w3.org/2005/Atom}"
    entries = feed.findall(f"{atom}entry")
    assert entries and all(e.find(f"{atom}updated").text.startswith("2026-") for e in entries)
    assert all(e.find(f"{atom}id").text.startswith(base) for e in entries)
    assert f"Sitemap: {base}sitemap.xml" in real_site.files["robots.txt"].decode()


def test_pages_show_when_they_were_last_updated_from_the_content(real_pages):
    html = real_pages["next-steps/index.html"]
    assert 'Last updated <time datetime="2026-11-26">26 November 2026</time>' in html
    assert "Last reviewed" not in html  # The content gives no review date (issue 21): none is shown.


def test_next_steps_show_no_status_the_source_does_not_give(real_pages):
    text = visible_text(real_pages["next-steps/index.html"])
    assert "Status" not in text and "planned" not in text.lower()


def test_canonical_and_open_graph_tags_use_the_base_url(real_site, real_pages):
    html = real_pages["timeline/2021/index.html"]
    address = real_site.content.config.base_url + "timeline/2021/"
    assert address.startswith("https://") and "example" not in address
    assert elements(html, "link", rel="canonical")[0].attrs["href"] == address
    assert elements(html, "meta", property="og:url")[0].attrs["content"] == address
    assert elements(html, "meta", name="description")[0].attrs["content"]
