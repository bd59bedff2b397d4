"""A content file's bytes made text, or refused when they cannot be trusted.

`decode_source` refuses a file that is too big (`MAX_FILE_BYTES`), is not UTF-8, or holds
an invisible control character; it drops a Windows byte order mark and makes every kind of
line break a plain one, so that YAML, Markdown and the messages count lines alike. The
`SourceFile` it gives quotes its own lines in messages. A file that the disk reading could
not or would not read arrives as an `UnreadFile`, whose problem is reported here like any
other mistake in the file.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from functools import cached_property

from ..errors import Problem

# Far above any real page or list (a 10,000-entry timeline is about 3 MB), and low enough
# that a picture or document saved over a content file by mistake is caught, not parsed.
MAX_FILE_BYTES = 5_000_000


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
    """What `project_files` gives instead of a file's bytes when it could not or would not read it
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
    control = CONTROL_CHARACTER.search(source.text)
    if control:
        problem = control_character_at(source, control.start())
        others = sorted(
            {source.text.count("\n", 0, m.start()) + 1 for m in CONTROL_CHARACTER.finditer(source.text)}
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
CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")


_LINE_BREAKS = re.compile("\r\n|[\r\x85\u2028\u2029]")


def _counted(numbers: list[int]) -> str:
    """Line numbers for a hint: "3", "3 and 5", "3, 5 and 8", "3, 5, …, 40 and 12 more"."""
    words = [str(n) for n in numbers[:10]] + ([f"{len(numbers) - 10} more"] if len(numbers) > 10 else [])
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def control_character_at(source: SourceFile, index: int, offset: int = 0) -> Problem:
    character = source.text[index]
    line = source.text.count("\n", 0, index) + 1
    return source.problem(
        f"the file contains an invisible control character (U+{ord(character):04X}) that is not allowed",
        line + offset,
        "delete the line's text and type it again: such characters can come from copying out of Word or a PDF",
    )
