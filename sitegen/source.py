"""Turn the bytes of a content file into data, remembering where every value came from.

YAML is loaded with the safe loader (LibYAML's when available: 7x faster), so no
Python object can be built from content. Anchors and aliases are refused (editors
never need them and they are the route to "billion laughs" expansion), and files
are capped in size. Every value's source line is kept in a `LineMap`, so the
schema's messages can point at the line to fix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .errors import Problem

MAX_FILE_BYTES = 1_000_000

try:
    _SafeLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - LibYAML is in every PyYAML wheel we pin
    _SafeLoader = yaml.SafeLoader

Path = tuple[Any, ...]


@dataclass(frozen=True)
class LineMap:
    """The 1-based source line of each value, keyed by its path (keys and list indexes)."""

    lines: dict[Path, int] = field(default_factory=dict)
    offset: int = 0

    def line_of(self, path: Path) -> int | None:
        """The line of `path`, or of its nearest parent that has one."""
        path = tuple(path)
        while True:
            if path in self.lines:
                return self.lines[path] + self.offset
            if not path:
                return None
            path = path[:-1]


@dataclass(frozen=True)
class SourceFile:
    """A content file's text, with helpers to quote its lines in messages."""

    name: str
    text: str

    def line(self, number: int | None) -> str:
        if not number:
            return ""
        lines = self.text.splitlines()
        return lines[number - 1] if 0 < number <= len(lines) else ""

    def problem(self, message: str, line: int | None = None, hint: str = "") -> Problem:
        return Problem(self.name, message, line, hint, self.line(line))


def decode_source(name: str, data: bytes) -> SourceFile | Problem:
    """Decode UTF-8 text, refusing files that are too big or not UTF-8."""
    if len(data) > MAX_FILE_BYTES:
        return Problem(
            name,
            f"the file is {len(data):,} bytes; content files are limited to {MAX_FILE_BYTES:,}",
            hint="split it into smaller files, or check that an image or document was not saved here by mistake",
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return Problem(
            name,
            "the file is not saved as UTF-8 text",
            line,
            hint="save it again as 'UTF-8' in your editor (Word or Excel can change the encoding)",
        )
    if text.startswith("\ufeff"):
        text = text[1:]  # A byte order mark from Windows editors is harmless; drop it.
    return SourceFile(name, text.replace("\r\n", "\n").replace("\r", "\n"))


@dataclass(frozen=True)
class YamlDocument:
    data: Any
    line_map: LineMap


def parse_yaml(source: SourceFile, line_offset: int = 0) -> YamlDocument | list[Problem]:
    """Parse YAML safely; return the data and its line map, or the problems found."""
    loader = _SafeLoader(source.text)
    try:
        node = loader.get_single_node()
        if node is None:
            return YamlDocument(None, LineMap({}, line_offset))
        lines: dict[Path, int] = {}
        problems: list[Problem] = []
        _map_lines(node, (), lines, problems, source, line_offset, set())
        if problems:
            return problems
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as error:
        return [_explain_yaml_error(source, error, line_offset)]
    except yaml.YAMLError as error:
        return [source.problem(f"this is not valid YAML: {error}")]
    except RecursionError:
        return [source.problem("the file is nested too deeply to read", hint="flatten the lists")]
    finally:
        loader.dispose()
    return YamlDocument(data, LineMap(lines, line_offset))


def _map_lines(
    node: yaml.Node,
    path: Path,
    lines: dict[Path, int],
    problems: list[Problem],
    source: SourceFile,
    offset: int,
    seen: set[int],
) -> None:
    if id(node) in seen:
        line = node.start_mark.line + 1 + offset
        problems.append(
            source.problem(
                "anchors and aliases (& and *) are not allowed in content files",
                line,
                hint="write the value out in full where it is needed",
            )
        )
        return
    seen.add(id(node))
    if node.tag.startswith("tag:yaml.org,2002:python") or node.tag.startswith("!"):
        line = node.start_mark.line + 1 + offset
        problems.append(
            source.problem(
                f"the tag {node.tag!r} is not allowed in content files",
                line,
                hint="remove the part that starts with '!'; if the value needs a '!', put it in quotes",
            )
        )
        return
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        first_line_of_key: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            line = key_node.start_mark.line + 1
            if key in first_line_of_key:
                problems.append(
                    source.problem(
                        f"'{key}' is given twice (first on line {first_line_of_key[key] + offset})",
                        line + offset,
                        hint="keep one of them and delete the other",
                    )
                )
                continue
            first_line_of_key[key] = line
            lines[path + (key,)] = line
            _map_lines(value_node, path + (key,), lines, problems, source, offset, seen)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _map_lines(item, path + (index,), lines, problems, source, offset, seen)


# Plain-words explanations of the YAML mistakes editors make most often.
_YAML_HINTS: list[tuple[str, str, str]] = [
    (
        "found character '\\t'",
        "a tab character is used for indenting",
        "YAML needs spaces for indenting: replace the tab with spaces",
    ),
    (
        "mapping values are not allowed here",
        "a ':' is in a place YAML does not expect one",
        "if the text contains ': ', put the whole value in double quotes",
    ),
    (
        "could not find expected ':'",
        "a line is missing its ':' or a quote is not closed",
        "every field needs 'name: value'; check that each opening quote has a closing one",
    ),
    (
        "while scanning a quoted scalar",
        "a quote is opened but never closed",
        "add the closing quote at the end of the value",
    ),
    (
        "expected <block end>",
        "the indenting is not consistent",
        "line up items of the same list or section with the same number of spaces",
    ),
    (
        "did not find expected '-' indicator",
        "the indenting of a list is not consistent",
        "start each list item with '- ' at the same indent",
    ),
    (
        "found undefined alias",
        "anchors and aliases (& and *) are not allowed in content files",
        "write the value out in full; if text starts with '*' or '&', put it in quotes",
    ),
    (
        "found character '%' that cannot start any token",
        "a value starts with '%'",
        "put the value in double quotes",
    ),
    (
        "found character '@' that cannot start any token",
        "a value starts with '@'",
        "put the value in double quotes",
    ),
    (
        "found character '`' that cannot start any token",
        "a value starts with '`'",
        "put the value in double quotes",
    ),
]


def _explain_yaml_error(source: SourceFile, error: yaml.MarkedYAMLError, offset: int) -> Problem:
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 + offset if mark else None
    raw = f"{error.context or ''} {error.problem or ''}".strip()
    for needle, message, hint in _YAML_HINTS:
        if needle in raw:
            return source.problem(message, line, hint)
    if "could not determine a constructor" in raw:
        return source.problem(
            "a '!' tag is not allowed in content files",
            line,
            "remove the part that starts with '!'; if the value needs a '!', put it in quotes",
        )
    return source.problem(
        f"this is not valid YAML ({raw})",
        line,
        "compare the line with the examples in docs/editing.md; text with ':' or '#' needs quotes",
    )


_FENCE = re.compile(r"^---[ \t]*$")


@dataclass(frozen=True)
class FrontMatterDocument:
    front_matter: Any
    line_map: LineMap
    body: str
    body_first_line: int


def split_front_matter(source: SourceFile) -> FrontMatterDocument | list[Problem]:
    """Split a Markdown file into its YAML front matter and its body."""
    lines = source.text.split("\n")
    if not lines or not _FENCE.match(lines[0]):
        return [
            source.problem(
                "the page has no front matter",
                1,
                "start the file with a line '---', then 'title: Your title', "
                "'updated: 2026-11-26', then another '---' line, then the text",
            )
        ]
    for index in range(1, len(lines)):
        if _FENCE.match(lines[index]):
            closing = index
            break
    else:
        return [
            source.problem(
                "the front matter is not closed",
                1,
                "add a line with only '---' after the last front matter field",
            )
        ]
    front = SourceFile(source.name, "\n".join(lines[1:closing]))
    parsed = parse_yaml(front, line_offset=1)
    if isinstance(parsed, list):
        return [Problem(p.file, p.message, p.line, p.hint, source.line(p.line)) for p in parsed]
    body = "\n".join(lines[closing + 1 :])
    return FrontMatterDocument(parsed.data, parsed.line_map, body, closing + 2)
