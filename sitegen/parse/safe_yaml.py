"""YAML parsed safely, remembering the line every value came from.

YAML is loaded with the safe loader (LibYAML's: 7x faster), so no Python object can be
built from content. Anchors and aliases are refused (editors never need them and they are
the route to "billion laughs" expansion), as are tags written by hand (`!!python/…`,
`!!binary`, `!x`) and names before ':' that are not plain words (`1:`, `<<:`). Every
value's source line is kept in a `LineMap`, so the schema's messages can point at the line
to fix. What goes wrong is told in plain words by `yaml_problems`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from ..errors import Problem
from ..read.source_text import CONTROL_CHARACTER, SourceFile
from .yaml_problems import control_character_problem, explain_yaml_error, unreadable_value

# LibYAML's loader: it is in every PyYAML wheel we pin (7x faster than the pure-Python one).
_SafeLoader: type[yaml.CSafeLoader] = yaml.CSafeLoader

Path = tuple[Any, ...]

# Far deeper than any content (a list item's themes are 4 levels down). LibYAML's composer
# recurses once a level in C, and crashes the whole process (not an exception) some way past
# 10,000 levels: a 200 KB file of '[' would stop the preview. Deeper files are refused first.
MAX_NESTING = 200


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
class YamlDocument:
    data: Any
    line_map: LineMap


def parse_yaml(source: SourceFile, line_offset: int = 0) -> YamlDocument | list[Problem]:
    """Parse YAML safely; return the data and its line map, or the problems found."""
    loader = None
    try:
        if nested_too_deeply(source.text):
            return [
                source.problem(
                    f"the file is nested more than {MAX_NESTING} levels deep, too deeply to read",
                    hint="flatten the lists",
                )
            ]
        loader = _SafeLoader(source.text)
        node = loader.get_single_node()
        if node is None:
            return YamlDocument(None, LineMap({}, line_offset))
        mapper = _LineMapper(source, line_offset, loader)
        mapper.walk(node, ())
        if mapper.problems:
            return sorted(mapper.problems, key=lambda p: p.line or 0)
        try:
            data = loader.construct_document(node)
        except (ValueError, TypeError, KeyError, OverflowError) as error:
            # A value that looks like a date or number but is not one, like 2026-13-45.
            return [unreadable_value(node, source, line_offset, error)]
    except yaml.reader.ReaderError as error:
        return [control_character_problem(source, error, line_offset)]
    except yaml.MarkedYAMLError as error:
        return [explain_yaml_error(source, error, line_offset)]
    except yaml.YAMLError as error:
        return [
            source.problem(
                f"this is not valid YAML: {error}",
                hint="compare the file with the examples in docs/editing.md; text with ':' or '#' needs quotes",
            )
        ]
    except RecursionError:
        return [source.problem("the file is nested too deeply to read", hint="flatten the lists")]
    finally:
        if loader is not None:
            loader.dispose()
    return YamlDocument(data, LineMap(mapper.lines, line_offset))


_STR_TAG = "tag:yaml.org,2002:str"


def _show_tag(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


class _LineMapper:
    """Walks the parsed nodes: records each value's line and refuses what content never needs."""

    def __init__(self, source: SourceFile, offset: int, loader: Any):
        self.source = source
        self.offset = offset
        self.loader = loader
        self.lines: dict[Path, int] = {}
        self.problems: list[Problem] = []
        self.seen: set[int] = set()
        self.found_alias = False

    def line(self, node: yaml.Node) -> int:
        # An empty value at the end of the file is marked one line past it.
        return min(node.start_mark.line + 1, len(self.source.lines))

    def problem(self, node: yaml.Node, message: str, hint: str) -> None:
        self.problems.append(self.source.problem(message, self.line(node) + self.offset, hint))

    def walk(self, node: yaml.Node, path: Path) -> None:
        self._walk(node, path)
        if self.found_alias:
            self.problems.extend(_anchor_problems(self.source, self.offset))

    def _walk(self, node: yaml.Node, path: Path) -> None:
        if id(node) in self.seen:  # The same node twice: an alias (*name) refers back to an anchor.
            self.found_alias = True
            return
        self.seen.add(id(node))
        if node.tag != self._implicit_tag(node):
            self.problem(
                node,
                f"the tag {_show_tag(node.tag)!r} is not allowed in content files",
                "remove the part that starts with '!'; if the value needs a '!', put it in quotes",
            )
            return
        self.lines[path] = self.line(node)
        if isinstance(node, yaml.ScalarNode) and node.style == '"':
            escaped = CONTROL_CHARACTER.search(node.value)  # Made by a code like \a or \x1b.
            if escaped:
                self.problem(
                    node,
                    f"the text in double quotes makes an invisible control character (U+{ord(escaped[0]):04X}) "
                    "from a code starting with '\\', which is not allowed",
                    "delete that code (like \\a, \\e or \\x1b) from the text; to write a backslash itself, "
                    "put the text in single quotes instead",
                )
                return
        if isinstance(node, yaml.MappingNode):
            first_line_of_key: dict[Any, int] = {}
            for key_node, value_node in node.value:
                if not (isinstance(key_node, yaml.ScalarNode) and key_node.tag == _STR_TAG):
                    shown = key_node.value if isinstance(key_node, yaml.ScalarNode) else "a list or set of fields"
                    self.problem(
                        key_node,
                        f"'{shown}' cannot be used as a name before ':'",
                        "names before ':' are words like 'title'; if it is meant as text, put it in double quotes",
                    )
                    continue
                key = key_node.value
                line = self.line(key_node)
                if key in first_line_of_key:
                    self.problem(
                        key_node,
                        f"'{key}' is given twice (first on line {first_line_of_key[key] + self.offset})",
                        "keep one of them and delete the other",
                    )
                    continue
                first_line_of_key[key] = line
                self.lines[(*path, key)] = line
                self._walk(value_node, (*path, key))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                self._walk(item, (*path, index))

    def _implicit_tag(self, node: yaml.Node) -> str:
        """The tag the value would have without a '!' tag: anything else was written by hand."""
        if isinstance(node, yaml.ScalarNode):
            plain = node.style in (None, "")
            return str(self.loader.resolve(yaml.ScalarNode, node.value, (plain, not plain)))
        return str(self.loader.resolve(type(node), None, (True, False)))


def _anchor_problems(source: SourceFile, offset: int) -> list[Problem]:
    """One problem for each line with an anchor (&name) or alias (*name)."""
    lines = sorted(
        {
            event.start_mark.line + 1
            for event in yaml.parse(source.text, Loader=_SafeLoader)
            if getattr(event, "anchor", None) is not None and event.start_mark is not None
        }
    )
    return [
        source.problem(
            "anchors and aliases (& and *) are not allowed in content files",
            line + offset,
            "write the value out in full where it is needed; if text starts with '&' or '*', put it in quotes",
        )
        for line in lines
    ]


def nested_too_deeply(text: str) -> bool:
    """Whether the YAML is nested more than `MAX_NESTING` levels: read without building anything.

    A block level starts further right than its parent or after an indicator ('- ', ': ',
    '? '), and a flow level opens with '[' or '{': counted generously, ordinary files stay
    far below the limit, and only the rare file that does not is counted exactly, from the
    parser's events (LibYAML's parser keeps its own stack: no recursion).
    """
    brackets = text.count("[") + text.count("{")
    widest = max(
        (
            len(line) - len(line.lstrip(" ")) + line.count("- ") + line.count(": ") + line.count("? ")
            for line in text.split("\n")
        ),
        default=0,
    )
    if brackets + widest <= MAX_NESTING:
        return False
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_SafeLoader):
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_NESTING:
                    return True
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return False  # Not YAML at all: the loader says what is wrong, in its words.
    return False
