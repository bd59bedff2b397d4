"""Dates as people type them, read strictly, and shown back as the site shows them.

One text box per date (not the browser's date picker, and not three boxes): it takes
"31/3/2027", "31 March 2027", "31 Mar 2027", "31st March 2027" or "2027-03-31", the way a
date is copied from a letter or a report. Day first, as in the UK: "3/4/2027" is 3 April.
Anything else, or a date that does not exist ("31 February 2027"), is an error on the
field, with what was typed kept in the box, and nothing is saved. The files keep ISO dates
(2027-03-31); the form shows them as readers see them ("31 March 2027").

Why not GOV.UK's three boxes (day, month, year): the dates editors enter here are copied
from reports and letters, where they are written whole; one box takes them pasted, as
typed, has one place for its error, and keeps one form field per schema field, so the
build's messages ('target' must …) land on it. The browser's own date box is what lost
dates before: a part typed in the wrong segment, or 31 February, was sent as nothing.
"""

from __future__ import annotations

import calendar
import datetime
import re
from types import MappingProxyType

from ..model.schema import EARLIEST_YEAR, LATEST_YEAR
from ..render.environment import long_date

MONTHS = MappingProxyType(
    {
        name.lower(): number
        for names in (calendar.month_name, calendar.month_abbr)
        for number, name in enumerate(names)
        if name
    }
    | {"sept": 9}
)
EXAMPLES = "31 March 2027 or 31/3/2027"
MAX_TYPED = 40  # Longer is not a date: no need to read it.

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_NUMBERS = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{2,4})")
_WORDS = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{2,4})")
_WORDS_MONTH_FIRST = re.compile(r"([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{2,4})")


class DateUnreadable(ValueError):
    """What is wrong with a typed date, in words that end "…: fix it like this"."""


def shown(value: datetime.date) -> str:
    """A date as the site shows it to readers: "31 March 2027"."""
    return long_date(value)


def read_date(typed: str, label: str = "The date") -> datetime.date:
    """The date someone typed, or `DateUnreadable` saying why not (with the field's label)."""
    text = " ".join(typed.split()).lower()
    if len(text) > MAX_TYPED:
        raise DateUnreadable(f"{label} must be a date like {EXAMPLES}")
    day_month_year = _parts(text)
    if day_month_year is None:
        raise DateUnreadable(f"{label} must be a date like {EXAMPLES}, not “{typed.strip()}”")
    day, month, year = day_month_year
    if year < 100:
        raise DateUnreadable(f"{label} must have the year in full, like 2027, not “{typed.strip()}”")
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise DateUnreadable(
            f"{label} has the year {year}, which is not between {EARLIEST_YEAR} and {LATEST_YEAR}: check it for a typo"
        )
    if not 1 <= month <= 12:
        raise DateUnreadable(f"{label} must be a real date: there is no month {month} (day first, like {EXAMPLES})")
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise DateUnreadable(
            f"{label} must be a real date: {calendar.month_name[month]} {year} has {days} days, "
            f"so “{typed.strip()}” does not exist"
        )
    return datetime.date(year, month, day)


def _parts(text: str) -> tuple[int, int, int] | None:
    """(day, month, year) of a date in one of the accepted forms, not yet checked."""
    if found := _ISO.fullmatch(text):
        return int(found.group(3)), int(found.group(2)), int(found.group(1))
    if found := _NUMBERS.fullmatch(text):
        return int(found.group(1)), int(found.group(2)), int(found.group(3))
    if (found := _WORDS.fullmatch(text)) and found.group(2) in MONTHS:
        return int(found.group(1)), MONTHS[found.group(2)], int(found.group(3))
    if (found := _WORDS_MONTH_FIRST.fullmatch(text)) and found.group(1) in MONTHS:
        return int(found.group(2)), MONTHS[found.group(1)], int(found.group(3))
    return None
