"""Add, remove and move the items of a list in a YAML file, each laid out like the others.

The list view of the web editor changes the items of `entries:` and the like with these. As
for every edit (see yaml_edit.py), only the text of the items involved is spliced, with the
comment lines just above an item's dash moving with it, and the new text must load as the
old data with exactly that change made.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Concatenate, ParamSpec

import yaml

from .value_types import YamlValue
from .yaml_edit import EditError, checked, compose, last_index, line_end, line_start, node_at, pair_text

EditArguments = ParamSpec("EditArguments")

# "# - id: old" or "#   text: Old": YAML put aside in a comment, not a note about the next item.
COMMENTED_OUT = re.compile(r"#\s*(-(\s|$)|[A-Za-z_][\w-]*:(\s|$))")


@dataclass(frozen=True)
class ItemBlock:
    lead: int  # where the item starts, with the comment lines just above its dash
    end: int  # just after the line break of its last line
    dash_column: int
    key_column: int


def item_blocks(text: str, sequence: yaml.Node) -> list[ItemBlock]:
    if not isinstance(sequence, yaml.SequenceNode) or sequence.flow_style:
        raise EditError("the items are not written one under the other with '- '")
    blocks = []
    for item in sequence.value:
        if not isinstance(item, yaml.MappingNode) or item.flow_style or not item.value:
            raise EditError("an item is not a block of 'name: value' lines")
        dash = text.rfind("-", 0, item.start_mark.index)
        if dash < 0 or text[dash + 1 : item.start_mark.index].strip():
            raise EditError("an item does not start with '- '")
        lead = line_start(text, dash)
        while lead > 0:  # Comment lines right above the dash belong to the item ...
            above = line_start(text, lead - 1)
            line = text[above:lead].strip()
            if not line.startswith("#") or COMMENTED_OUT.match(line):  # ... but not an item commented out.
                break
            lead = above
        last = item.value[-1][1]
        end = line_end(text, last_index(text, item.value[-1][0], last))
        blocks.append(ItemBlock(lead, end, dash - line_start(text, dash), item.start_mark.column))
    return blocks


def item_text(values: Mapping[str, object], dash_column: int, key_column: int) -> str:
    lines: list[str] = []
    for key, value in values.items():
        prefix = " " * dash_column + "-" + " " * (key_column - dash_column - 1) if not lines else " " * key_column
        lines.append(prefix + pair_text(key, value, key_column))
    return "\n".join(lines) + "\n"


def _ending_with_a_line_break(
    edit: Callable[Concatenate[str, EditArguments], str],
) -> Callable[Concatenate[str, EditArguments], str]:
    """The edit made as if the file's last line ended with a line break, as most do: the
    items' text can then be moved and cut line by line."""

    def edited(text: str, /, *args: EditArguments.args, **kwargs: EditArguments.kwargs) -> str:
        if text.endswith("\n") or not text:
            return edit(text, *args, **kwargs)
        new = edit(text + "\n", *args, **kwargs)
        return new.removesuffix("\n") if new.endswith("\n") else new

    edited.__name__, edited.__doc__ = edit.__name__, edit.__doc__
    return edited


@_ending_with_a_line_break
def insert_item(text: str, key: str, position: int, values: Mapping[str, object]) -> str:
    """Add an item at `position` (the number of items to add it at the end), laid out like the others."""
    sequence = node_at(compose(text), (key,))
    blocks = item_blocks(text, sequence)
    if not blocks:
        raise EditError("the list has no items to lay out a new one like")
    position = max(0, min(position, len(blocks)))
    layout = blocks[-1]
    written = item_text(values, layout.dash_column, layout.key_column)
    if len(blocks) > 1:
        gap = text[blocks[0].end : blocks[1].lead]
        separator = gap if not gap.strip() else "\n"
    else:
        separator = ""
    if position == len(blocks):
        at = blocks[-1].end
        prefix = "" if text[:at].endswith("\n") else "\n"
        new = text[:at] + prefix + separator + written + text[at:]
    else:
        at = blocks[position].lead
        new = text[:at] + written + separator + text[at:]
    return checked(text, new, lambda data: _items_in(data, key).insert(position, copy.deepcopy(values)))


@_ending_with_a_line_break
def remove_item(text: str, key: str, position: int) -> str:
    blocks = item_blocks(text, node_at(compose(text), (key,)))
    if not 0 <= position < len(blocks):
        raise EditError(f"there is no item {position + 1}")
    if len(blocks) == 1:
        raise EditError("a list needs at least one item")
    # The item's lines and the blank lines that set it apart go; comment lines around it stay
    # (a commented-out item, a note about the next one).
    start, end = blocks[position].lead, blocks[position].end
    if position + 1 < len(blocks):
        while end < blocks[position + 1].lead and not text[end : line_end(text, end)].strip():
            end = line_end(text, end)
    else:
        while start > blocks[position - 1].end and not text[line_start(text, start - 1) : start].strip():
            start = line_start(text, start - 1)
    new = text[:start] + text[end:]
    return checked(text, new, lambda data: _items_in(data, key).pop(position))


@_ending_with_a_line_break
def move_item(text: str, key: str, position: int, to: int) -> str:
    """Swap an item with its neighbour (`to` is position - 1 or position + 1)."""
    blocks = item_blocks(text, node_at(compose(text), (key,)))
    if abs(position - to) != 1 or not (0 <= position < len(blocks) and 0 <= to < len(blocks)):
        raise EditError("an item can only move one place up or down, within the list")
    first, second = sorted((position, to))
    a, b = blocks[first], blocks[second]
    new = text[: a.lead] + text[b.lead : b.end] + text[a.end : b.lead] + text[a.lead : a.end] + text[b.end :]

    def swap(data: YamlValue) -> None:
        items = _items_in(data, key)
        items[first], items[second] = items[second], items[first]

    return checked(text, new, swap)


def _items_in(data: object, key: str) -> list[object]:
    """The list of items under `key` in the data a change is made to (item_blocks found it in the text)."""
    items = data.get(key) if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise EditError(f"the file has no list '{key}'")
    return items
