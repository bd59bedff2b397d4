"""A list's filter: which items each year and theme shows, and the views' addresses."""

import datetime

from sitegen.model.periods import parse_period
from sitegen.model.site_content import Entry
from sitegen.shape.list_views import ListView, entry_matches, entry_years, filter_entries

DAY = datetime.date(2026, 11, 26)


def entry(label, *themes, id=None):
    return Entry(id or label, f"Text for {label}", 1, parse_period(label), tuple(themes), DAY)


ENTRIES = [
    entry("2018", "partnership-working", id="a"),
    entry("2018/23", "drugs", id="b"),
    entry("2019/20", "partnership-working", id="c"),
    entry("2021/22", "drugs", "partnership-working", id="d"),
    entry("Pre-2018 and ongoing", "victims", id="e"),
]


def ids(entries):
    return [e.id for e in entries]


def test_all_years_and_all_themes_show_every_entry_in_order():
    assert ids(filter_entries(ENTRIES)) == ["a", "b", "c", "d", "e"]


def test_a_year_shows_the_entries_whose_period_covers_it():
    assert ids(filter_entries(ENTRIES, year=2021)) == ["b", "d", "e"]
    assert ids(filter_entries(ENTRIES, year=2020)) == ["b", "c", "e"]
    assert ids(filter_entries(ENTRIES, year=2018)) == ["a", "b", "e"]


def test_pre_2018_and_ongoing_appears_under_every_year():
    for year in range(2010, 2030):
        assert "e" in ids(filter_entries(ENTRIES, year=year))


def test_a_theme_and_a_year_filter_together():
    assert ids(filter_entries(ENTRIES, year=2021, theme="drugs")) == ["b", "d"]
    assert ids(filter_entries(ENTRIES, year=2019, theme="partnership-working")) == ["c"]
    assert ids(filter_entries(ENTRIES, year=2019, theme="nothing")) == []


def test_an_entry_without_a_period_matches_no_particular_year():
    undated = Entry("x", "t", 1, None, (), DAY)
    assert entry_matches(undated, None, None)
    assert not entry_matches(undated, 2020, None)


def test_an_entry_lists_the_filter_years_it_appears_under():
    years = [2018, 2019, 2020, 2021, 2022, 2023]
    assert entry_years(ENTRIES[2], years) == [2019, 2020]
    assert entry_years(ENTRIES[4], years) == years


def test_each_view_has_its_own_address():
    assert ListView("timeline/").path == "timeline/"
    assert ListView("timeline/", 2021).path == "timeline/2021/"
    assert ListView("timeline/", None, "drugs").path == "timeline/drugs/"
    assert ListView("timeline/", 2021, "drugs").path == "timeline/2021/drugs/"
    assert ListView("timeline/", 2021, "drugs").with_year(None).path == "timeline/drugs/"
    assert ListView("timeline/", 2021).with_theme("drugs").path == "timeline/2021/drugs/"
    assert ListView("vawg/timeline/", 2021, "drugs").path == "vawg/timeline/2021/drugs/"
