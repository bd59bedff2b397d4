"""Form fields made from the content schema: one control per field of a pydantic model.

A field's `title` is its label and its `description` the hint under it, so the editor
uses the same words as docs/editing.md and the build's messages. Pure functions: what a
field looks like, what a submitted form means, and which fields it changed.
"""

from __future__ import annotations

import datetime
import decimal
import re
import types
import typing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

from pydantic import BaseModel, ValidationError

from ..model.declared_entries import declared_list_model
from ..model.duties import DutiesFile, Duty
from ..model.fields import DeclaredFields
from ..model.periods import FINANCIAL_YEARS
from ..model.schema import LIST_MODELS, GlossaryFile, GlossaryTerm, ListEntry, PageMeta, Step, TimelineEntry
from .dates import EXAMPLES, DateUnreadable, read_date
from .dates import shown as shown_date
from .value_types import ControlValue, FormValue
from .yaml_edit import REMOVE

# Fields written by the file's kind or edited on a screen of their own.
NOT_IN_FORMS = frozenset({"kind", "entries", "terms", "fields"})
TEXT_AREAS = frozenset({"text", "intro", "body"})
LAST = ("text", "id", "reviewed", "aliases", "draft")
ITEM_MODELS: Mapping[str, type[BaseModel]] = MappingProxyType(
    {
        "timeline": TimelineEntry,
        "list": ListEntry,
        "steps": Step,
        "glossary": GlossaryTerm,
        "duties": Duty,
    }
)
FILE_MODELS: Mapping[str, type[BaseModel]] = MappingProxyType(
    {**LIST_MODELS, "glossary": GlossaryFile, "duties": DutiesFile}
)


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    hint: str
    control: str  # text, textarea, date, number, money, checkbox, radios, checkboxes, lines, pairs
    required: bool
    choices: tuple[tuple[str, str], ...] = ()  # (value, label)

    @property
    def id(self) -> str:
        """The id of the control a message links to: the first choice of a group."""
        return f"f-{self.name}-0" if self.control in ("radios", "checkboxes") and self.choices else f"f-{self.name}"


def _unwrap(annotation: object) -> tuple[object, bool]:
    """The type inside Optional[...] and Annotated[...], and whether None is allowed."""
    optional = False
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            optional = optional or len(args) < len(typing.get_args(annotation))
            annotation = args[0]
        else:
            return annotation, optional


def fields_of(model: type[BaseModel], themes: Mapping[str, str] | None = None) -> list[Field]:
    """The form fields of a model, in its order; `themes` are the choices for an item's themes."""
    found = []
    for name, info in model.model_fields.items():
        if name in NOT_IN_FORMS:
            continue
        kind, optional = _unwrap(info.annotation)
        origin = typing.get_origin(kind)
        choices: tuple[tuple[str, str], ...] = ()
        if name == "themes" and origin is list:
            control, choices = "checkboxes", tuple((slug, label) for slug, label in (themes or {}).items())
        elif name == "themes":
            control = "pairs"
        elif origin is Literal:
            control = "radios"
            choices = tuple((str(v), str(v).capitalize().replace("-", " ")) for v in typing.get_args(kind))
            if optional:  # An optional choice can be taken back: "None given" leaves it out of the file.
                choices = (("", "None given"), *choices)
        elif kind is bool:
            control = "checkbox"
        elif kind is datetime.date:
            control = "date"
        elif kind is int:
            control = "number"
        elif kind is decimal.Decimal:
            control = "money"
        elif origin in (list, tuple):  # tuple: time_words_meant, say (a list in the file)
            control = "lines"
        else:
            control = "textarea" if name in TEXT_AREAS else "text"
        hint = info.description or ""
        if control == "date":  # The box takes dates as people type them, not only ISO.
            hint = re.sub(r",? like \d{4}-\d{2}-\d{2}$", "", hint) + f", like {EXAMPLES}"
        if control == "checkbox" and hint.startswith("true "):  # "true keeps the page out…"
            hint = "Ticked, it " + hint[len("true ") :]
        found.append(Field(name, info.title or name, hint, control, info.is_required(), choices))
    # What an item is about first (period, status, themes), then its text, then the rest.
    return sorted(found, key=lambda f: LAST.index(f.name) + 1 if f.name in LAST else 0)


def item_fields(kind: str, data: Mapping[str, object]) -> list[Field]:
    """The form of one item of a list: its kind's fields, and the fields the list declares (a
    list whose `fields:` cannot be read gets its kind's form; saving then names the mistake)."""
    given = data.get("themes")
    themes = given if isinstance(given, dict) else {}
    if kind != "list" or not data.get("fields"):
        return fields_of(ITEM_MODELS[kind], themes)
    try:
        declared = DeclaredFields.model_validate({"fields": data["fields"]}).fields
    except ValidationError:
        return fields_of(ITEM_MODELS[kind], themes)
    model = declared_list_model(declared, data.get("periods") == FINANCIAL_YEARS)
    item = model.model_fields["entries"].annotation.__args__[0]  # type: ignore[union-attr]
    found = fields_of(item, themes)
    names = [d.name for d in declared]
    # The list's own fields first, in its order; a dated list's items need no 'period' of their own.
    own = sorted((f for f in found if f.name in names), key=lambda f: names.index(f.name))
    dated = any(d.type == "date" for d in declared)
    return own + [f for f in found if f.name not in names and not (dated and f.name == "period")]


# --- between values and forms -----------------------------------------------------------


def shown(field: Field, value: object) -> ControlValue:
    """What a control shows for a value from the file: text, or a list of chosen values."""
    if field.control == "checkboxes":
        return [str(v) for v in value] if isinstance(value, list) else []
    if field.control == "checkbox":
        return value is True
    if field.control == "lines":
        return "\n".join(map(str, value)) if isinstance(value, list) else ("" if value is None else str(value))
    if field.control == "pairs":
        return "\n".join(f"{k}: {v}" for k, v in value.items()) if isinstance(value, dict) else ""
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return shown_date(value)
    if field.control == "money" and isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def read(field: Field, form: Mapping[str, list[str]]) -> FormValue:
    """A field's value from a submitted form; None when left empty."""
    values = form.get(field.name, [])
    if field.control == "checkboxes":
        return [v for v in values if v]
    if field.control == "checkbox":
        return bool(values and values[0] == "true")
    text = _one_text(values)
    if field.control == "lines":
        return [line.strip() for line in text.split("\n") if line.strip()]
    if field.control == "pairs":
        pairs: dict[str, str] = {}
        for line in text.split("\n"):
            key, colon, label = line.partition(":")
            if line.strip():
                pairs[key.strip()] = label.strip() if colon else ""
        return pairs
    text = text.strip()  # As the loader reads every value (str_strip_whitespace).
    if not text:
        return None
    if field.control == "date":
        try:
            return read_date(text, field.label)
        except DateUnreadable:
            return text  # Never written: `unreadable` stops the save and says why, by the field.
    if field.control == "number" and re.fullmatch(r"-?\d{1,9}", text):
        return int(text)
    if field.control == "number" and re.fullmatch(r"-?\d{1,9}\.\d{1,6}", text):
        return float(text)
    if field.control == "money" and (pounds := re.fullmatch(r"(-?)£?\s*(\d{1,3}(?:,\d{3})+|\d{1,12})(\.\d\d)?", text)):
        # Written as a number, as the list file has it: 12500, or 1240.50 with its pence.
        whole = pounds[1] + pounds[2].replace(",", "")
        return float(whole + pounds[3]) if pounds[3] and pounds[3] != ".00" else int(whole)
    return text  # Written as typed: the check says what is wrong, by the field.


def unreadable(fields: Sequence[Field], form: Mapping[str, list[str]]) -> dict[str, str]:
    """What the editor cannot read in a form, by field name: such a form is never saved.

    A date is read here, strictly, so that what was typed is never lost nor written half
    understood; a required date left empty is asked for here too, in words, not as the
    build's 'must be a date, got ""'.
    """
    found = {}
    for field in fields:
        if field.control != "date":
            continue
        text = _one_text(form.get(field.name, [])).strip()
        if not text:
            if field.required:
                found[field.name] = f"Enter the date: {field.label.lower()}, like {EXAMPLES}"
            continue
        try:
            read_date(text, field.label)
        except DateUnreadable as error:
            found[field.name] = str(error)
    return found


def _one_text(values: list[str]) -> str:
    # Browsers send a textarea's line breaks as CR LF; the files use LF.
    return (values[0] if values else "").replace("\r\n", "\n").replace("\r", "\n")


def normal(field: Field, value: object) -> object:
    """A value from the file as `read` gives it, so that an untouched field compares equal."""
    if field.control == "checkboxes":
        return [str(v) for v in value] if isinstance(value, list) else ([] if value is None else value)
    if field.control == "checkbox":
        return value is True if value is not None else False
    if field.control in ("lines", "pairs"):
        return value if value is not None else ([] if field.control == "lines" else {})
    if value is None:
        return None
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if field.control in ("text", "textarea") and isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)  # `period: 2018` is the text "2018".
    return value


def changes(fields: Sequence[Field], old: Mapping[str, object], form: Mapping[str, list[str]]) -> dict[str, object]:
    """The fields the form changed, with their new values (REMOVE: take the line out)."""
    found: dict[str, object] = {}  # a FormValue, or REMOVE
    for field in fields:
        new = read(field, form)
        if new == normal(field, old.get(field.name)):
            continue
        empty = new is None or new is False or new == [] or new == {}
        if empty and not field.required:
            found[field.name] = REMOVE  # The line goes: the field takes its default.
        else:  # A required field left empty is written empty: the check then says what it needs.
            found[field.name] = "" if new is None else new
    return found


def values(fields: list[Field], form: Mapping[str, list[str]]) -> dict[str, FormValue]:
    """A new item's fields, in the model's order, without the empty ones."""
    found: dict[str, FormValue] = {}
    for field in fields:
        new = read(field, form)
        if not (new is None or new is False or new == [] or new == {}):
            found[field.name] = new
    return found


def form_of(fields: Sequence[Field], data: Mapping[str, object]) -> dict[str, ControlValue]:
    """What each control shows for the file's values."""
    return {field.name: shown(field, data.get(field.name)) for field in fields}


def submitted(fields: Sequence[Field], form: Mapping[str, list[str]]) -> dict[str, ControlValue]:
    """What each control shows again after a refused save: exactly what was typed."""
    again: dict[str, ControlValue] = {}
    for field in fields:
        values_sent = form.get(field.name, [])
        if field.control == "checkboxes":
            again[field.name] = list(values_sent)
        elif field.control == "checkbox":
            again[field.name] = bool(values_sent and values_sent[0] == "true")
        else:
            again[field.name] = _one_text(values_sent)
    return again


PAGE_FIELDS = tuple(fields_of(PageMeta))
