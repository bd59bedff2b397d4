"""A list's filter: which items each (year, theme) view shows, and its address.

Pure functions over `Entry` values, shared by the renderer (which writes one static page
per view, the no-JavaScript fallback) and the tests. Any list can have views: by year
when its items have periods (`Collection.has_year_filter`), by theme when it declares
themes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..model.periods import financial_year_choices, financial_year_label, year_choices
from ..model.site_content import Collection, Entry


@dataclass(frozen=True)
class ListView:
    """One filtered view of a list. `None` means "all years" or "all themes"."""

    base: str  # the list's address, like "timeline/"
    year: int | None = None
    theme: str | None = None
    # The list's years are financial years: `year` 2023 is 2023/24, at the address 2023-24/.
    financial: bool = False

    @property
    def path(self) -> str:
        parts = []
        if self.year is not None:
            parts.append(year_token(self.year, self.financial))
        if self.theme is not None:
            parts.append(self.theme)
        return self.base + "".join(part + "/" for part in parts)

    @property
    def is_all(self) -> bool:
        return self.year is None and self.theme is None

    @property
    def year_label(self) -> str:
        return "" if self.year is None else year_label(self.year, self.financial)

    def with_year(self, year: int | None) -> ListView:
        return ListView(self.base, year, self.theme, self.financial)

    def with_theme(self, theme: str | None) -> ListView:
        return ListView(self.base, self.year, theme, self.financial)

    def shows(self, entry: Entry) -> bool:
        return entry_matches(entry, self.year, self.theme, self.financial)


def year_token(year: int, financial: bool = False) -> str:
    """A year's part of an address and its filter value: "2021", or "2023-24" for 2023/24."""
    return financial_year_label(year).replace("/", "-") if financial else str(year)


def year_label(year: int, financial: bool = False) -> str:
    """A year as readers see it: "2021", or "2023/24" for a financial year."""
    return financial_year_label(year) if financial else str(year)


def entry_matches(entry: Entry, year: int | None, theme: str | None, financial: bool = False) -> bool:
    """True when the entry's period touches `year` and it carries `theme` (None matches all)."""
    if year is not None:
        if entry.period is None:
            return False
        covered = entry.period.covers_financial_year(year) if financial else entry.period.covers(year)
        if not covered:
            return False
    return theme is None or theme in entry.themes


def filter_entries(
    entries: Iterable[Entry], year: int | None = None, theme: str | None = None, financial: bool = False
) -> list[Entry]:
    return [entry for entry in entries if entry_matches(entry, year, theme, financial)]


def list_years(collection: Collection) -> list[int]:
    """The year choices, generated from the data: a 2024 item adds a 2024 choice (a financial
    year's list: 2023 for 2023/24)."""
    if not collection.has_year_filter:
        return []
    periods = [entry.period for entry in collection.entries if entry.period is not None]
    return financial_year_choices(periods) if collection.financial_years else year_choices(periods)


def entry_years(entry: Entry, years: Sequence[int], financial: bool = False) -> list[int]:
    """The filter years an entry appears under: every year it touches (an open period reaches every year)."""
    return [year for year in years if entry_matches(entry, year, None, financial)]


def all_views(collection: Collection) -> list[ListView]:
    """Every view that gets its own static page: all, each year, each theme, each pair."""
    years: list[int | None] = [None, *list_years(collection)]
    themes: list[str | None] = [None, *collection.themes]
    financial = collection.financial_years
    return [ListView(collection.path, year, theme, financial) for year in years for theme in themes]
