"""Load one list file (a timeline, plain list or steps) or the glossary.

The file says what kind it is (`kind: timeline`); its address comes from its place
under content/. Items get addresses that survive rewording: the `id` an editor gives,
else one made from the item's period and its place among the items of that period
(`2019-to-2020-2`), or from the list's item name and its place (`service-3`).
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from ..errors import Problem
from ..parse.safe_yaml import LineMap
from ..read.source_text import SourceFile
from .ids import slugify
from .periods import parse_period
from .placeholders import todo_warnings
from .schema import LIST_MODELS, MODELS_BY_KIND, GlossaryFile
from .site_content import Collection, Entry, Glossary, ItemNames, Term, plural
from .time_words import time_word_warnings
from .yaml_files import read_mapping, validate

KIND_HINT = "write 'kind: timeline', 'kind: list', 'kind: steps' or 'kind: glossary'; docs/editing.md says which fits"


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
    if kind not in MODELS_BY_KIND:
        close = difflib.get_close_matches(str(kind), list(MODELS_BY_KIND), n=1, cutoff=0.5)
        problems.append(
            source.problem(
                f"'kind' must be timeline, list, steps or glossary, got \"{kind}\"",
                line_map.line_of(("kind",)),
                (f"did you mean '{close[0]}'? " if close else "") + KIND_HINT,
            )
        )
        return None, tuple(problems)
    model = validate(MODELS_BY_KIND[kind], mapping, source, line_map, problems)
    if model is None:
        return None, tuple(problems)
    problems.extend(time_word_warnings(source, model.time_words_meant, markdown=False))
    key = path.rstrip("/")
    if isinstance(model, GlossaryFile):
        loaded: Collection | Glossary = _glossary(model, key, source, line_map, problems)
    else:
        assert kind in LIST_MODELS
        loaded = _collection(model, key, source, line_map, problems)
    # A list with a mistake is left out whole, as if it had not loaded: its problems are reported.
    # A glossary's only mistake, a term given twice, leaves it usable: the first one counts.
    failed = any(not p.is_warning for p in problems) and not isinstance(loaded, Glossary)
    return (None if failed else loaded), tuple(problems)


def _collection(model: Any, key: str, source: SourceFile, line_map: LineMap, problems: list[Problem]) -> Collection:
    themes: dict[str, str] = dict(model.themes)
    items = ItemNames(model.item_name, model.item_name_plural or plural(model.item_name))
    for index, raw in enumerate(model.entries):
        for position, theme in enumerate(raw.themes):
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
    entries = tuple(
        Entry(
            ids[index],
            raw.text,
            text_line(source, line_map, ("entries", index, "text")),
            parse_period(raw.period) if getattr(raw, "period", None) else None,
            tuple(raw.themes),
            raw.reviewed or model.reviewed,
            getattr(raw, "status", None),
            getattr(raw, "target", None),
            raw.draft,
            _given_at(source, line_map.line_of(("entries", index, "id"))) if raw.id else None,
        )
        for index, raw in enumerate(model.entries)
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
        entries,
        themes,
        items,
        model.draft,
    )


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
