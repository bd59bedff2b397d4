"""Period labels such as "2019/20" or "Pre-2018 and ongoing", and the years they cover.

The label is kept exactly as the editor wrote it (readers know it); the parsed
`Period` gives machines the years. Pure functions only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

PERIOD_EXAMPLES = '2024, 2023/24 or "2020 and ongoing"'

_YEAR = r"(\d{4})"
_SINGLE = re.compile(rf"^{_YEAR}$")
# "2019/20", "2018/23", "2019/2020"; also an en dash or hyphen between full years.
_SPAN = re.compile(rf"^{_YEAR}\s*(?:/|–|-|to)\s*(\d{{2}}|\d{{4}})$", re.IGNORECASE)
_FROM = re.compile(rf"^{_YEAR}\s+(?:and\s+ongoing|onwards)$", re.IGNORECASE)
_BEFORE = re.compile(rf"^(?:pre-?|before)\s*{_YEAR}(\s+and\s+ongoing)?$", re.IGNORECASE)


class PeriodError(ValueError):
    """A period label that cannot be read; the message is written for editors."""


@dataclass(frozen=True)
class Period:
    """A span of years. `first_year=None` is an open start; `last_year=None` is ongoing."""

    label: str
    first_year: int | None
    last_year: int | None
    # For an open start ("Pre-2018"), the year it runs up to, so the label can be explained.
    before_year: int | None = None

    @property
    def is_ongoing(self) -> bool:
        return self.last_year is None

    @property
    def has_open_start(self) -> bool:
        return self.first_year is None

    def covers(self, year: int) -> bool:
        """True when the period includes `year` (open ends reach every year)."""
        after_start = self.first_year is None or self.first_year <= year
        before_end = self.last_year is None or year <= self.last_year
        return after_start and before_end

    def machine_date(self) -> str:
        """The value for `<time datetime>`: the first year, else the year it runs up to."""
        year = self.first_year if self.first_year is not None else self.before_year
        return str(year)

    def describe(self) -> str:
        """The period in plain words, for screen readers and the open data."""
        start = f"from {self.first_year}" if self.first_year else f"before {self.before_year}"
        if self.last_year is None:
            return f"{start}, ongoing"
        if self.first_year == self.last_year:
            return str(self.first_year)
        if self.first_year is None:  # "Pre-2018": everything before that year.
            return start
        return f"{self.first_year} to {self.last_year}"


def parse_period(label: str) -> Period:
    """Read a period label; raise `PeriodError` with an editor-facing message if it is not one."""
    text = " ".join(str(label).split())
    if match := _SINGLE.match(text):
        year = int(match[1])
        return Period(label, year, year)
    if match := _SPAN.match(text):
        first = int(match[1])
        last = _expand_end_year(first, match[2])
        if last <= first:
            raise PeriodError(
                f'the period "{label}" ends ({last}) before or when it starts ({first}); '
                f"write it like {PERIOD_EXAMPLES}"
            )
        return Period(label, first, last)
    if match := _FROM.match(text):
        return Period(label, int(match[1]), None)
    if match := _BEFORE.match(text):
        before = int(match[1])
        ongoing = bool(match[2])
        return Period(label, None, None if ongoing else before - 1, before_year=before)
    raise PeriodError(f"'period' must look like {PERIOD_EXAMPLES}, got \"{label}\"")


def _expand_end_year(first: int, end: str) -> int:
    """ "23" after 2018 means 2023; four digits are taken as written."""
    if len(end) == 4:
        return int(end)
    century = first - first % 100
    last = century + int(end)
    # "1999/00" crosses a century; "2023/19" is a mistake and stays earlier, to be refused.
    return last + 100 if last < first and last + 100 - first < 10 else last


def year_choices(periods: Iterable[Period]) -> list[int]:
    """Every year from the earliest stated year to the latest, so each gets a filter choice.

    Open ends (before/ongoing) do not stretch the range: an entry running from
    "Pre-2018 and ongoing" appears under every year the rest of the data names.
    """
    years: set[int] = set()
    for period in periods:
        years.update(y for y in (period.first_year, period.last_year) if y is not None)
    if not years:
        return []
    return list(range(min(years), max(years) + 1))
