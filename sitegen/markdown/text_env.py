"""What the markdown-it rules learn about one text while it is rendered (its problems, its
links to this site, the terms and headings it uses), and how a rule reports a problem at
its line with that line quoted.

Separate because every rule module (links, headings, terms and sentences) and the
renderer share it; markdown-it hands it to the rules as `state.env["site"]`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from ..errors import Problem
from .results import InternalLink


@dataclass
class TextEnv:
    """What the markdown-it rules learn about one text while rendering it."""

    file: str
    first_line: int
    source: str
    base_url: str
    glossary: dict[str, str]
    terms_to_mark: frozenset[str]
    known: frozenset[str] = frozenset()  # Abbreviations that need no explaining.
    problems: list[Problem] = field(default_factory=list)
    links: list[InternalLink] = field(default_factory=list)
    terms_used: set[str] = field(default_factory=set)
    unknown_caps: set[str] = field(default_factory=set)
    headings: list[tuple[str, str]] = field(default_factory=list)
    # Abbreviations the text explains itself ("West Mercia Police (WMP)"), with their words.
    defined: dict[str, str] = field(default_factory=dict)
    defined_marked: set[str] = field(default_factory=set)

    @cached_property
    def source_lines(self) -> list[str]:  # Only needed for messages: split on demand.
        return self.source.split("\n")

    def line_of(self, token: Token | None, needle: str = "") -> int | None:
        """The line of a block; with `needle`, the line inside the block that contains it."""
        if token is None or not token.map:
            return None
        start, end = token.map
        if needle:
            for offset, text in enumerate(self.source_lines[start:end]):
                if needle in text:
                    return self.first_line + start + offset
        return self.first_line + start

    def quote(self, line: int | None) -> str:
        index = (line or 0) - self.first_line
        return self.source_lines[index] if line and 0 <= index < len(self.source_lines) else ""

    def report(
        self, token: Token | None, message: str, hint: str = "", warning: bool = False, needle: str = ""
    ) -> None:
        line = self.line_of(token, needle)
        self.problems.append(Problem(self.file, message, line, hint, self.quote(line), warning))

    def link(self, path: str | None, fragment: str, block: Token, address: str) -> None:
        line = self.line_of(block, address)
        self.links.append(InternalLink(path, fragment, self.file, line, self.quote(line)))


def site_env(state: StateCore) -> TextEnv | None:
    return state.env.get("site") if isinstance(state.env, dict) else None
