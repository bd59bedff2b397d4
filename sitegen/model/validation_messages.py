"""Turn pydantic's validation errors into messages for editors.

One `Problem` per error, in source order, with the line (from the YAML line map), what
was expected, and a hint. Field descriptions in `schema` double as hints, so the words
an editor reads in a message are the words the web editor shows under the field.
"""

from __future__ import annotations

import difflib
from types import MappingProxyType
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from ..errors import Problem
from ..parse.safe_yaml import LineMap
from ..read.source_text import SourceFile
from .periods import PERIOD_EXAMPLES

_TYPE_WORDS = MappingProxyType(
    {
        "string_type": "text",
        "int_type": "a whole number",
        "int_parsing": "a whole number",
        "bool_type": "true or false",
        "bool_parsing": "true or false",
        "date_type": "a date like 2026-11-26",
        "date_parsing": "a date like 2026-11-26",
        "date_from_datetime_parsing": "a date like 2026-11-26",
        "date_from_datetime_inexact": "a date like 2026-11-26, without a time",
        "list_type": "a list (lines starting with '- ')",
        "tuple_type": "a list (lines starting with '- ')",
        "dict_type": "a set of 'name: value' lines",
        "model_type": "a set of 'name: value' lines",
        "model_attributes_type": "a set of 'name: value' lines",
        "int_from_float": "a whole number",
        "finite_number": "a whole number",
    }
)


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


def _general_hint(detail: Any, location: tuple[Any, ...]) -> str:
    """For a field whose own description does not say how to fix it: what to write."""
    name = _field_name(location)
    if detail["type"] in _TYPE_WORDS:
        return f"write {_TYPE_WORDS[detail['type']]} after '{name}:'"
    return f"compare '{name}' with the example in docs/editing.md"


def _misspelt_fields(details: list[Any], model: type[BaseModel]) -> set[tuple[Any, ...]]:
    """Missing fields for which an unknown field nearby looks like a misspelling."""
    missing = {tuple(d["loc"]) for d in details if d["type"] == "missing"}
    found = set()
    for detail in details:
        location = tuple(detail["loc"])
        if detail["type"] == "extra_forbidden" and location:
            known = known_fields(model, location[:-1])
            for close in difflib.get_close_matches(str(location[-1]), known, n=1, cutoff=0.6):
                if (*location[:-1], close) in missing:
                    found.add((*location[:-1], close))
    return found


def _explain_one(detail: Any, location: tuple[Any, ...], model: type[BaseModel]) -> tuple[str, str]:
    kind = detail["type"]
    name = _field_name(location)
    got = detail.get("input")
    info = _field_info(model, location)
    described = f"'{name}' is {info.description}" if info and info.description else ""
    if kind == "missing":
        return f"'{name}' is missing", described or f"add a line '{name}: …'"
    if kind == "extra_forbidden":
        known = known_fields(model, location[:-1])
        close = difflib.get_close_matches(str(location[-1]), known, n=1, cutoff=0.6)
        suggestion = f"did you mean '{close[0]}'? " if close else ""
        return (
            f"unknown field '{location[-1]}'",
            f"{suggestion}the fields allowed here are: {', '.join(known)}",
        )
    if kind in _TYPE_WORDS:
        hint = described or "compare the line with the examples in docs/editing.md"
        if kind == "string_type" and got is not None:
            hint = "put the value in double quotes, so that it is read as text"
        return f"'{name}' must be {_TYPE_WORDS[kind]}, got {_show(got)}", hint
    if kind == "literal_error":
        expected = detail.get("ctx", {}).get("expected", "")
        return f"'{name}' must be one of {expected}, got {_show(got)}", "copy one of the allowed values exactly"
    if kind == "string_pattern_mismatch":
        return _pattern_message(name, got, location)
    if kind == "string_too_short":
        return f"'{name}' is empty", described or "write some text after the ':'"
    if kind == "too_short":
        return f"'{name}' needs at least one item", "add an item starting with '- '"
    if kind == "value_error":
        message = str(detail.get("ctx", {}).get("error", detail["msg"]))
        if name == "period":
            return message, f"write it like {PERIOD_EXAMPLES}"
        if "theme's short name" in message:
            return message, "add a word, like 'spending-2024'"
        return message, described or "compare the line with the examples in docs/editing.md"
    return f"'{name}': {detail['msg']}", described or "compare the line with the examples in docs/editing.md"


def _pattern_message(name: str, got: Any, location: tuple[Any, ...]) -> tuple[str, str]:
    if name == "term":
        return (
            f"'term' must be an abbreviation or name in capitals, got {_show(got)}",
            "write the term as it appears in the text, starting with a capital letter",
        )
    if name == "known_abbreviations":
        return (
            f"each item of 'known_abbreviations' must be a word in capitals, got {_show(got)}",
            "write the letters in capitals, exactly as they appear in the text, like NATO",
        )
    if name == "aliases":
        return (
            f"each of 'aliases' must be an address of this site like /old-name/, got {_show(got)}",
            "write the old address from its first '/', in lower-case letters, digits and hyphens",
        )
    is_key = bool(location) and location[-1] == "[key]"
    what = "a theme's short name" if is_key or name == "themes" else f"'{name}'"
    return (
        f"{what} must be a short name of lower-case letters, digits and hyphens, got {_show(got)}",
        "for example 'annual-report'",
    )


def _field_name(location: tuple[Any, ...]) -> str:
    for part in reversed(location):
        if isinstance(part, str) and part != "[key]":
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


def known_fields(model: type[BaseModel], location: tuple[Any, ...]) -> list[str]:
    """The field names allowed at `location` inside `model`."""
    sub = _submodel(model, location)
    return list(sub.model_fields) if sub else []


def _field_info(model: type[BaseModel], location: tuple[Any, ...]) -> FieldInfo | None:
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
