"""Period labels as people write them, and the dates they cover.

A day ("31 March 2024", 2024-03-31), a month ("March 2024"), a quarter ("Q1 2024";
"Q1 2024/25" is a financial year's first quarter, April to June 2024), a calendar year
("2024"), a span of years ("2019/20", "2018/23"), a UK financial year ("2023/24" when the
list says `periods: financial years`: April 2023 to March 2024), open ends ("Pre-2018",
"2020 and ongoing") and ranges of these ("January to March 2024", "March 2024 to May 2025").

The label is kept exactly as the editor wrote it (readers know it); the parsed `Period`
gives machines its first and last days, and screen readers its words. Pure functions only.
"""

from __future__ import annotations

import calendar
import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from types import MappingProxyType

PERIOD_EXAMPLES = '2024, 2023/24 or "2020 and ongoing"'  # more forms: docs/editing.md, "Dates"
CALENDAR_YEARS, FINANCIAL_YEARS = "calendar years", "financial years"

_YEAR = r"(\d{4})"
_SINGLE = re.compile(rf"^{_YEAR}$")
# "2019/20", "2018/23", "2019/2020"; also an en dash or hyphen between full years.
_SPAN = re.compile(rf"^{_YEAR}\s*(/|–|-|to)\s*(\d{{2}}|\d{{4}})$", re.IGNORECASE)
_FROM = re.compile(rf"^{_YEAR}\s+(?:and\s+ongoing|onwards)$", re.IGNORECASE)
_BEFORE = re.compile(rf"^(?:pre-?|before)\s*{_YEAR}(\s+and\s+ongoing)?$", re.IGNORECASE)
_MONTHS = MappingProxyType(
    {
        name.lower(): number
        for names in (calendar.month_name, calendar.month_abbr)
        for number, name in enumerate(names)
        if name
    }
)
_MONTH_NAME = r"([A-Za-z]{3,9})"
_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DAY = re.compile(rf"^(\d{{1,2}})\s+{_MONTH_NAME}\s+{_YEAR}$")
_MONTH = re.compile(rf"^{_MONTH_NAME}\s+{_YEAR}$")
_QUARTER = re.compile(rf"^Q([1-4])\s+{_YEAR}(?:\s*/\s*(\d{{2}}|\d{{4}}))?$", re.IGNORECASE)
_RANGE = re.compile(r"^(.+?)\s+(?:to|until|–|-)\s+(.+)$", re.IGNORECASE)


class PeriodError(ValueError):
    """A period label that cannot be read; the message is written for editors."""


@dataclass(frozen=True)
class Period:
    """A span of time. `first_year=None` is an open start; `last_year=None` is ongoing.

    `start` and `end` are its first and last days (None for an open end); `first_year` and
    `last_year` the calendar years it touches, so a year filter shows it under each."""

    label: str
    first_year: int | None
    last_year: int | None
    # For an open start ("Pre-2018"), the year it runs up to, so the label can be explained.
    before_year: int | None = None
    start: datetime.date | None = None
    end: datetime.date | None = None
    machine: str = ""  # the `<time datetime>` value: "2024", "2024-03", "2024-03-31"
    words: str = ""  # how it is read aloud, when the label alone could be misheard

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

    def covers_financial_year(self, first_year: int) -> bool:
        """True when the period touches the financial year from April `first_year` to March after."""
        after_start = self.start is None or self.start <= datetime.date(first_year + 1, 3, 31)
        before_end = self.end is None or datetime.date(first_year, 4, 1) <= self.end
        return after_start and before_end

    def machine_date(self) -> str:
        """The value for `<time datetime>`: its first day, month or year, else the year it runs up to."""
        if self.machine:
            return self.machine
        year = self.first_year if self.first_year is not None else self.before_year
        return str(year)

    def describe(self) -> str:
        """The period in plain words, for screen readers and the open data."""
        if self.words:
            return self.words
        start = f"from {self.first_year}" if self.first_year else f"before {self.before_year}"
        if self.last_year is None:
            return f"{start}, ongoing"
        if self.first_year == self.last_year:
            return str(self.first_year)
        if self.first_year is None:  # "Pre-2018": everything before that year.
            return start
        return f"{self.first_year} to {self.last_year}"


def _spoken_financial(first: int, last: int) -> str:
    if last == first + 1:
        return f"financial year {first} to {last}"
    return f"financial years {first} to {first + 1} through {last - 1} to {last}"


def parse_period(label: str, financial_years: bool = False) -> Period:
    """Read a period label; raise `PeriodError` with an editor-facing message if it is not one.

    With `financial_years`, "2023/24" is the financial year April 2023 to March 2024."""
    text = " ".join(str(label).split())
    if match := _SINGLE.match(text):
        year = int(match[1])
        return Period(label, year, year, None, datetime.date(year, 1, 1), datetime.date(year, 12, 31), str(year))
    if match := _SPAN.match(text):
        first = int(match[1])
        last = _expand_end_year(first, match[3])
        if last <= first:
            raise PeriodError(
                f'the period "{label}" ends ({last}) before or when it starts ({first}); '
                f"write it like {PERIOD_EXAMPLES}"
            )
        if financial_years and match[2] == "/":
            return Period(
                label,
                first,
                last,
                None,
                datetime.date(first, 4, 1),
                datetime.date(last, 3, 31),
                f"{first}-04",
                _spoken_financial(first, last),
            )
        return Period(label, first, last, None, datetime.date(first, 1, 1), datetime.date(last, 12, 31), str(first))
    if match := _FROM.match(text):
        first = int(match[1])
        return Period(label, first, None, None, datetime.date(first, 1, 1), None, str(first))
    if match := _BEFORE.match(text):
        before = int(match[1])
        ongoing = bool(match[2])
        end = None if ongoing else datetime.date(before - 1, 12, 31)
        return Period(label, None, None if ongoing else before - 1, before, None, end, str(before))
    found = _dates(text)
    if found is not None:
        start, end, machine, words = found
        return Period(label, start.year, end.year, None, start, end, machine, words)
    if match := _RANGE.match(text):
        first_part, last_part = _dates(match[2]), None
        # "January to March 2024": the first part takes the year of the last.
        if first_part is not None and _MONTH_NAME_ONLY.match(match[1]):
            last_part = _dates(f"{match[1]} {first_part[0].year}")
        else:
            last_part = _dates(match[1])
        if last_part is not None and first_part is not None:
            start, end = last_part[0], first_part[1]
            if end < start:
                raise PeriodError(f'the period "{label}" ends before it starts; write the earlier date first')
            return Period(
                label, start.year, end.year, None, start, end, last_part[2], f"{_words(start)} to {_words(end, True)}"
            )
    raise PeriodError(f"'period' must look like {PERIOD_EXAMPLES}, got \"{label}\"")


_MONTH_NAME_ONLY = re.compile(rf"^{_MONTH_NAME}$")


def _month(name: str) -> int | None:
    return _MONTHS.get(name.lower())


def _last_day(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _words(day: datetime.date, end: bool = False) -> str:
    """A day or, at a month's first or last day, the month: "April 2023", "31 March 2024"."""
    if (not end and day.day == 1) or (end and day == _last_day(day.year, day.month)):
        return f"{calendar.month_name[day.month]} {day.year}"
    return f"{day.day} {calendar.month_name[day.month]} {day.year}"


def _day_words(day: datetime.date) -> str:
    return f"{day.day} {calendar.month_name[day.month]} {day.year}"


def _dates(text: str) -> tuple[datetime.date, datetime.date, str, str] | None:
    """A day, a month or a quarter: its first and last days, `<time>` value and words."""
    try:
        if match := _ISO_DAY.match(text):
            day = datetime.date(int(match[1]), int(match[2]), int(match[3]))
            return day, day, day.isoformat(), _day_words(day)
        if (match := _DAY.match(text)) and (month := _month(match[2])):
            day = datetime.date(int(match[3]), month, int(match[1]))
            return day, day, day.isoformat(), _day_words(day)
    except ValueError:
        raise PeriodError(f'"{text}" is not a day of the calendar; check the day and the month') from None
    if (match := _MONTH.match(text)) and (month := _month(match[1])):
        year = int(match[2])
        return (
            datetime.date(year, month, 1),
            _last_day(year, month),
            f"{year}-{month:02d}",
            _words(datetime.date(year, month, 1)),
        )
    if match := _QUARTER.match(text):
        quarter, year = int(match[1]), int(match[2])
        if match[3] is not None:  # "Q1 2024/25": the financial year's quarters start in April.
            if _expand_end_year(year, match[3]) != year + 1:
                raise PeriodError(f'"{text}" names a financial year that is not one year long, like 2024/25')
            first_month = 4 + 3 * (quarter - 1)
            year, first_month = (year + 1, first_month - 12) if first_month > 12 else (year, first_month)
            words_after = f" (quarter {quarter} of financial year {int(match[2])} to {int(match[2]) + 1})"
        else:
            first_month, words_after = 1 + 3 * (quarter - 1), ""
        start = datetime.date(year, first_month, 1)
        end = _last_day(year, first_month + 2)
        spoken = f"{calendar.month_name[first_month]} to {calendar.month_name[first_month + 2]} {year}{words_after}"
        return start, end, f"{year}-{first_month:02d}", spoken
    return None


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


def financial_year_of(day: datetime.date) -> int:
    """The first calendar year of the financial year a day falls in: 2024-03-31 -> 2023 (2023/24)."""
    return day.year if day.month >= 4 else day.year - 1


def financial_year_choices(periods: Iterable[Period]) -> list[int]:
    """Every financial year (by its first calendar year) from the earliest stated to the latest."""
    years: set[int] = set()
    for period in periods:
        years.update(financial_year_of(day) for day in (period.start, period.end) if day is not None)
    return list(range(min(years), max(years) + 1)) if years else []


def financial_year_label(first_year: int) -> str:
    """2023 -> "2023/24", as UK public bodies write a financial year."""
    return f"{first_year}/{(first_year + 1) % 100:02d}"
