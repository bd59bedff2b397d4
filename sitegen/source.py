"""Turn the bytes of a content file into data, remembering where every value came from.

YAML is loaded with the safe loader (LibYAML's when available: 7x faster), so no
Python object can be built from content. Anchors and aliases are refused (editors
never need them and they are the route to "billion laughs" expansion), as are
tags written by hand (`!!python/…`, `!!binary`, `!x`) and names before ':' that are
not plain words (`1:`, `<<:`), and files are capped in size. Every value's source
line is kept in a `LineMap`, so the schema's messages can point at the line to fix;
LibYAML's errors are explained in plain words, pointing at the line where the
trouble began (an unclosed quote, a missing ':').
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import yaml

from .errors import Problem

# Far above any real page or list (a 10,000-entry timeline is about 3 MB), and low enough
# that a picture or document saved over a content file by mistake is caught, not parsed.
MAX_FILE_BYTES = 5_000_000

# LibYAML's loader: it is in every PyYAML wheel we pin (7x faster than the pure-Python one).
_SafeLoader: type[yaml.CSafeLoader] = yaml.CSafeLoader

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

    @cached_property
    def lines(self) -> list[str]:
        return self.text.split("\n")  # Not splitlines(): it also splits at form feeds and the like.

    def line(self, number: int | None) -> str:
        if not number:
            return ""
        return self.lines[number - 1] if 0 < number <= len(self.lines) else ""

    def problem(self, message: str, line: int | None = None, hint: str = "") -> Problem:
        return Problem(self.name, message, line, hint, self.line(line))


class UnreadFile(bytes):
    """What `sources` gives instead of a file's bytes when it could not or would not read it
    (too big, a link out of the project, no permission): the problem to report.

    `decode_source` reports it, so a file that cannot be read is told to the editor like any
    other mistake in it, wherever the file is loaded. Its bytes are a description of the
    problem, never the file's, so that caches keyed by a file's bytes tell it apart from
    any real file.
    """

    problem: Problem

    def __new__(cls, problem: Problem) -> UnreadFile:
        made = super().__new__(cls, b"\0unread: " + repr(problem).encode("utf-8", "backslashreplace"))
        made.problem = problem
        return made

    def __reduce__(self) -> tuple[type[UnreadFile], tuple[Problem]]:
        return UnreadFile, (self.problem,)


def too_big(name: str, size: int) -> Problem:
    return Problem(
        name,
        f"the file is {size:,} bytes; content files are limited to {MAX_FILE_BYTES:,}",
        hint="check that a picture or document was not saved over this file by mistake; "
        "a page this long is easier to read as several pages",
    )


def decode_source(name: str, data: bytes) -> SourceFile | Problem:
    """Decode UTF-8 text, refusing files that are too big, not UTF-8, or hold control characters."""
    if isinstance(data, UnreadFile):
        return data.problem
    if len(data) > MAX_FILE_BYTES:
        return too_big(name, len(data))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = _LINE_BREAKS.sub("\n", data[: error.start].decode("utf-8")).count("\n") + 1
        return Problem(
            name,
            "the file is not saved as UTF-8 text",
            line,
            hint="save it again as 'UTF-8' in your editor (Word or Excel can change the encoding)",
            source_line=_LINE_BREAKS.sub("\n", data.decode("utf-8", "replace")).split("\n")[line - 1],
        )
    if text.startswith("\ufeff"):
        text = text[1:]  # A byte order mark from Windows editors is harmless; drop it.
    # One idea of a line for YAML, Markdown and the messages: YAML also breaks lines at
    # U+0085, U+2028 and U+2029 (pasted from Word or the web); make them plain line breaks.
    source = SourceFile(name, _LINE_BREAKS.sub("\n", text))
    control = _CONTROL_CHARACTER.search(source.text)
    if control:
        problem = _control_character_at(source, control.start())
        others = sorted(
            {source.text.count("\n", 0, m.start()) + 1 for m in _CONTROL_CHARACTER.finditer(source.text)}
            - {problem.line}
        )
        if others:  # One message per file, as YAML gives, but no need to run the check again for each.
            shown = _counted(others)
            problem = dataclasses.replace(
                problem,
                hint=f"{problem.hint}; line{'s' if len(others) > 1 else ''} "
                f"{shown} {'have' if len(others) > 1 else 'has'} them too",
            )
        return problem
    return source


# What YAML refuses (PyYAML's reader), refused in every file alike, Markdown included: C0
# controls but tab and line breaks, DEL, C1 controls (U+0085 is a line break, made "\n" above)
# and the non-characters U+FFFE and U+FFFF. Such characters are invisible on the page, yet
# reach the HTML, the feed and the search index, and the escape character drives terminals.
_CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")


def _counted(numbers: list[int]) -> str:
    """Line numbers for a hint: "3", "3 and 5", "3, 5 and 8", "3, 5, …, 40 and 12 more"."""
    words = [str(n) for n in numbers[:10]] + ([f"{len(numbers) - 10} more"] if len(numbers) > 10 else [])
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _control_character_at(source: SourceFile, index: int, offset: int = 0) -> Problem:
    character = source.text[index]
    line = source.text.count("\n", 0, index) + 1
    return source.problem(
        f"the file contains an invisible control character (U+{ord(character):04X}) that is not allowed",
        line + offset,
        "delete the line's text and type it again: such characters can come from copying out of Word or a PDF",
    )


def shape_problem(source: SourceFile, data: Any, line: int, what: str) -> Problem:
    """A file (or front matter) that is a list or a single value where 'name: value' lines belong.

    what: "the file" or "the front matter".
    """
    if data is None:
        return source.problem(
            f"{what} is empty",
            line,
            "write its 'name: value' lines, starting with 'title: …' (docs/editing.md has an example "
            "of each kind of file), or restore the file from the last published version",
        )
    got = "a list (lines starting with '- ')" if isinstance(data, list) else "a single value"
    return source.problem(
        f"{what} must be a set of 'name: value' lines, but it is {got}",
        line,
        "start with lines like 'title: …', each name at the very start of its line; a list belongs "
        "under its own name, indented below it (docs/editing.md has an example of each kind of file)",
    )


_LINE_BREAKS = re.compile("\r\n|[\r\x85\u2028\u2029]")


@dataclass(frozen=True)
class YamlDocument:
    data: Any
    line_map: LineMap


def parse_yaml(source: SourceFile, line_offset: int = 0) -> YamlDocument | list[Problem]:
    """Parse YAML safely; return the data and its line map, or the problems found."""
    loader = None
    try:
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
            return [_unreadable_value(node, source, line_offset, error)]
    except yaml.reader.ReaderError as error:
        return [_control_character(source, error, line_offset)]
    except yaml.MarkedYAMLError as error:
        return [_explain_yaml_error(source, error, line_offset)]
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
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


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
            escaped = _CONTROL_CHARACTER.search(node.value)  # Made by a code like \a or \x1b.
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


def _unreadable_value(root: yaml.Node, source: SourceFile, offset: int, error: Exception) -> Problem:
    """Find the value YAML could not turn into a date or number, and say which it is."""
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            stack.extend(part for pair in reversed(node.value) for part in reversed(pair))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
        else:
            try:
                yaml.constructor.SafeConstructor().construct_object(node)
            except (ValueError, TypeError, KeyError, OverflowError) as value_error:
                line = node.start_mark.line + 1 + offset
                if node.tag == _TIMESTAMP_TAG:
                    return source.problem(
                        f'"{node.value}" is not a real date ({value_error})',
                        line,
                        "write dates as year-month-day, like 2026-11-26",
                    )
                return source.problem(
                    f'"{node.value}" cannot be read as a number',
                    line,
                    "put the value in double quotes, so that it is read as text",
                )
    return source.problem(f"a value cannot be read ({error})", hint="put text values in double quotes")


def _control_character(source: SourceFile, error: yaml.reader.ReaderError, offset: int) -> Problem:
    """YAML's reader refusing a character (text that did not come through `decode_source`)."""
    character = chr(error.character) if isinstance(error.character, int) else str(error.character)
    index = source.text.find(character)
    if index < 0:
        return source.problem(
            f"the file contains a character that is not allowed (U+{ord(character):04X})",
            hint="delete the line's text and type it again: such characters can come from copying out of Word or a PDF",
        )
    return _control_character_at(source, index, offset)


# Plain-words explanations of the YAML mistakes editors make most often. Each row: words
# in the error from LibYAML (or the pure-Python parser), what is wrong, how to fix it, and
# which of the error's marks points at the line to fix ("context": where the trouble began).
_YAML_HINTS: list[tuple[tuple[str, ...], str, str, str]] = [
    (
        ("tab character", "found character '\\t'"),
        "a tab character is used for indenting",
        "YAML needs spaces for indenting: replace the tab with spaces",
        "problem",
    ),
    (
        ("mapping values are not allowed",),
        "a ':' is in a place YAML does not expect one",
        "if the text contains ': ', put the whole value in double quotes",
        "problem",
    ),
    (
        ("could not find expected ':'",),
        "a line is missing its ':' or a quote is not closed",
        "every field needs 'name: value'; check that each opening quote has a closing one",
        "context",
    ),
    (
        ("escape character", "hexdecimal number", "hexadecimal number"),
        "a backslash (\\) inside double quotes starts a special code",
        "write the backslash twice (\\\\), or put the value in single quotes instead",
        "problem",
    ),
    (
        ("while scanning a quoted scalar",),
        "a quote is opened but never closed",
        "add the closing quote at the end of the value",
        "context",
    ),
    (
        ("did not find expected key", "expected <block end>"),
        "the indenting is not consistent",
        "line up items of the same list or section with the same number of spaces",
        "problem",
    ),
    (
        ("did not find expected '-' indicator",),
        "the indenting is not consistent",
        "line up the lines of each list item under each other, and start every item with '- ' at the same indent",
        "problem",
    ),
    (
        ("found undefined alias", "while scanning an anchor", "while scanning an alias"),
        "a value starts with '&' or '*', which YAML reads as an anchor or alias",
        "put the value in double quotes",
        "problem",
    ),
    (
        ("expected a single document", "but found another document"),
        "the file has a second '---' line",
        "delete the extra '---' line",
        "problem",
    ),
    (
        ("expected ',' or ']'", "expected ',' or '}'", "while parsing a flow"),
        "a list in [ ] or { } is not closed",
        "add the closing bracket; if the value is text that starts with '[' or '{', put it in double quotes",
        "context",
    ),
    (
        ("while scanning a block scalar",),
        "the '|' or '>' that starts a block of text must be the last thing on its line",
        "start the text on the next line, indented",
        "problem",
    ),
]


def _explain_yaml_error(source: SourceFile, error: yaml.MarkedYAMLError, offset: int) -> Problem:
    raw = f"{error.context or ''} {error.problem or ''}".strip()

    def line_of(which: str) -> int | None:
        mark = (error.context_mark if which == "context" else None) or error.problem_mark or error.context_mark
        # The end of the file can be marked one line past it.
        return min(mark.line + 1, len(source.lines)) + offset if mark else None

    if "cannot start any token" in raw and error.problem_mark:
        character = _character_at(source, error.problem_mark)
        if character == "\t":
            return source.problem(
                "a tab character is used for indenting",
                line_of("problem"),
                "YAML needs spaces for indenting: replace the tab with spaces",
            )
        if character:
            return source.problem(
                f"a value starts with '{character}'", line_of("problem"), "put the value in double quotes"
            )
    for needles, message, hint, which in _YAML_HINTS:
        if any(needle in raw for needle in needles):
            if needles[0] == "did not find expected key":
                quote_line = _unclosed_quote_line(source, line_of("problem"), offset)
                if quote_line:
                    return source.problem(
                        "a quote is opened but never closed",
                        quote_line,
                        "add the closing quote at the end of the value",
                    )
            return source.problem(message, line_of(which), hint)
    if "could not determine a constructor" in raw:
        return source.problem(
            "a '!' tag is not allowed in content files",
            line_of("problem"),
            "remove the part that starts with '!'; if the value needs a '!', put it in quotes",
        )
    return source.problem(
        f"this is not valid YAML ({raw})",
        line_of("problem"),
        "compare the line with the examples in docs/editing.md; text with ':' or '#' needs quotes",
    )


def _character_at(source: SourceFile, mark: Any) -> str:
    lines = source.text.split("\n")
    if 0 <= mark.line < len(lines) and 0 <= mark.column < len(lines[mark.line]):
        return str(lines[mark.line][mark.column])
    return ""


# A value (after 'name:' or '- ') that starts with a quote; group 2 is the rest of the line.
_OPENS_QUOTE = re.compile(r"""^\s*(?:-\s+)?(?:[^\s#'"][^#]*?:\s+)?(["'])(.*)$""")


def _unclosed_quote_line(source: SourceFile, up_to: int | None, offset: int) -> int | None:
    """The last line, up to `up_to`, whose value opens a quote that the line does not close."""
    if not up_to:
        return None
    lines = source.text.split("\n")
    for number in range(min(up_to - offset, len(lines)), 0, -1):
        match = _OPENS_QUOTE.match(lines[number - 1])
        if not match:
            continue
        rest = re.sub(r"\\.", "", match[2]) if match[1] == '"' else match[2].replace("''", "")
        if match[1] not in rest:
            return number + offset
    return None


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
