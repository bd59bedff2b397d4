"""Errors written for the person who has to fix them.

Every content or configuration mistake becomes a `Problem`: the file, the line
(when there is one), what was expected, the offending line of source, and a
hint. Problems are collected, never raised one at a time, so an editor sees all
of them in one run. `ContentError` carries the whole list to the command line,
which prints it without a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the content, told so that an editor can fix it."""

    file: str
    message: str
    line: int | None = None
    hint: str = ""
    source_line: str = ""
    is_warning: bool = False

    def location(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file

    def format(self) -> str:
        """The message as printed in the terminal and on the preview's error page."""
        kind = "warning: " if self.is_warning else ""
        lines = [f"{self.location()}: {kind}{self.message}"]
        if self.source_line.strip():
            lines.append(f"    {self.line} | {self.source_line.rstrip()}")
        if self.hint:
            lines.append(f"    hint: {self.hint}")
        return "\n".join(lines)


    def as_error(self) -> "Problem":
        return Problem(self.file, self.message, self.line, self.hint, self.source_line, False)


class SiteError(Exception):
    """Base class for every error the command line reports without a traceback."""


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
