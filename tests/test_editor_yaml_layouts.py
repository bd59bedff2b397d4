"""Whatever the file's layout, an edit changes its values and nothing else, or is refused.

The editor writes YAML by splicing text (sitegen/editor/yaml_edit.py): only the text of the
values it changes is replaced. This property test makes list files in every layout the build
accepts (a byte order mark, CR LF line breaks, comments at the end of lines and on lines of
their own, items commented out, blank lines between items, lists one item a line or in
brackets, long values, folded and literal text, items whose dash stands alone) and checks
every edit the editor makes against them:

- the file loads as exactly the old data with the change made;
- its byte order mark and line breaks are kept, and every line outside the item changed is
  byte for byte the same;
- every comment is kept, but those on the lines the change takes out (a removed item's
  note, a removed field's or list entry's own comment).

A change the splicing cannot write safely must raise `EditError` (the screens say so and
write nothing); in the layouts made here none may be refused. `make quick` runs a few dozen
files, the slow tier a few thousand.
"""

from __future__ import annotations

import copy
import itertools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.editor.saving import Opened
from sitegen.editor.yaml_edit import REMOVE, set_fields
from sitegen.editor.yaml_items import insert_item, move_item, remove_item

ORDER = ["id", "period", "themes", "text", "draft"]
THEMES = ["drugs", "partnership-working", "road-safety", "governance"]
WORD = st.sampled_from(["the", "PCC", "partners", "crime", "West", "Mercia", "2019/20", "work", "it’s", "(SOC)"])
# What editors type: quotes, colons, hashes, dashes, brackets, accents, line breaks, Markdown.
TYPED = (
    st.text(
        st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp"))
        | st.sampled_from(list("\n:#-[]{}'\"|>&*!%@` ")),
        min_size=1,
        max_size=200,
    )
    .map(str.strip)
    .filter(bool)
)
LONG = st.lists(WORD, min_size=18, max_size=40).map(" ".join)  # past 90 columns on one line
NEW_TEXT = TYPED | LONG | st.lists(WORD, min_size=1, max_size=4).map(" ".join)


@dataclass
class Layout:
    """A list file being made: its lines, its data, and who owns each comment."""

    lines: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    owners: dict[str, tuple[Any, ...]] = field(default_factory=dict)  # "#c12" -> ("item", 2) …
    items: list[tuple[int, int]] = field(default_factory=list)  # each item's lines, with those above it
    counter: itertools.count = field(default_factory=itertools.count)  # type: ignore[type-arg]

    def comment(self, owner: tuple[Any, ...]) -> str:
        mark = f"#c{next(self.counter)}"
        self.owners[mark] = owner
        return mark


def written(draw: Any, layout: Layout, value: str, column: int, owner: tuple[Any, ...]) -> list[str]:
    """`value` written after 'key:' at `column`, in a style drawn (with a comment, maybe)."""
    styles = ["double"]
    if all(line == line.strip() for line in value.split("\n")) and "\n\n" not in value:
        styles.append("literal")
    if "\n" not in value:
        styles += ["single", "folded"]
        if re.fullmatch(r"[A-Za-z0-9(][\w ’()/,.]*[\w).]", value) and ": " not in value and " #" not in value:
            styles.append("plain")
    style = draw(st.sampled_from(styles))
    note = "  " + layout.comment(owner) if draw(st.booleans()) else ""
    pad = " " * (column + 2)
    if style == "plain":
        return [f" {value}{note}"]
    if style == "single":
        return [" '" + value.replace("'", "''") + "'" + note]
    if style == "double":
        return [" " + json.dumps(value, ensure_ascii=False) + note]
    if style == "literal":
        return [f" |-{note}", *(pad + line if line else "" for line in value.split("\n"))]
    words, lines = value.split(" "), [""]
    for word in words:
        lines[-1] = f"{lines[-1]} {word}" if lines[-1] else word
        if len(lines[-1]) > 60:
            lines.append("")
    return [f" >-{note}", *(pad + line for line in lines if line)]


@st.composite
def list_files(draw: Any) -> tuple[bytes, Layout, dict[str, Any]]:
    layout = Layout()
    lines = layout.lines
    if draw(st.booleans()):
        lines.append("# A note at the top " + layout.comment(("file",)))
    layout.data = {"kind": "timeline", "entries": []}
    lines.append("kind: timeline" + ("  " + layout.comment(("file",)) if draw(st.booleans()) else ""))
    title = draw(st.lists(WORD, min_size=1, max_size=20).map(" ".join))
    layout.data["title"] = title
    title_line = len(lines)
    lines.extend("title:" + line if n == 0 else line for n, line in enumerate(written(draw, layout, title, 0, ())))
    lines.append("entries:" + ("  " + layout.comment(("file",)) if draw(st.booleans()) else ""))
    dash = draw(st.sampled_from([0, 2]))
    count = draw(st.integers(min_value=2, max_value=5))
    for index in range(count):
        start = len(lines)
        above = draw(st.sampled_from(["", "blank", "note", "commented-out", "blank, commented-out"]))
        if index and "blank" in above:
            lines.append("")
        if "note" in above:
            lines.append(" " * dash + "# About this item " + layout.comment(("item", index)))
        if "commented-out" in above:
            mark = layout.comment(("file",))
            lines += [" " * dash + f"# - id: old-{index}  {mark}", " " * dash + "#   text: An old entry."]
            if draw(st.booleans()):
                lines.append("")
        item: dict[str, Any] = {"id": f"item-{index}"}
        key = dash + 2
        alone = draw(st.booleans())
        first = " " * dash + "-" + ("\n" + " " * key if alone else " ")
        lines.append(first + f"id: item-{index}")
        if draw(st.booleans()):
            period = draw(st.sampled_from(["2018", "2019/20", "2020 and ongoing"]))
            item["period"] = period
            note = "  " + layout.comment(("field", index, "period")) if draw(st.booleans()) else ""
            lines.append(" " * key + f'period: "{period}"{note}')
        themes = draw(st.lists(st.sampled_from(THEMES), unique=True, max_size=3))
        if themes:
            item["themes"] = themes
            if draw(st.booleans()):
                lines.append(" " * key + "themes: [" + ", ".join(themes) + "]")
            else:
                lines.append(" " * key + "themes:")
                inner = key + draw(st.sampled_from([0, 2]))
                for theme in themes:
                    if draw(st.integers(0, 3)) == 0:
                        lines.append(" " * inner + "# a note " + layout.comment(("themes", index)))
                    note = "   " + layout.comment(("theme", index, theme)) if draw(st.booleans()) else ""
                    lines.append(" " * inner + f"- {theme}{note}")
        text = draw(NEW_TEXT)
        item["text"] = text
        for n, line in enumerate(written(draw, layout, text, key, ("field", index, "text"))):
            lines.append(" " * key + "text:" + line if n == 0 else line)
        layout.data["entries"].append(item)
        layout.items.append((start, len("\n".join(lines).split("\n"))))
        lines[:] = "\n".join(lines).split("\n")
    if draw(st.booleans()):
        lines += ["", "# The end " + layout.comment(("file",))]
    layout.title_line = title_line  # type: ignore[attr-defined]
    text = "\n".join(lines) + ("\n" if draw(st.booleans()) or layout.lines[-1].rstrip().endswith("|-") else "")
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    raw = ("\ufeff" if draw(st.booleans()) else "") + text
    return raw.encode("utf-8"), layout, yaml.safe_load(text.replace("\r\n", "\n"))


@st.composite
def edits(draw: Any, layout: Layout) -> tuple[Any, ...]:
    count = len(layout.data["entries"])
    index = draw(st.integers(0, count - 1))
    kind = draw(st.sampled_from(["text", "themes", "period", "draft", "title", "insert", "remove", "move"]))
    if kind == "text":
        return ("set", index, {"text": draw(NEW_TEXT)})
    if kind == "themes":
        themes = draw(st.lists(st.sampled_from(THEMES), unique=True, max_size=4))
        return ("set", index, {"themes": themes or REMOVE})
    if kind == "period":
        return ("set", index, {"period": draw(st.sampled_from(["2021", "2022/23", REMOVE]))})
    if kind == "draft":
        return ("set", index, {"draft": True})
    if kind == "title":
        return ("title", 0, {"title": draw(NEW_TEXT)})
    if kind == "insert":
        return ("insert", draw(st.integers(0, count)), {"id": "new-one", "text": draw(NEW_TEXT)})
    if kind == "remove":
        return ("remove", index, {})
    return ("move", index, {"to": index - 1 if index == count - 1 or (index and draw(st.booleans())) else index + 1})


def apply(text: str, edit: tuple[Any, ...]) -> str:
    kind, index, values = edit
    if kind == "set":
        return set_fields(text, ("entries", index), values, ORDER)
    if kind == "title":
        return set_fields(text, (), values, ["kind", "title", "entries"])
    if kind == "insert":
        return insert_item(text, "entries", index, values)
    if kind == "remove":
        return remove_item(text, "entries", index)
    return move_item(text, "entries", index, values["to"])


def expected_after(data: dict[str, Any], edit: tuple[Any, ...]) -> dict[str, Any]:
    kind, index, values = edit
    data = copy.deepcopy(data)
    entries = data["entries"]
    if kind == "set":
        for key, value in values.items():
            if value is REMOVE:
                entries[index].pop(key, None)
            else:
                entries[index][key] = value
    elif kind == "title":
        data.update(values)
    elif kind == "insert":
        entries.insert(index, values)
    elif kind == "remove":
        entries.pop(index)
    else:
        entries[index], entries[values["to"]] = entries[values["to"]], entries[index]
    return data


def may_lose(owner: tuple[Any, ...], edit: tuple[Any, ...]) -> bool:
    """Whether the edit takes out the line this comment is on."""
    kind, index, values = edit
    if kind == "remove":
        return owner[:2] in (("item", index), ("field", index), ("theme", index), ("themes", index))
    if kind == "set" and owner[:2] == ("field", index):
        return values.get(owner[2], None) is REMOVE
    if kind == "set" and owner == ("themes", index):
        return values.get("themes") is REMOVE
    if kind == "set" and owner[:2] == ("theme", index):
        return "themes" in values and (values["themes"] is REMOVE or owner[2] not in values["themes"])
    return False


def touched_lines(layout: Layout, edit: tuple[Any, ...], total: int) -> tuple[int, int]:
    """The lines of the old file that the edit may change (from, up to)."""
    kind, index, values = edit
    items = layout.items
    if kind == "title":
        return layout.title_line, items[0][0]  # type: ignore[attr-defined]
    if kind == "move":
        first, last = sorted((index, values["to"]))
        return items[first][0], items[last][1]
    if kind == "insert":
        return items[max(index - 1, 0)][0], items[min(index, len(items) - 1)][1]
    if kind == "remove":
        return items[max(index - 1, 0)][0], items[min(index + 1, len(items) - 1)][1]
    return items[index][0], items[index][1]


def check_edit(made: tuple[bytes, Layout, dict[str, Any]], edit: tuple[Any, ...]) -> None:
    raw, layout, data = made
    opened = Opened.of("content/list.yaml", Path("content/list.yaml"), raw)
    new_raw = opened.encode(apply(opened.text, edit))  # EditError: refused (none may be)
    text = new_raw.decode("utf-8")
    assert text.startswith("\ufeff") == raw.startswith("\ufeff".encode())
    crlf = b"\r\n" in raw
    assert (text.count("\r\n") == text.count("\n")) if crlf else "\r" not in text
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    assert yaml.safe_load(text) == expected_after(data, edit)
    for mark, owner in layout.owners.items():
        assert mark in text or may_lose(owner, edit), f"the comment {mark} was lost"
    old_lines = raw.decode("utf-8").removeprefix("\ufeff").replace("\r\n", "\n").split("\n")
    new_lines = text.split("\n")
    start, end = touched_lines(layout, edit, len(old_lines))
    assert new_lines[:start] == old_lines[:start]
    after = len(old_lines) - end
    assert new_lines[len(new_lines) - after :] == old_lines[end:]


@st.composite
def files_and_edits(draw: Any) -> tuple[tuple[bytes, Layout, dict[str, Any]], tuple[Any, ...]]:
    made = draw(list_files())
    return made, draw(edits(made[1]))


@given(files_and_edits())
def test_an_edit_changes_its_values_and_nothing_else_in_any_layout(case):
    made, edit = case
    if edit[0] == "remove" and len(made[2]["entries"]) == 1:
        return
    check_edit(made, edit)


@pytest.mark.slow
@settings(max_examples=3000, deadline=None)
@given(files_and_edits())
def test_an_edit_changes_its_values_and_nothing_else_in_any_layout_thousands_of_times(case):
    made, edit = case
    check_edit(made, edit)
