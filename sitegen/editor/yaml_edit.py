"""Change a YAML file's values without touching anything else: splicing by node positions.

The editor must keep every comment, blank line, quote style and key order that editors and
developers wrote. Rather than load and dump the whole file (a round-trip library re-emits
what it understood, and re-wraps or re-quotes parts that were never changed), each change
replaces only the text of the value it changes, found by the positions PyYAML's composer
gives every node. Everything else is copied byte for byte, by construction.

Every edit is then checked: the new text is loaded and must equal the old data with exactly
that change made. A change that cannot be written safely raises `EditError` instead of
writing something else. The items of a list are added, removed and moved by yaml_items.py,
with the same splicing and the same check.
"""

from __future__ import annotations

import copy
import datetime
import difflib
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import yaml

from ..parse.safe_yaml import YamlDocument, nested_too_deeply, parse_yaml
from ..read.source_text import SourceFile
from .page_text import split_page as split_page  # where the screens have always found it
from .value_types import YamlValue

_Loader: type[yaml.CSafeLoader] = yaml.CSafeLoader  # LibYAML's: in every PyYAML wheel we pin

WIDTH = 90  # Where long text is folded onto the next line, as the content files do.
REMOVE = object()  # A field's value meaning "take the field out".
Location = tuple[str | int, ...]  # () for the top of the file, ("entries", 3) for an item


class EditError(Exception):
    """The change cannot be written without altering something else: nothing is written."""


@dataclass(frozen=True)
class Span:
    start: int
    end: int


# --- reading the node tree ---------------------------------------------------------------


class Refused(yaml.YAMLError):
    """YAML the build refuses (anchors and aliases, tags, nesting too deep): never expanded here."""


def compose(text: str) -> yaml.Node:
    if nested_too_deeply(text):
        raise EditError("the file is nested too deeply to read")
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as error:
        raise EditError(f"the file cannot be read as YAML ({error})") from None
    if not isinstance(node, yaml.MappingNode):
        raise EditError("the file is not a set of 'name: value' lines")
    return node


def load(text: str) -> YamlValue:
    """The data, read by the build's own rules (parse/safe_yaml): what it refuses, such as
    anchors and aliases, is refused before anything is expanded (`Refused`)."""
    found = parse_yaml(SourceFile("the file", text))
    if not isinstance(found, YamlDocument):
        raise Refused(found[0].message)
    data: YamlValue = found.data  # PyYAML's untyped object: its safe loader builds nothing else (value_types)
    return data


def node_at(root: yaml.Node, location: Location) -> yaml.Node:
    node = root
    for step in location:
        if isinstance(step, int):
            if not isinstance(node, yaml.SequenceNode) or not 0 <= step < len(node.value):
                raise EditError(f"there is no item {step + 1} here")
            node = node.value[step]
        else:
            pair = _pair(node, step)
            if pair is None:
                raise EditError(f"the file has no '{step}'")
            node = pair[1]
    return node


def _pair(mapping: yaml.Node, key: str) -> tuple[yaml.Node, yaml.Node] | None:
    if not isinstance(mapping, yaml.MappingNode):
        raise EditError("expected a set of 'name: value' lines")
    return next(((k, v) for k, v in mapping.value if isinstance(k, yaml.ScalarNode) and k.value == key), None)


def value_span(text: str, node: yaml.Node) -> Span:
    """Where a value's text is; a block value's trailing blank lines are not part of it."""
    start, end = node.start_mark.index, node.end_mark.index
    return Span(start, start + len(text[start:end].rstrip()))


def line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def line_end(text: str, index: int) -> int:
    """The index just after the line break ending the line that holds `index` (or the end)."""
    found = text.find("\n", index)
    return len(text) if found < 0 else found + 1


def last_index(text: str, key: yaml.Node, value: yaml.Node) -> int:
    """The index of the last character of a 'key: value' pair."""
    span = value_span(text, value)
    return span.end - 1 if span.end > span.start else key.end_mark.index


def line_spans(text: str, mapping: yaml.Node) -> dict[str, tuple[int, int]]:
    """Each key's first and last line (1-based) in the text: to tell which field a message is about."""
    spans = {}
    for key, value in mapping.value:
        end = value_span(text, value).end
        spans[str(key.value)] = (key.start_mark.line + 1, text.count("\n", 0, max(end - 1, key.start_mark.index)) + 1)
    return spans


# --- writing values ----------------------------------------------------------------------

_PLAIN_START = frozenset("-?:,[]{}#&*!|>'\"%@`")


def scalar_text(value: object, indent: int, like: str | None = None, flow: bool = False) -> str:
    """The YAML text of a value written at `indent` columns; `like` is the old value's style
    ('"', "'", '|', '>' or '' for plain), kept where it fits."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(scalar_text(item, indent, None, flow=True) for item in value) + "]"
    if isinstance(value, dict):
        lines = [f"{_key(key)}: {scalar_text(item, indent + 2)}" for key, item in value.items()]
        return ("\n" + " " * indent).join(lines) if lines else "{}"
    if not isinstance(value, str):
        raise EditError(f"cannot write a value of type {type(value).__name__}")
    if not flow and _block_fits(value) and ("\n" in value or like in ("|", ">") or len(value) + indent > WIDTH):
        return _block(value, indent, like)
    if like == "'" and "\n" not in value and value.isprintable():
        return "'" + value.replace("'", "''") + "'"
    if like != '"' and _plain_fits(value, flow):
        return value
    return json.dumps(value, ensure_ascii=False)  # JSON's strings are YAML double-quoted strings.


def _key(key: str) -> str:
    return key if _plain_fits(key, False) else json.dumps(key, ensure_ascii=False)


def _plain_fits(value: str, flow: bool) -> bool:
    if not value or value != value.strip() or value[0] in _PLAIN_START or not value.isprintable():
        return False
    if ": " in value or " #" in value or value.endswith(":") or (flow and any(c in value for c in ",[]{}")):
        return False
    try:
        return bool(load(value) == value)
    except yaml.YAMLError:
        return False


def _block_fits(value: str) -> bool:
    """Block text can hold it: no leading space (that needs an indentation indicator) or
    control characters, and no lines of spaces (they would change on the way back)."""
    lines = value.split("\n")
    return (
        bool(value.strip())
        and not value[0].isspace()
        and all(line.strip() or not line for line in lines)
        and all(c == "\n" or c.isprintable() or c == "\t" for c in value)
    )


def _block(value: str, indent: int, like: str | None) -> str:
    pad = " " * (indent + 2)
    if "\n" not in value and "  " not in value and "\t" not in value and like != "|":
        lines, line = [], ""
        for word in value.split(" "):
            if line and len(pad) + len(line) + 1 + len(word) > WIDTH:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        lines.append(line)
        return ">-\n" + "\n".join(pad + line for line in lines)
    return "|-\n" + "\n".join(pad + line if line else "" for line in value.split("\n"))


def _style(node: yaml.Node) -> str | None:
    return getattr(node, "style", None) or ("" if isinstance(node, yaml.ScalarNode) else None)


# --- edits ---------------------------------------------------------------------------------


def set_fields(text: str, location: Location, changes: Mapping[str, object], order: Sequence[str]) -> str:
    """Set (or, with REMOVE, take out) fields of the mapping at `location`; others untouched.

    order: the fields in the order a new one is placed among the others.
    """

    def change(data: YamlValue) -> None:
        target = _data_at(data, location) if changes else {}  # Empty front matter is None: nothing to find.
        for key, value in changes.items():
            if value is REMOVE:
                target.pop(key, None)
            else:
                target[key] = value

    new = text
    for key, value in changes.items():  # One at a time, each on the text the last one made.
        mapping = node_at(compose(new), location)
        pair = _pair(mapping, key)
        if value is REMOVE:
            if pair is not None:
                new = _remove_key(new, mapping, key)
        elif pair is not None:
            new = _replace_value(new, pair[0], pair[1], value)
        else:
            new = _insert_key(new, mapping, key, value, order)
    return checked(text, new, change)


def _replace_value(text: str, key: yaml.Node, node: yaml.Node, value: object) -> str:
    span = value_span(text, node)
    before = text[: span.start]
    if isinstance(value, list) and value and _is_block_list(node):
        return _block_list(text, node, value)
    if isinstance(value, dict) and value and isinstance(node, yaml.MappingNode) and not node.flow_style:
        written = scalar_text(value, node.start_mark.column)  # Lines under the key, where the old ones were.
    elif isinstance(value, dict) and value:
        before, written = before.rstrip(" "), _value_after_key(value, key.start_mark.column)
    else:
        written = scalar_text(value, key.start_mark.column, _style(node))
    if span.start == span.end and before.endswith(":") and not written.startswith("\n"):
        written = " " + written  # "key:" with nothing after it
    # A comment on the value's line stays on it: after a block's '>-' or '|-', where text
    # cannot have one, or after a one-line value.
    header = _block_header(text, node, span)
    end = span.end
    rest = text[end : line_end(text, end)].rstrip("\r\n")
    comment = header[1] if header else (rest if rest.strip().startswith("#") else "")
    if header is None and comment:
        end += len(rest)
    if comment and written[:1] in "|>":
        first, _, lines = written.partition("\n")
        written = first + comment + "\n" + lines
    elif comment:
        if "\n" in written and header is None:
            end -= len(rest)  # A flow value over several lines: its comment stays where it was.
        else:
            written += comment
    return before + written + text[end:]


def _block_header(text: str, node: yaml.Node, span: Span) -> tuple[str, str] | None:
    """A block text's first line, '>-  # note': its indicator and its comment (or "")."""
    if _style(node) not in ("|", ">"):
        return None
    first = text[span.start : line_end(text, span.start)].rstrip("\r\n")
    found = re.match(r"[|>][-+0-9]*", first)
    indicator = found.group(0) if found else first
    return indicator, first[len(indicator) :] if first[len(indicator) :].strip() else ""


def _is_block_list(node: yaml.Node) -> bool:
    return (
        isinstance(node, yaml.SequenceNode)
        and not node.flow_style
        and bool(node.value)
        and all(isinstance(item, yaml.ScalarNode) and "\n" not in item.value for item in node.value)
    )


def _block_list(text: str, node: yaml.Node, values: list[object]) -> str:
    """The text with a list written one item a line, as it was: the items kept keep their lines
    (and their comments), the comment lines between items stay, new items are laid out like
    the others."""
    items = []  # (the item's first line's start, the end of its last line)
    for item in node.value:
        dash = text.rfind("-", 0, item.start_mark.index)
        if dash < 0 or text[line_start(text, dash) : dash].strip() or text[dash + 1 : item.start_mark.index].strip():
            raise EditError("a list shares its line with something else")
        items.append((line_start(text, dash), line_end(text, value_span(text, item).end)))
    dash_column = text.index("-", items[0][0]) - items[0][0]
    old, new = [str(i.value) for i in node.value], [str(v) for v in values]
    line_of = {index: text[start:end] for index, (start, end) in enumerate(items)}
    opcodes = difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes()
    taken_out: dict[str, list[str]] = {}  # An item moved elsewhere keeps its line, with its comment.
    for tag, a1, a2, _, _ in opcodes:
        for index in range(a1, a2) if tag != "equal" else ():
            taken_out.setdefault(old[index], []).append(line_of[index])
    written: list[str] = []
    for tag, a1, a2, b1, b2 in opcodes:
        for index in range(a1, a2):
            gap = text[items[index - 1][1] : items[index][0]] if index else ""
            written.append(gap + (line_of[index] if tag == "equal" else ""))
        for value, key in zip(values[b1:b2], new[b1:b2], strict=True) if tag != "equal" else ():
            again = taken_out.get(key)
            if again:
                written.append(again.pop(0).removesuffix("\n") + "\n")
            else:
                written.append(" " * dash_column + "- " + scalar_text(value, dash_column + 2, flow=True) + "\n")
    whole = "".join(written)
    if not text[: items[-1][1]].endswith("\n"):  # The last item ended the file without a line break.
        whole = whole.removesuffix("\n")
    return text[: items[0][0]] + whole + text[items[-1][1] :]


def _remove_key(text: str, mapping: yaml.Node, key: str) -> str:
    keys = [k.value for k, _ in mapping.value]
    index = keys.index(key)
    key_node, value_node = mapping.value[index]
    end = line_end(text, last_index(text, key_node, value_node))
    before = text[line_start(text, key_node.start_mark.index) : key_node.start_mark.index]
    if before.strip():  # "- key: value": the item's dash is on this line; the next key moves up.
        if index + 1 >= len(mapping.value):
            raise EditError(f"cannot take out '{key}', the item's only field")
        following = mapping.value[index + 1][0].start_mark.index
        if text[end : line_start(text, following)].strip():
            raise EditError(f"cannot take out '{key}' without moving a comment")
        return text[: key_node.start_mark.index] + text[following:]
    return text[: line_start(text, key_node.start_mark.index)] + text[end:]


def _insert_key(text: str, mapping: yaml.Node, key: str, value: object, order: Sequence[str]) -> str:
    if not isinstance(mapping, yaml.MappingNode) or mapping.flow_style or not mapping.value:
        raise EditError("fields can only be added to a block of 'name: value' lines")
    present = [k.value for k, _ in mapping.value]
    indent: int = mapping.value[0][0].start_mark.column
    line = pair_text(key, value, indent)
    rank = {name: position for position, name in enumerate(order)}
    earlier = [name for name in present if rank.get(name, len(order)) < rank.get(key, len(order))]
    if earlier:  # After the last field that comes before it.
        after = mapping.value[present.index(earlier[-1])][1]
        at = line_end(text, last_index(text, mapping.value[present.index(earlier[-1])][0], after))
        prefix = "" if text[:at].endswith("\n") else "\n"
        return text[:at] + prefix + " " * indent + line + "\n" + text[at:]
    first = mapping.value[0][0].start_mark.index
    if text[line_start(text, first) : first].strip():  # "- first: ...": the new field takes the dash.
        return text[:first] + line + "\n" + " " * indent + text[first:]
    start = line_start(text, first)
    return text[:start] + " " * indent + line + "\n" + text[start:]


def pair_text(key: str, value: object, indent: int) -> str:
    written = _value_after_key(value, indent)
    return f"{_key(key)}:{written}" if written.startswith("\n") else f"{_key(key)}: {written}"


def _value_after_key(value: object, indent: int) -> str:
    if isinstance(value, dict) and value:
        return "\n" + " " * (indent + 2) + scalar_text(value, indent + 2)
    return scalar_text(value, indent)


# --- the check -----------------------------------------------------------------------------


def _data_at(data: object, location: Location) -> dict[str, object]:
    """The mapping at `location` in the data a change is made to (node_at found it in the text)."""
    for step in location:
        if isinstance(data, list) and isinstance(step, int):
            data = data[step]
            continue
        if not isinstance(data, dict):
            raise EditError(f"the file has no '{step}'")
        data = data[step]
    if not isinstance(data, dict):
        raise EditError("expected a set of 'name: value' lines")
    return data


def checked(old: str, new: str, change: Callable[[YamlValue], object]) -> str:
    """The new text, if it loads as exactly the old data with the change made."""
    try:
        expected = copy.deepcopy(load(old))
    except yaml.YAMLError as error:
        raise EditError(f"the file cannot be read as the site reads it ({error})") from None
    change(expected)
    try:
        got = load(new)
    except yaml.YAMLError as error:
        raise EditError(f"the change would make the file unreadable ({error})") from None
    if got != expected:
        raise EditError("the change could not be written without altering other values")
    return new
