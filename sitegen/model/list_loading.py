"""Load one list file (a timeline, plain list or steps) or the glossary.

The file says what kind it is (`kind: timeline`); its address comes from its place
under content/. Items get addresses that survive rewording: the `id` an editor gives,
else one made from the item's period and its place among the items of that period
(`2019-to-2020-2`), or from the list's item name and its place (`service-3`).
"""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from pydantic import BaseModel

from ..errors import Problem
from ..parse.safe_yaml import LineMap
from ..read.source_text import SourceFile
from .declared_entries import declared_list_model
from .duties import DUTY_FIELDS, DutiesFile
from .fields import DeclaredFields
from .ids import slugify
from .periods import FINANCIAL_YEARS, parse_period
from .placeholders import placeholder_warnings, todo_warnings
from .schema import MODELS_BY_KIND, GlossaryFile
from .site_content import Collection, Entry, Glossary, ItemNames, Term, plural
from .time_words import time_word_warnings
from .yaml_files import read_mapping, validate

# The kinds of list file: the checklist of duties (duties.py) beside those of schema.py.
KINDS: Mapping[str, type[BaseModel]] = MappingProxyType({**MODELS_BY_KIND, "duties": DutiesFile})
KIND_HINT = "write 'kind: timeline', 'kind: list', 'kind: steps', 'kind: glossary' or 'kind: duties'; docs/editing.md says which fits"


def load_data_file(name: str, data: bytes, path: str) -> tuple[Collection | Glossary | None, tuple[Problem, ...]]:
    """One list or glossary from its file's bytes (a pure function of them), and the problems found."""
    problems: list[Problem] = []
    read = read_mapping(name, data, problems)
    if read is None:
        return None, tuple(problems)
    source, mapping, line_map = read
    problems.extend(todo_warnings(source))
    kind = mapping.get("kind")
    if kind is None:
        problems.append(
            source.problem(
                "the file does not say what kind of list it is", 1, "add a first line saying so: " + KIND_HINT
            )
        )
        return None, tuple(problems)
    if kind not in KINDS:
        close = difflib.get_close_matches(str(kind), list(KINDS), n=1, cutoff=0.5)
        problems.append(
            source.problem(
                f"'kind' must be timeline, list, steps, glossary or duties, got \"{kind}\"",
                line_map.line_of(("kind",)),
                (f"did you mean '{close[0]}'? " if close else "") + KIND_HINT,
            )
        )
        return None, tuple(problems)
    model_type: Any = KINDS[kind]
    if kind == "list" and mapping.get("fields") is not None:
        # The items are checked against the fields the file declares: those first.
        declared = validate(DeclaredFields, {"fields": mapping["fields"]}, source, line_map, problems)
        if declared is None:
            return None, tuple(problems)
        model_type = declared_list_model(declared.fields, mapping.get("periods") == FINANCIAL_YEARS)
    model = validate(model_type, mapping, source, line_map, problems)
    if model is None:
        return None, tuple(problems)
    problems.extend(time_word_warnings(source, model.time_words_meant, markdown=False))
    key = path.rstrip("/")
    problems.extend(description_warnings(model.description, source, line_map))
    if isinstance(model, DutiesFile):  # Its addresses are published: no example.gov.uk among them.
        problems.extend(placeholder_warnings(model, source, line_map))
    if isinstance(model, GlossaryFile):
        loaded: Collection | Glossary = _glossary(model, key, source, line_map, problems)
    else:
        loaded = _collection(model, key, source, line_map, problems)
    # A list with a mistake is left out whole, as if it had not loaded: its problems are reported.
    # A glossary's only mistake, a term given twice, leaves it usable: the first one counts.
    failed = any(not p.is_warning for p in problems) and not isinstance(loaded, Glossary)
    return (None if failed else loaded), tuple(problems)


def _collection(model: Any, key: str, source: SourceFile, line_map: LineMap, problems: list[Problem]) -> Collection:
    themes: dict[str, str] = dict(model.themes)
    items = ItemNames(model.item_name, model.item_name_plural or plural(model.item_name))
    for index, raw in enumerate(model.entries):
        for position, theme in enumerate(getattr(raw, "themes", ())):
            if theme not in themes:
                close = difflib.get_close_matches(theme, list(themes), n=1)
                problems.append(
                    source.problem(
                        f"the theme '{theme}' is not in the 'themes' list",
                        line_map.line_of(("entries", index, "themes", position)),
                        (f"did you mean '{close[0]}'? " if close else "")
                        + (
                            "add it to 'themes' at the top of the file, or use one of: " + ", ".join(themes)
                            if themes
                            else "add a 'themes:' section at the top of the file, with a line 'short-name: Label' for it"
                        ),
                    )
                )
    ids = _item_ids(model.entries, slugify(items.one), source, line_map, problems)
    financial = model.periods == FINANCIAL_YEARS
    declared = DUTY_FIELDS if isinstance(model, DutiesFile) else tuple(getattr(model, "fields", ()))
    _check_total(model, declared, source, line_map, problems)
    entries = []
    for index, raw in enumerate(model.entries):
        values = _declared_values(raw, declared, financial)
        period = parse_period(raw.period, financial) if getattr(raw, "period", None) else None
        if period is None:  # A list of payments is filtered by its first date field.
            period = next((v for d, v in zip(declared, values.values(), strict=True) if d.type == "date" and v), None)
        entries.append(
            Entry(
                ids[index],
                raw.text,
                text_line(source, line_map, ("entries", index, "text")) or line_map.line_of(("entries", index)) or 0,
                period,
                tuple(getattr(raw, "themes", ())),
                raw.reviewed or model.reviewed,
                getattr(raw, "status", None),
                getattr(raw, "target", None),
                raw.draft,
                _given_at(source, line_map.line_of(("entries", index, "id"))) if raw.id else None,
                values,
            )
        )
    return Collection(
        key,
        model.kind,
        source.name,
        model.title,
        model.nav_title,
        model.nav_order,
        model.description,
        model.updated,
        model.reviewed,
        model.intro,
        text_line(source, line_map, ("intro",)),
        tuple(entries),
        themes,
        items,
        model.draft,
        declared,
        model.periods,
        getattr(model, "total", None),
    )


def _declared_values(raw: Any, declared: tuple[Any, ...], financial: bool) -> dict[str, Any]:
    """An item's declared fields, read: a date as its Period (the others are read by the model)."""
    values = {}
    for declaration in declared:
        value = getattr(raw, declaration.name, None)
        if declaration.type == "date" and value is not None:
            # A day the file gives as 2026-12-01 is shown as readers write it: 1 December 2026.
            written = f"{value.day} {value:%B %Y}" if isinstance(value, datetime.date) else value
            value = parse_period(written, financial)
        values[declaration.name] = value
    return values


def _check_total(
    model: Any, declared: tuple[Any, ...], source: SourceFile, line_map: LineMap, problems: list[Problem]
) -> None:
    total = getattr(model, "total", None)
    if total is None:
        return
    summable = [d.name for d in declared if d.type in ("money", "number")]
    if total not in summable:
        close = difflib.get_close_matches(total, summable, n=1)
        problems.append(
            source.problem(
                f"'total' names the field '{total}', which is not a money or number field of this list",
                line_map.line_of(("total",)),
                (f"did you mean '{close[0]}'? " if close else "")
                + (
                    "write one of: " + ", ".join(summable)
                    if summable
                    else "declare a money field under 'fields:' first"
                ),
            )
        )


# Google's rules for a Dataset's description (developers.google.com/search/docs/appearance/
# structured-data/dataset): between 50 and 5,000 characters, else dataset search skips it.
DESCRIPTION_LENGTHS = (50, 5000)


def description_warnings(description: str, source: SourceFile, line_map: LineMap) -> list[Problem]:
    """A warning when a list's summary is too short or too long for dataset search."""
    shortest, longest = DESCRIPTION_LENGTHS
    if shortest <= len(description) <= longest:
        return []
    line = line_map.line_of(("description",))
    too = "short" if len(description) < shortest else "long"
    return [
        Problem(
            source.name,
            f"the 'description' is too {too} for dataset search: {len(description):,} characters, "
            f"where Google's Dataset rules ask for {shortest} to {longest:,}",
            line,
            "say in a sentence or two what the list holds, for whom and over which years"
            if too == "short"
            else "shorten it to a summary; the introduction can say the rest",
            source.line(line) if line else "",
            is_warning=True,
        )
    ]


def _given_at(source: SourceFile, line: int | None) -> tuple[int, str] | None:
    return (line, source.line(line)) if line else None


def _item_ids(
    entries: list[Any], item_slug: str, source: SourceFile, line_map: LineMap, problems: list[Problem]
) -> list[str]:
    """Each item's address: its own `id`, else from its period (or the item name) and its place."""
    taken: dict[str, int] = {}
    for index, raw in enumerate(entries):
        if raw.id is None:
            continue
        if raw.id in taken:
            problems.append(
                source.problem(
                    f"the id '{raw.id}' is used twice (first on line {line_map.line_of(('entries', taken[raw.id], 'id'))})",
                    line_map.line_of(("entries", index, "id")),
                    "give each item its own id",
                )
            )
        taken.setdefault(raw.id, index)
    counts: dict[str, int] = {}  # per base: how many made so far, so that making them stays linear
    ids = []
    for raw in entries:
        if raw.id is not None:
            ids.append(raw.id)
            continue
        period = getattr(raw, "period", None)
        base = slugify(parse_period(period).describe()) if period else item_slug
        number = counts.get(base, 0)
        while True:
            number += 1
            candidate = base if number == 1 and period else f"{base}-{number}"
            if candidate not in taken:
                break
        counts[base] = number
        taken[candidate] = -1
        ids.append(candidate)
    return ids


def _glossary(
    model: GlossaryFile, key: str, source: SourceFile, line_map: LineMap, problems: list[Problem]
) -> Glossary:
    seen: dict[str, int] = {}
    for index, term in enumerate(model.terms):
        line = line_map.line_of(("terms", index, "term"))
        if term.term in seen:
            problems.append(
                source.problem(
                    f"'{term.term}' is defined twice (first on line {seen[term.term]})",
                    line,
                    "keep one of them and delete the other",
                )
            )
        seen.setdefault(term.term, line or 0)
    return Glossary(
        key,
        source.name,
        model.title,
        model.nav_title,
        model.nav_order,
        model.description,
        model.updated,
        model.intro,
        text_line(source, line_map, ("intro",)),
        tuple(Term(t.term, t.expansion, t.description, source=t.source, source_url=t.source_url) for t in model.terms),
    )


def text_line(source: SourceFile, line_map: LineMap, location: tuple[Any, ...]) -> int:
    """The line a text value's Markdown starts on (`text: |` starts on the next line)."""
    line = line_map.line_of(location)
    if line and re.search(r":\s*[|>][-+0-9]*\s*$", source.line(line)):
        return line + 1
    return line or 0
