"""The shape of every kind of content, checked with pydantic.

Each model is the contract for one kind of file. Unknown fields are refused
(`extra="forbid"`), so a misspelt field name is reported instead of silently
ignored. `explain_validation_error` turns pydantic's errors into editor-facing
`Problem`s that name the file, the line and the fix.
"""

from __future__ import annotations

import datetime
import difflib
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, field_validator

from .errors import Problem
from .periods import PERIOD_EXAMPLES, PeriodError, parse_period
from .source import LineMap, SourceFile


def _year_as_text(value: Any) -> Any:
    """YAML reads `period: 2018` as a number; a period label is text."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


PeriodLabel = Annotated[str, BeforeValidator(_year_as_text)]
Text = Annotated[str, Field(min_length=1)]
Slug = Annotated[str, Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Contact(_Strict):
    name: Text = Field(description="who readers contact, for example 'the Office of the PCC'")
    email: Text = Field(description="an email address for readers")
    phone: str | None = None


class Licence(_Strict):
    name: Text
    url: Text = Field(description="the licence's web address, starting with https://")

    @field_validator("url")
    @classmethod
    def _url_is_web_address(cls, value: str) -> str:
        # Published as a link on every page: only a web address may reach the href.
        if not re.match(r"^https?://[^/\s]+(/\S*)?$", value):
            raise ValueError(f"'url' must be a web address starting with https://, got \"{value}\"")
        return value


class SiteConfig(_Strict):
    """`site_config.yaml`: the site's identity and where it is built."""

    title: Text = Field(description="the site's name, shown in the header and in page titles")
    description: Text = Field(description="one sentence saying what the site is for")
    publisher: Text = Field(description="the organisation that publishes the site")
    base_url: Text = Field(description="the public address of the site, like https://example.org/soc/")
    language: Text = "en-GB"
    output_dir: Text = "_site"
    contact: Contact
    licence: Licence

    @field_validator("base_url")
    @classmethod
    def _base_url_is_absolute(cls, value: str) -> str:
        if not re.match(r"^https?://[^/\s]+(/\S*)?$", value):
            raise ValueError(f"'base_url' must be a web address like https://example.org/soc/, got \"{value}\"")
        return value if value.endswith("/") else value + "/"


class PageMeta(_Strict):
    """The front matter of a Markdown page in `content/pages/`."""

    title: Text = Field(description="the page's heading and title")
    description: Text | None = Field(None, description="one sentence for search engines and link previews")
    updated: datetime.date = Field(description="the date the page was last updated, like 2026-11-26")
    nav_title: Text | None = Field(None, description="a shorter name for the menu")
    nav_order: int | None = Field(None, description="the page's place in the menu; leave out to keep it off the menu")


class _Entry(_Strict):
    text: Text = Field(description="the entry's text, in Markdown")
    id: Slug | None = Field(None, description="a short name for links, like 'socjag-set-up'")
    reviewed: datetime.date | None = Field(None, description="when the entry was last checked, like 2026-11-26")


# Each year between the earliest and latest gets its own timeline pages, so a typo like
# "0201" for "2021" would make thousands of pages; years outside this range are refused.
EARLIEST_YEAR, LATEST_YEAR = 1900, 2100


def _check_period(value: str | None) -> str | None:
    if value is not None:
        try:
            period = parse_period(value)
        except PeriodError as error:
            raise ValueError(str(error)) from None
        for year in (period.first_year, period.last_year, period.before_year):
            if year is not None and not EARLIEST_YEAR <= year <= LATEST_YEAR:
                raise ValueError(
                    f"the period \"{value}\" has the year {year}, which is not between "
                    f"{EARLIEST_YEAR} and {LATEST_YEAR}; check it for a typo"
                )
    return value


class TimelineEntry(_Entry):
    period: PeriodLabel = Field(description=f"when it happened, like {PERIOD_EXAMPLES}")
    themes: list[Slug] = Field(default_factory=list, description="theme names from the 'themes' list at the top")

    _period_is_readable = field_validator("period")(_check_period)


class ListEntry(_Entry):
    """An item of regional work or a funded service: the period is optional, as in the source."""

    period: PeriodLabel | None = Field(None, description=f"when, like {PERIOD_EXAMPLES}")

    _period_is_readable = field_validator("period")(_check_period)


class NextStep(_Entry):
    status: Literal["planned", "in progress", "done"] = Field(description="planned, in progress or done")
    target: datetime.date | None = Field(None, description="the date it should be done by, like 2027-03-31")


class _Collection(_Strict):
    title: Text = Field(description="the page heading")
    nav_title: Text | None = None
    nav_order: int | None = None
    description: Text = Field(description="one sentence for search engines and link previews")
    updated: datetime.date = Field(description="the date the list was last changed, like 2026-11-26")
    reviewed: datetime.date = Field(description="the date every entry was last checked, like 2026-11-26")
    intro: str = Field("", description="Markdown shown above the list")


class TimelineFile(_Collection):
    themes: dict[Slug, Text] = Field(description="each theme's short name and its label, like 'drugs: Drugs'")
    entries: list[TimelineEntry] = Field(min_length=1)


class ListFile(_Collection):
    entries: list[ListEntry] = Field(min_length=1)


class NextStepsFile(_Collection):
    entries: list[NextStep] = Field(min_length=1)


class GlossaryTerm(_Strict):
    term: Annotated[str, Field(pattern=r"^[A-Z][A-Za-z0-9&]*[A-Z0-9]$")] = Field(
        description="the abbreviation or name as written, like NHS"
    )
    expansion: Text | None = Field(None, description="what the letters stand for")
    description: Text | None = Field(None, description="a short explanation in plain words")


class GlossaryFile(_Strict):
    title: Text
    nav_title: Text | None = None
    nav_order: int | None = None
    description: Text
    updated: datetime.date
    intro: str = ""
    terms: list[GlossaryTerm] = Field(min_length=1)


# --- turning pydantic's errors into messages for editors -------------------------------

_TYPE_WORDS = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "date_type": "a date like 2026-11-26",
    "date_parsing": "a date like 2026-11-26",
    "date_from_datetime_parsing": "a date like 2026-11-26",
    "date_from_datetime_inexact": "a date like 2026-11-26, without a time",
    "list_type": "a list (lines starting with '- ')",
    "dict_type": "a set of 'name: value' lines",
    "model_type": "a set of 'name: value' lines",
    "model_attributes_type": "a set of 'name: value' lines",
    "int_from_float": "a whole number",
    "finite_number": "a whole number",
}


def explain_validation_error(
    error: ValidationError, source: SourceFile, line_map: LineMap, model: type[BaseModel]
) -> list[Problem]:
    """One `Problem` per pydantic error, in source order, with the line and a fix."""
    problems = []
    details = error.errors(include_url=False)
    misspelt = _misspelt_fields(details, model)
    for detail in details:
        location = tuple(detail["loc"])
        if detail["type"] == "missing" and location in misspelt:
            continue  # Reported once, as the unknown field with its "did you mean".
        line = line_map.line_of(location)
        message, hint = _explain_one(detail, location, model)
        problems.append(source.problem(message, line, hint or _general_hint(detail, location)))
    return sorted(problems, key=lambda p: p.line or 0)


def _misspelt_fields(details: list[dict[str, Any]], model: type[BaseModel]) -> set[tuple[Any, ...]]:
    """Missing fields for which an unknown field nearby looks like a misspelling."""
    missing = {tuple(d["loc"]) for d in details if d["type"] == "missing"}
    found = set()
    for detail in details:
        location = tuple(detail["loc"])
        if detail["type"] == "extra_forbidden" and location:
            known = _known_fields(model, location[:-1])
            for close in difflib.get_close_matches(str(location[-1]), known, n=1, cutoff=0.6):
                if location[:-1] + (close,) in missing:
                    found.add(location[:-1] + (close,))
    return found


def _explain_one(detail: dict[str, Any], location: tuple[Any, ...], model: type[BaseModel]) -> tuple[str, str]:
    kind = detail["type"]
    name = _field_name(location)
    got = detail.get("input")
    field_info = _field_info(model, location)
    described = f"'{name}' is {field_info.description}" if field_info and field_info.description else ""
    if kind == "missing":
        return f"'{name}' is missing", described or f"add a line '{name}: …'"
    if kind == "extra_forbidden":
        known = _known_fields(model, location[:-1])
        close = difflib.get_close_matches(str(location[-1]), known, n=1, cutoff=0.6)
        suggestion = f"did you mean '{close[0]}'? " if close else ""
        return (
            f"unknown field '{location[-1]}'",
            f"{suggestion}the fields allowed here are: {', '.join(known)}",
        )
    if kind in _TYPE_WORDS:
        hint = described
        if kind == "string_type" and got is not None:
            hint = "put the value in double quotes, so that it is read as text"
        return f"'{name}' must be {_TYPE_WORDS[kind]}, got {_show(got)}", hint
    if kind == "literal_error":
        expected = detail.get("ctx", {}).get("expected", "")
        return f"'{name}' must be one of {expected}, got {_show(got)}", "copy one of the allowed values exactly"
    if kind == "string_pattern_mismatch":
        if name == "term":
            return (
                f"'term' must be an abbreviation or name in capitals, like NHS, got {_show(got)}",
                "write the term as it appears in the text",
            )
        return (
            f"'{name}' must be a short name of lower-case letters, digits and hyphens, got {_show(got)}",
            "for example 'county-lines'",
        )
    if kind == "string_too_short":
        return f"'{name}' is empty", described or "write some text after the ':'"
    if kind == "too_short":
        return f"'{name}' needs at least one item", "add an item starting with '- '"
    if kind == "value_error":
        message = str(detail.get("ctx", {}).get("error", detail["msg"]))
        if name == "period":
            return message, f"write it like {PERIOD_EXAMPLES}"
        if name in ("base_url", "url"):
            return message, "copy the full address from the browser's address bar"
        return message, ""
    return f"'{name}': {detail['msg']}", described


def _general_hint(detail: dict[str, Any], location: tuple[Any, ...]) -> str:
    """For a field whose own description does not say how to fix it: what to write."""
    name = _field_name(location)
    if detail["type"] in _TYPE_WORDS:
        return f"write {_TYPE_WORDS[detail['type']]} after '{name}:'"
    return f"compare '{name}' with the example in docs/editing.md"


def _field_name(location: tuple[Any, ...]) -> str:
    for part in reversed(location):
        if isinstance(part, str):
            return part
    return "value"


def _submodel(model: type[BaseModel], location: tuple[Any, ...]) -> type[BaseModel] | None:
    """Follow `location` through nested models, skipping list indexes and dict keys."""
    current: Any = model
    for part in location:
        if not isinstance(part, str) or not (isinstance(current, type) and issubclass(current, BaseModel)):
            continue
        info = current.model_fields.get(part)
        if info is None:
            return None
        current = _inner_model(info.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _inner_model(annotation: Any) -> Any:
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if isinstance(found, type) and issubclass(found, BaseModel):
            return found
    return annotation


def _known_fields(model: type[BaseModel], location: tuple[Any, ...]) -> list[str]:
    sub = _submodel(model, location)
    return list(sub.model_fields) if sub else []


def _field_info(model: type[BaseModel], location: tuple[Any, ...]):
    names = [p for p in location if isinstance(p, str)]
    if not names:
        return None
    parent = _submodel(model, location[: max(i for i, p in enumerate(location) if isinstance(p, str))])
    return parent.model_fields.get(names[-1]) if parent else None


def _show(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, bool):
        return f"{str(value).lower()} (YAML reads yes/no/on/off as true or false)"
    if isinstance(value, (dict, list)):
        return "a list" if isinstance(value, list) else "a set of fields"
    return str(value)
