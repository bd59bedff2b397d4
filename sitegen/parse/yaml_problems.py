"""YAML mistakes told in plain words, for the person who fixes them.

LibYAML's errors are explained pointing at the line where the trouble began (an unclosed
quote, a missing ':'), each with a hint to fix it; a value that looks like a date or a
number but is not one is named; and a file or front matter that is a list or a single
value where 'name: value' lines belong is said to be one (`shape_problem`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import yaml

from ..errors import Problem
from ..read.source_text import control_character_at

if TYPE_CHECKING:
    from ..read.source_text import SourceFile


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


_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


def unreadable_value(root: yaml.Node, source: SourceFile, offset: int, error: Exception) -> Problem:
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


def control_character_problem(source: SourceFile, error: yaml.reader.ReaderError, offset: int) -> Problem:
    """YAML's reader refusing a character (text that did not come through `decode_source`)."""
    character = chr(error.character) if isinstance(error.character, int) else str(error.character)
    index = source.text.find(character)
    if index < 0:
        return source.problem(
            f"the file contains a character that is not allowed (U+{ord(character):04X})",
            hint="delete the line's text and type it again: such characters can come from copying out of Word or a PDF",
        )
    return control_character_at(source, index, offset)


# Plain-words explanations of the YAML mistakes editors make most often. Each row: words
# in the error from LibYAML (or the pure-Python parser), what is wrong, how to fix it, and
# which of the error's marks points at the line to fix ("context": where the trouble began).
_YAML_HINTS: tuple[tuple[tuple[str, ...], str, str, str], ...] = (
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
)


def explain_yaml_error(source: SourceFile, error: yaml.MarkedYAMLError, offset: int) -> Problem:
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
