"""Time words that age: "currently", "the last 5 years", "this year", "recently", "now".

A transparency page is read years after it was written. "Victim Support is commissioned
currently" is true on the day it is written and wrong, unnoticed, later; "in 2023" stays
true. Each such word in what readers see (a page's front matter and body, a list's fields
and items) is a warning at its line, with a hint to anchor it to a date. Words the editor
means as written (quoted from a source, say) are listed in the file's `time_words_meant`,
which changes nothing that is published: the warning is then not given.

Comment lines (YAML's `#`) are not read: readers never see them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..errors import Problem
from ..read.source_text import SourceFile

_NUMBER = r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten|few|several|many)"
# Each pattern allows any white space (a line break too) between its words.
_PATTERNS = (
    rf"(?:the\s+)?(?:last|past|previous|next|coming)\s+{_NUMBER}\s+(?:years?|months?|weeks?|days?)",
    r"(?:this|last|next|the\s+coming|the\s+current)\s+(?:year|month|week|quarter|financial\s+year)",
    r"in\s+recent\s+(?:years|months|times)",
    r"currently|presently|nowadays|recently|lately|to\s+date|so\s+far|at\s+present|at\s+the\s+moment",
    r"now|today|yesterday|tomorrow|upcoming",  # not "soon": "say how soon" is not a claim
)
TIME_WORDS = re.compile(r"(?<![\w-])(?:" + "|".join(_PATTERNS) + r")(?![\w-])", re.IGNORECASE)

HINT = (
    "anchor it to a date, e.g. 'in 2023', so it stays true as the page ages; if the words are "
    "meant as written (quoted from a source, say), add them to 'time_words_meant' at the top of "
    'the file, like time_words_meant: ["{words}"]'
)


def _normal(words: str) -> str:
    return " ".join(words.lower().split())


def _read_lines(source: SourceFile, front_matter_only_comments: bool) -> list[str]:
    """The file's lines with YAML comment lines blanked (numbers kept). In a Markdown page
    only the front matter has comments: a body line starting with # is a heading."""
    lines = list(source.lines)
    in_front_matter = not front_matter_only_comments
    in_setting = False
    for index, line in enumerate(lines):
        if front_matter_only_comments and line.strip() == "---":
            in_front_matter = index == 0
            continue
        # The list of meant words is not read as text: its line, and its "  - …" lines.
        in_setting = in_front_matter and (
            bool(re.match(r"^time_words_meant\s*:", line)) or (in_setting and bool(re.match(r"^\s+-\s", line)))
        )
        if in_front_matter and (in_setting or line.lstrip().startswith("#")):
            lines[index] = ""
    return lines


def time_word_warnings(source: SourceFile, meant: Iterable[str], *, markdown: bool) -> list[Problem]:
    """A warning at each time word readers would see in `source`, unless it is `meant`.

    markdown: the file is a page (front matter, then a body whose # lines are headings)."""
    meant_words = {_normal(words) for words in meant}
    text = "\n".join(_read_lines(source, markdown))
    found = []
    used: set[str] = set()
    for match in TIME_WORDS.finditer(text):
        words = _normal(match[0])
        if words in meant_words:
            used.add(words)
            continue
        line = text.count("\n", 0, match.start()) + 1
        found.append(
            Problem(
                source.name,
                f"'{' '.join(match[0].split())}' will stop being true as the page ages",
                line,
                HINT.format(words=words),
                source.line(line),
                is_warning=True,
            )
        )
    for words in sorted(meant_words - used):
        found.append(
            Problem(
                source.name,
                f"'{words}' is listed in time_words_meant but is not in the text",
                _line_of_setting(source),
                "remove it from time_words_meant, or check its spelling: it must be written as in the text",
                source.line(_line_of_setting(source)),
                is_warning=True,
            )
        )
    return found


def _line_of_setting(source: SourceFile) -> int | None:
    for number, line in enumerate(source.lines, start=1):
        if re.match(r"^\s*time_words_meant\s*:", line):
            return number
    return None
