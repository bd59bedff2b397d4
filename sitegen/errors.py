"""Errors written for the person who has to fix them.

Every content or configuration mistake becomes a `Problem`: the file, the line
(when there is one), what was expected, the offending line of source, and a
hint. Problems are collected, never raised one at a time, so an editor sees all
of them in one run. `ContentError` carries the whole list to the command line,
which prints it without a traceback.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Characters that make a terminal do something rather than show something: C0 controls
# (escape starts colour and cursor codes, carriage return overwrites the line), DEL, the C1
# controls (U+009B is a one-character escape in some terminals), and lone surrogates (a file
# name that is not UTF-8 on disk, which would stop the print itself). Tab is kept as it is.
_UNPRINTABLE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\ud800-\udfff]")
_UNPRINTABLE_KEEPING_LINES = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def _escaped(match: re.Match[str]) -> str:
    code = ord(match[0])
    if 0xDC80 <= code <= 0xDCFF:  # A byte of a name that is not UTF-8 (Python's surrogateescape).
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def printable(text: str, keep_line_breaks: bool = False) -> str:
    """`text` with every character that would drive the terminal written out, like `\\x1b`.

    Messages quote file names and lines of files, which anyone can fill with such characters:
    printed raw, an escape sequence could recolour, hide or rewrite what the terminal shows.
    keep_line_breaks: for text made of several lines on purpose (a whole report).
    """
    pattern = _UNPRINTABLE_KEEPING_LINES if keep_line_breaks else _UNPRINTABLE
    return pattern.sub(_escaped, text)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the content, told so that an editor can fix it."""

    file: str
    message: str
    line: int | None = None
    hint: str = ""
    source_line: str = ""
    is_warning: bool = False
    # A warning --strict lets through: a publishing duty to check, when the site says so (model/duties.py).
    blocks_strict: bool = True

    def location(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file

    def format(self) -> str:
        """The message as printed in the terminal and on the preview's error page."""
        kind = "warning: " if self.is_warning else ""
        lines = [f"{printable(self.location())}: {kind}{printable(self.message)}"]
        quoted = printable(self.source_line).rstrip()  # Escaped first: a form feed is "whitespace".
        if quoted.strip():
            lines.append(f"    {self.line} | {quoted}")
        if self.hint:
            lines.append(f"    hint: {printable(self.hint)}")
        return "\n".join(lines)

    def as_error(self) -> Problem:
        return Problem(self.file, self.message, self.line, self.hint, self.source_line, False)


class SiteError(Exception):
    """Base class for every error the command line reports without a traceback."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.message = message
        self.hint = hint

    def report(self) -> str:
        """As printed in the terminal: the message, then how to fix it."""
        text = f"error: {printable(self.message)}"
        return f"{text}\n    hint: {printable(self.hint)}" if self.hint else text

    def as_problem(self) -> Problem:
        """For the preview's list of problems."""
        return Problem("site", self.message, hint=self.hint)


class ContentError(SiteError):
    """The content or configuration has one or more problems."""

    def __init__(
        self,
        problems: list[Problem],
        loaded_texts: list[tuple[str, str, int]] | None = None,
        glossary: dict[str, str] | None = None,
    ):
        self.problems = problems
        # The Markdown texts (text, file, first line) of the files that did load, and the
        # glossary if it loaded, so their own mistakes can be reported in the same run.
        self.loaded_texts = loaded_texts or []
        self.glossary = glossary or {}
        count = len(problems)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in the content")

    def report(self) -> str:
        body = "\n\n".join(problem.format() for problem in self.problems)
        return f"{body}\n\n{self}. Nothing was published; the last good site is unchanged."


class UsageError(SiteError):
    """The command line was used wrongly (exit status 2)."""


class OutputFolderError(SiteError):
    """The configured output folder would overwrite something that must be kept."""
