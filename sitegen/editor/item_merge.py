"""Join two people's changes to one file, item by item: a three-way merge from the version both
started from (the base), so that neither change undoes the other.

A list (timeline, plain list, steps, glossary) is compared item by item and field by field:
changes to different items, or to different fields of one item, are both kept; items added
on both sides are all kept (theirs first: they were saved first). A page is compared field by
field in its front matter, and line by line in its text (merge3, as git's merge does; lines
added at the same place by both are all kept, theirs first, as items are). Only
when both changed the same field of the same item (or the same lines of a page) differently,
or one removed an item the other changed, is the merge refused with `Clash`, which names each
such field with the three versions, so that a person can choose; `prefer` makes that choice.

The joined text is made with the editor's own splicing (yaml_edit, yaml_items) on the other
person's file: their comments and layout stay, and the result is loaded again and must be
exactly the joined data, or `NotMergeable` is raised and nothing is joined.
"""

from __future__ import annotations

import datetime
import difflib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import merge3

from .page_text import split_page
from .yaml_edit import REMOVE, EditError, compose, load, node_at, set_fields
from .yaml_items import insert_item, item_blocks, remove_item

Prefer = Literal["", "ours", "theirs"]
Item = dict[str, object]
MISSING = "(not set)"


@dataclass(frozen=True)
class FieldClash:
    """One field both people changed differently: where, which, and the three versions."""

    where: str  # "Item 3 “Set up the board”", "The page's settings", "The page's text"
    position: int  # the item's position in the list as the person saving saw it (-1: not an item)
    field: str
    base: object
    ours: object
    theirs: object


class Clash(Exception):
    """Both changed the same thing differently: nothing is joined until someone chooses."""

    def __init__(self, clashes: list[FieldClash]):
        super().__init__(f"{len(clashes)} clashes")
        self.clashes = clashes


class NotMergeable(Exception):
    """This file cannot be joined item by item (not a list or page the editor reads, say)."""


def merge(name: str, base: str, ours: str, theirs: str, prefer: Prefer = "") -> str:
    """`theirs` with the change from `base` to `ours` made in it (texts with "\\n" line breaks)."""
    if ours == base:
        return theirs
    if theirs in (base, ours):
        return ours
    if name.endswith(".md"):
        return _merge_page(base, ours, theirs, prefer)
    if name.endswith((".yaml", ".yml")):
        return _merge_list(base, ours, theirs, prefer)
    raise NotMergeable(name)


# --- values, compared ------------------------------------------------------------------------


def _key(value: object) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def _changed_fields(base: Mapping[str, object], new: Mapping[str, object]) -> dict[str, object]:
    return {k: new.get(k, REMOVE) for k in {*base, *new} if _key(base.get(k, REMOVE)) != _key(new.get(k, REMOVE))}


def _shown(value: object) -> object:
    return MISSING if value is REMOVE else value


def _join_fields(
    base: Mapping[str, object],
    ours: Mapping[str, object],
    theirs: Mapping[str, object],
    prefer: Prefer,
    where: str,
    position: int,
    clashes: list[FieldClash],
) -> dict[str, object]:
    """Our changed fields to write over `theirs`; a field both changed differently is a clash."""
    mine, others = _changed_fields(base, ours), _changed_fields(base, theirs)
    to_write = {}
    for field in sorted(mine, key=lambda f: list(ours).index(f) if f in ours else len(ours)):
        value = mine[field]
        if field in others and _key(others[field]) != _key(value):
            other = others[field]
            if field == "updated" and isinstance(value, datetime.date) and isinstance(other, datetime.date):
                value = max(value, other)
            elif prefer == "theirs":
                continue
            elif prefer != "ours":
                clashes.append(
                    FieldClash(
                        where, position, field, _shown(base.get(field, REMOVE)), _shown(value), _shown(others[field])
                    )
                )
                continue
        to_write[field] = value
    return to_write


# --- lists -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Fate:
    kind: Literal["same", "changed", "removed"]
    at: int = -1  # its position in the new list


def _alike(a: Item, b: Item) -> bool:
    if "id" in a and "id" in b:
        return a["id"] == b["id"]
    keys = {*a, *b}
    return 2 * sum(_key(a.get(k)) == _key(b.get(k)) for k in keys) >= len(keys)


def _fates(base: list[Item], new: list[Item]) -> tuple[list[_Fate], dict[int, list[int]]]:
    """What became of each item of `base` in `new`, and the items of `new` added before each
    base position (len(base): at the end)."""
    fates: list[_Fate] = [_Fate("removed")] * len(base)
    added: dict[int, list[int]] = {}
    matcher = difflib.SequenceMatcher(None, [_key(i) for i in base], [_key(i) for i in new], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for k in range(i2 - i1):
                fates[i1 + k] = _Fate("same", j1 + k)
            continue
        paired = 0
        while paired < min(i2 - i1, j2 - j1) and _alike(base[i1 + paired], new[j1 + paired]):
            fates[i1 + paired] = _Fate("changed", j1 + paired)
            paired += 1
        added.setdefault(i2, []).extend(range(j1 + paired, j2))
    return fates, added


def _label(item: Mapping[str, object], position: int) -> str:
    words = " ".join(str(item.get("text") or item.get("term") or item.get("title") or "").split())
    words = words if len(words) <= 60 else words[:57].rsplit(" ", 1)[0] + "…"
    return f"Item {position + 1}" + (f" “{words}”" if words else "")


def _mapping(value: object) -> Item:
    if not isinstance(value, dict):
        raise NotMergeable("not a set of 'name: value' lines")
    return {str(key): field for key, field in value.items()}


def _loaded(text: str) -> Item:
    try:
        value = load(text)
        return {} if value is None else _mapping(value)
    except NotMergeable:
        raise
    except Exception:
        raise NotMergeable("unreadable") from None


def _items(data: Item, key: str) -> list[Item]:
    found = data.get(key)
    if not isinstance(found, list):
        raise NotMergeable("not a list")
    return [_mapping(item) for item in found]


def _merge_list(base_text: str, ours_text: str, theirs_text: str, prefer: Prefer) -> str:
    base, ours, theirs = _loaded(base_text), _loaded(ours_text), _loaded(theirs_text)
    key = next((k for k in ("entries", "terms") if isinstance(base.get(k), list)), "")
    if not key:
        raise NotMergeable("not a list")
    b, o, t = _items(base, key), _items(ours, key), _items(theirs, key)
    clashes: list[FieldClash] = []
    settings = _join_fields(
        {k: v for k, v in base.items() if k != key},
        {k: v for k, v in ours.items() if k != key},
        {k: v for k, v in theirs.items() if k != key},
        prefer,
        "The list's settings",
        -1,
        clashes,
    )
    ours_fates, ours_added = _fates(b, o)
    theirs_fates, theirs_added = _fates(b, t)
    # The joined list: ("theirs", position in theirs, fields to write) or ("ours", item).
    joined: list[tuple[str, int, Item]] = []
    for gap in range(len(b) + 1):
        joined += [("theirs", j, {}) for j in theirs_added.get(gap, [])]
        joined += [("ours", j, o[j]) for j in ours_added.get(gap, [])]
        if gap == len(b):
            break
        mine, others = ours_fates[gap], theirs_fates[gap]
        where = _label(b[gap], mine.at if mine.at >= 0 else gap)
        if others.kind == "removed":
            if mine.kind == "changed" and prefer != "theirs":
                if prefer == "ours":
                    joined.append(("ours", mine.at, o[mine.at]))
                else:
                    clashes.append(FieldClash(where, mine.at, "", b[gap], o[mine.at], MISSING))
            continue
        if mine.kind == "removed":
            if others.kind == "changed" and prefer != "ours":
                if prefer == "theirs":
                    joined.append(("theirs", others.at, {}))
                else:
                    clashes.append(FieldClash(where, gap, "", b[gap], MISSING, t[others.at]))
            continue
        fields: Item = {}
        if mine.kind == "changed":
            fields = _join_fields(b[gap], o[mine.at], t[others.at], prefer, where, mine.at, clashes)
        joined.append(("theirs", others.at, fields))
    if clashes:
        raise Clash(clashes)
    return _written(theirs_text, theirs, key, joined, settings, list(ours), ours_text)


def _written(
    text: str,
    theirs: Item,
    key: str,
    joined: list[tuple[str, int, Item]],
    settings: Item,
    order: list[str],
    ours_text: str,
) -> str:
    """`text` (theirs) turned into the joined list, splice by splice, and checked."""
    items = _items(theirs, key)
    expected = dict(theirs)
    try:
        for side, at, fields in joined:
            if side == "theirs" and fields:
                text = set_fields(text, (key, at), fields, list(items[at]) + list(fields))
        kept = {at for side, at, _ in joined if side == "theirs"}
        for at in sorted(set(range(len(items))) - kept, reverse=True):
            text = remove_item(text, key, at)
        for position, (side, _at, fields) in enumerate(joined):
            if side == "ours":
                text = _insert_as_written(text, key, position, ours_text, _at, fields)
        if settings:
            text = set_fields(text, (), settings, order)
        merged = load(text)
    except (EditError, Exception) as error:
        raise NotMergeable(str(error)) from None
    expected[key] = [fields if side == "ours" else _with(items[at], fields) for side, at, fields in joined]
    expected = _with(expected, settings)
    if _key(merged) != _key(expected):
        raise NotMergeable("the joined file does not read back as the joined list")
    return text


def _insert_as_written(text: str, key: str, position: int, ours_text: str, at: int, values: Item) -> str:
    """Our item `at` put in at `position` with its own lines, comments above it included (an
    item moved keeps them); laid out anew (`insert_item`) when its lines do not fit here."""
    try:
        ours_blocks = item_blocks(ours_text, node_at(compose(ours_text), (key,)))
        blocks = item_blocks(text, node_at(compose(text), (key,)))
    except EditError:
        return insert_item(text, key, position, values)
    lines = ours_text[ours_blocks[at].lead : ours_blocks[at].end]
    if not blocks or not lines.endswith("\n") or blocks[0].dash_column != ours_blocks[at].dash_column:
        return insert_item(text, key, position, values)
    gap = text[blocks[0].end : blocks[1].lead] if len(blocks) > 1 else ""
    separator = gap if gap and not gap.strip() else ""
    if position < len(blocks):
        where = blocks[position].lead
        return text[:where] + lines + separator + text[where:]
    where = blocks[-1].end
    if not text[:where].endswith("\n"):
        return insert_item(text, key, position, values)
    return text[:where] + separator + lines + text[where:]


def _with(data: object, fields: Item) -> Item:
    assert isinstance(data, dict)
    joined = {**data, **fields}
    return {k: v for k, v in joined.items() if v is not REMOVE}


# --- pages -------------------------------------------------------------------------------------


def _merge_page(base: str, ours: str, theirs: str, prefer: Prefer) -> str:
    parts = [split_page(text) for text in (base, ours, theirs)]
    b, o, t = parts
    if b is None or o is None or t is None:
        raise NotMergeable("not a page with front matter")
    clashes: list[FieldClash] = []
    base_front, ours_front, theirs_front = (_loaded(part[0]) for part in (b, o, t))
    fields = _join_fields(base_front, ours_front, theirs_front, prefer, "The page's settings", -1, clashes)
    body = _merge_lines(b[2], o[2], t[2], prefer, clashes)
    if clashes:
        raise Clash(clashes)
    try:
        front = set_fields(t[0], (), fields, list(ours_front)) if fields else t[0]
        if _key(load(front) or {}) != _key(_with(theirs_front, fields)):
            raise NotMergeable("the joined front matter does not read back as joined")
    except EditError as error:
        raise NotMergeable(str(error)) from None
    opening = theirs[: len(theirs) - sum(len(part) for part in t)]
    return opening + front + t[1] + body


def _merge_lines(base: str, ours: str, theirs: str, prefer: Prefer, clashes: list[FieldClash]) -> str:
    lines = merge3.Merge3(base.splitlines(True), ours.splitlines(True), theirs.splitlines(True))
    joined: list[str] = []
    for group in lines.merge_groups():
        if group[0] != "conflict":
            joined += group[1]
        elif not group[1]:  # lines added at the same place by both, none changed: both kept, theirs first
            between = ["\n"] if group[3][-1].strip() and group[2][0].strip() else []
            joined += [*group[3], *between, *group[2]]
        elif prefer:
            joined += group[2] if prefer == "ours" else group[3]
        else:
            clashes.append(FieldClash("The page's text", -1, "body", base, ours, theirs))
            return theirs
    return "".join(joined)
