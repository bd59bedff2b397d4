"""The columns of each list's open data: a list's own fields (with their types), its
periods (as written, and their first and last days), and the built-in kinds' fields.

One `Column` says a column's name, its meaning, its JSON Schema and Table Schema types and
how to read its value from an item; open_data.py and data_packages.py write the files.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from ..model.fields import BUILT_IN_FIELDS, CURRENCY, FieldDeclaration
from ..model.periods import Period
from ..model.site_content import Collection, Entry


@dataclass(frozen=True)
class Column:
    name: str
    description: str
    json_type: str | list[str]
    value: Callable[[Any], Any]
    # Its type in a Frictionless Table Schema: string, integer, number, boolean or date.
    table_type: str = "string"
    title: str = ""  # what readers see as its heading; the name when not given
    unit: str | None = None  # a money column's currency, GBP
    required: bool = False  # every row has a value
    options: tuple[str, ...] = ()  # a choice's values: the only ones a row may have


def _years(entry: Entry) -> list[Any]:
    period = entry.period
    return [period.first_year, period.last_year] if period else [None, None]


def _day(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _date_columns(name: str, label: str, value: Callable[[Any], Period | None], required: bool) -> list[Column]:
    """A date as written, and its first and last days (ISO 8601), for machines."""
    return [
        Column(
            name,
            f"{label}, exactly as published, like March 2024, Q1 2024 or 2023/24",
            "string" if required else ["string", "null"],
            lambda e: p.label if (p := value(e)) else None,
            title=label,
            required=required,
        ),
        Column(
            f"{name}_start",
            f"The first day of '{name}' (YYYY-MM-DD); empty when it has an open start",
            ["string", "null"],
            lambda e: _day(p.start) if (p := value(e)) else None,
            "date",
        ),
        Column(
            f"{name}_end",
            f"The last day of '{name}' (YYYY-MM-DD); empty when ongoing",
            ["string", "null"],
            lambda e: _day(p.end) if (p := value(e)) else None,
            "date",
        ),
    ]


def money_number(value: Any) -> Any:
    """Pounds as a JSON number: 12500, or 1240.5 with pence."""
    if value is None:
        return None
    return int(value) if value == int(value) else float(value)


_DECLARED_TYPES = MappingProxyType(  # field type: (JSON Schema type, Table Schema type)
    {"number": ("number", "number"), "money": ("number", "number"), "yes/no": ("boolean", "boolean")}
)


def _declared_columns(declarations: Sequence[FieldDeclaration], plain: Callable[[str], str]) -> list[Column]:
    """The columns of the fields a list declares, each with its type."""
    columns: list[Column] = []
    for d in declarations:
        described = d.help[:1].upper() + d.help[1:] if d.help else d.label

        def read(e: Entry, name: str = d.name) -> Any:
            return e.values.get(name)

        def plain_words(e: Entry, name: str = d.name) -> str | None:
            value = e.values.get(name)
            return plain(value) if value else None

        if d.type == "date":
            columns += _date_columns(d.name, d.label, read, d.required)
            continue
        json_type, table_type = _DECLARED_TYPES.get(d.type, ("string", "string"))
        value: Callable[[Any], Any] = read
        if d.type == "money":  # A Decimal: the JSON gives it as a number, the CSV with its pence.
            described += f", in pounds ({CURRENCY})"
        elif d.type == "markdown":
            value = plain_words
        elif d.type == "choice":
            described += ": one of " + ", ".join(d.options)
        columns.append(
            Column(
                d.name,
                described,
                json_type if d.required else [json_type, "null"],
                value,
                table_type,
                d.label,
                CURRENCY if d.type == "money" else None,
                d.required,
                d.options,
            )
        )
    return columns


def _described_by(declarations: Sequence[FieldDeclaration], columns: list[Column]) -> tuple[Column, ...]:
    """The built-in kinds' columns with the label and choices their field declarations give."""
    by_name = {d.name: d for d in declarations}
    return tuple(
        dataclasses.replace(column, title=column.title or d.label, options=column.options or d.options)
        if (d := by_name.get(column.name))
        else column
        for column in columns
    )


def temporal_coverage(periods: Sequence[Period]) -> str | None:
    """The dates the periods cover, as an ISO 8601 interval: whole years as "2018/2023" (one
    year: "2018"), else days ("2024-03-14/2025-01-21"); an open end is ".." (ISO 8601-2)."""
    if not periods:
        return None
    starts = [p.start for p in periods]
    ends = [p.end for p in periods]
    first = None if None in starts else min(d for d in starts if d)
    last = None if None in ends else max(d for d in ends if d)
    if first is None and last is None:
        return None
    whole_years = (first is None or (first.month, first.day) == (1, 1)) and (
        last is None or (last.month, last.day) == (12, 31)
    )

    def written(day: datetime.date | None) -> str:
        return ".." if day is None else str(day.year) if whole_years else day.isoformat()

    if whole_years and first is not None and last is not None and first.year == last.year:
        return str(first.year)
    return f"{written(first)}/{written(last)}"


def entry_columns(plain: Callable[[str], str], collection: Collection) -> tuple[Column, ...]:
    """The columns of a list's data: those its kind and its items use."""
    has_periods = collection.kind == "timeline" or any(e.period for e in collection.entries)
    has_periods = has_periods and not any(d.type == "date" for d in collection.fields)
    columns = [
        Column(
            "id",
            "A stable identifier for the item, used in the page address (#id)",
            "string",
            lambda e: e.id,
            required=True,
        ),
    ]
    columns += _declared_columns(collection.fields, plain)
    if has_periods:
        columns += [
            Column(
                "period",
                "The period exactly as published, like 2023/24",
                ["string", "null"],
                lambda e: e.period.label if e.period else None,
            ),
            Column(
                "first_year",
                "The first year the period covers; empty when it has an open start",
                ["integer", "null"],
                lambda e: _years(e)[0],
                "integer",
            ),
            Column(
                "last_year",
                "The last year the period covers; empty when ongoing or not stated",
                ["integer", "null"],
                lambda e: _years(e)[1],
                "integer",
            ),
            *_date_columns("period", "The period", lambda e: e.period, False)[1:],
            Column(
                "ongoing",
                "true when the work is ongoing",
                ["boolean", "null"],
                lambda e: e.period.is_ongoing if e.period else None,
                "boolean",
            ),
        ]
    if collection.themes:
        columns.append(Column("themes", "Themes, separated by semicolons in CSV", "array", lambda e: list(e.themes)))
    if collection.kind == "steps":
        columns += [
            Column(
                "status", "planned, in progress or done, if the list gives it", ["string", "null"], lambda e: e.status
            ),
            Column(
                "target",
                "The date it should be done by (YYYY-MM-DD), if one is set",
                ["string", "null"],
                lambda e: e.target.isoformat() if e.target else None,
                "date",
            ),
        ]
    if not collection.fields or any(e.text for e in collection.entries):
        columns.append(Column("text", "The item's text as plain words", "string", lambda e: plain(e.text)))
    columns.append(
        Column(
            "last_reviewed",
            "The date the item was last checked (YYYY-MM-DD), if the list gives one",
            ["string", "null"],
            lambda e: e.reviewed.isoformat() if e.reviewed else None,
            "date",
        )
    )
    return _described_by(BUILT_IN_FIELDS.get(collection.kind, ()) if not collection.fields else (), columns)


def glossary_columns() -> tuple[Column, ...]:
    return _described_by(
        BUILT_IN_FIELDS["glossary"],
        [
            Column("term", "The abbreviation or name as written", "string", lambda t: t.term, required=True),
            Column(
                "expansion",
                "What the letters stand for, if it is an abbreviation",
                ["string", "null"],
                lambda t: t.expansion,
            ),
            Column("description", "A short explanation", ["string", "null"], lambda t: t.description),
            Column(
                "source",
                "The public source of the explanation, if one is named",
                ["string", "null"],
                lambda t: t.source,
            ),
            Column("source_url", "The source's web address", ["string", "null"], lambda t: t.source_url),
        ],
    )
