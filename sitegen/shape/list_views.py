"""A list's filter: which items each (year, theme) view shows, and its address.

Pure functions over `Entry` values, shared by the renderer (which writes one static page
per view, the no-JavaScript fallback) and the tests. Any list can have views: by year
when its items have periods (`Collection.has_year_filter`), by theme when it declares
themes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..model.periods import year_choices
from ..model.site_content import Collection, Entry


@dataclass(frozen=True)
class ListView:
    """One filtered view of a list. `None` means "all years" or "all themes"."""

    base: str  # the list's address, like "timeline/"
    year: int | None = None
    theme: str | None = None

    @property
    def path(self) -> str:
        parts = []
        if self.year is not None:
            parts.append(str(self.year))
        if self.theme is not None:
            parts.append(self.theme)
        return self.base + "".join(part + "/" for part in parts)

    @property
    def is_all(self) -> bool:
        return self.year is None and self.theme is None

    def with_year(self, year: int | None) -> ListView:
        return ListView(self.base, year, self.theme)

    def with_theme(self, theme: str | None) -> ListView:
        return ListView(self.base, self.year, theme)

    def shows(self, entry: Entry) -> bool:
        return entry_matches(entry, self.year, self.theme)


def entry_matches(entry: Entry, year: int | None, theme: str | None) -> bool:
    """True when the entry's period covers `year` and it carries `theme` (None matches all)."""
    if year is not None and (entry.period is None or not entry.period.covers(year)):
        return False
    return theme is None or theme in entry.themes


def filter_entries(entries: Iterable[Entry], year: int | None = None, theme: str | None = None) -> list[Entry]:
    return [entry for entry in entries if entry_matches(entry, year, theme)]


def list_years(collection: Collection) -> list[int]:
    """The year choices, generated from the data: a 2024 item adds a 2024 choice."""
    if not collection.has_year_filter:
        return []
    return year_choices(entry.period for entry in collection.entries if entry.period is not None)


def entry_years(entry: Entry, years: Sequence[int]) -> list[int]:
    """The filter years an entry appears under (an open period reaches every year)."""
    return [year for year in years if entry.period is not None and entry.period.covers(year)]


def all_views(collection: Collection) -> list[ListView]:
    """Every view that gets its own static page: all, each year, each theme, each pair."""
    years: list[int | None] = [None, *list_years(collection)]
    themes: list[str | None] = [None, *collection.themes]
    return [ListView(collection.path, year, theme) for year in years for theme in themes]
