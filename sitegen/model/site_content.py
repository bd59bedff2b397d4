"""The site's content as typed, frozen data: what the loader makes and the renderer reads.

Addresses come from where files sit under `content/`, as in Hugo: `content/plan.md` is
`plan/`, `content/vawg/index.md` is the topic `vawg/`, `content/vawg/timeline.yaml` is
`vawg/timeline/`. Paths here are relative to the site's root and end in "/"; the home
page is "".
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import Problem
from .fields import FieldDeclaration
from .ids import slugify
from .periods import CALENDAR_YEARS, FINANCIAL_YEARS, Period
from .schema import SiteConfig

ACCESSIBILITY_STATEMENT = "accessibility-statement"


def parent_of(path: str) -> str | None:
    """The folder address a page or list belongs to: "vawg/report/" -> "vawg/"; the home -> None."""
    if not path:
        return None
    head, _, _ = path.rstrip("/").rpartition("/")
    return head + "/" if head else ""


@dataclass(frozen=True)
class Page:
    path: str  # "" for the home page, "plan/", "vawg/" for a topic's overview
    file: str
    title: str
    description: str | None
    updated: datetime.date
    nav_title: str | None
    nav_order: int | None
    body: str
    body_first_line: int
    kind: str = "page"
    draft: bool = False
    aliases: tuple[str, ...] = ()

    @property
    def slug(self) -> str:
        return self.path.rstrip("/")

    @property
    def is_index(self) -> bool:
        """The home page or a topic's overview page (an index.md)."""
        return self.file.endswith("/index.md") or self.file == "content/index.md"


@dataclass(frozen=True)
class Entry:
    id: str
    text: str
    text_line: int
    period: Period | None
    themes: tuple[str, ...]
    reviewed: datetime.date | None
    status: str | None = None
    target: datetime.date | None = None
    draft: bool = False
    # Where the editor typed the id (line, the line's text); None for an id made by the loader.
    id_given_at: tuple[int, str] | None = None
    # The list's declared fields (Collection.fields) by name: a date as its Period, money as a
    # Decimal of pounds, yes/no as a bool; a field the item leaves out is None.
    values: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ItemNames:
    """What one item of a list is called, and several: "service", "services"."""

    one: str
    many: str

    def count(self, number: int) -> str:
        return f"{number} {self.one if number == 1 else self.many}"


def plural(word: str) -> str:
    """English plural of a noun phrase's last word, for lists that do not give theirs."""
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


@dataclass(frozen=True)
class Collection:
    """A list declared in content: a timeline, a plain list or steps."""

    key: str  # the address without its last "/": "timeline", "vawg/timeline"
    kind: str  # "timeline", "list" or "steps"
    file: str
    title: str
    nav_title: str | None
    nav_order: int | None
    description: str
    updated: datetime.date
    reviewed: datetime.date | None
    intro: str
    intro_line: int
    entries: tuple[Entry, ...]
    themes: Mapping[str, str]
    items: ItemNames
    draft: bool = False
    fields: tuple[FieldDeclaration, ...] = ()  # the fields the list declares, beyond the built-in ones
    periods: str = CALENDAR_YEARS  # or FINANCIAL_YEARS: "2023/24" is April 2023 to March 2024
    total: str | None = None  # the name of a money or number field added up under the list

    @property
    def path(self) -> str:
        return f"{self.key}/"

    @property
    def financial_years(self) -> bool:
        return self.periods == FINANCIAL_YEARS

    def total_of(self) -> Any:
        """The sum of the `total` field over the published items (None when the list asks for none)."""
        if self.total is None:
            return None
        return sum((e.values.get(self.total) or 0 for e in self.entries if not e.draft), start=0)

    @property
    def has_year_filter(self) -> bool:
        """A timeline, or a list whose every item has a period, can be filtered by year."""
        dated = [entry for entry in self.entries if entry.period is not None]
        if self.kind == "duties":  # Dated by when each was last checked: not a list to filter by year.
            return False
        return bool(dated) and (self.kind == "timeline" or len(dated) == len(self.entries))

    @property
    def has_theme_filter(self) -> bool:
        return bool(self.themes)

    @property
    def has_filter(self) -> bool:
        return self.has_year_filter or self.has_theme_filter


@dataclass(frozen=True)
class Term:
    term: str
    expansion: str | None
    description: str | None
    anchor: str = ""  # The id on the glossary page, when slugify(term) is taken (page_ids.py)
    source: str | None = None  # the public source of the explanation (its title) and its address
    source_url: str | None = None

    @property
    def id(self) -> str:
        return self.anchor or slugify(self.term)


@dataclass(frozen=True)
class Glossary:
    key: str
    file: str
    title: str
    nav_title: str | None
    nav_order: int | None
    description: str
    updated: datetime.date
    intro: str
    intro_line: int
    terms: tuple[Term, ...]

    @property
    def path(self) -> str:
        return f"{self.key}/"

    def abbr_titles(self) -> dict[str, str]:
        """term -> the title for <abbr>; names (no expansion) map to "" and are never wrapped."""
        return {t.term: t.expansion or "" for t in self.terms}


@dataclass(frozen=True)
class Section:
    """A topic: a folder of content with its own overview page, lists and menu entry."""

    path: str  # "vawg/"
    index: Page

    @property
    def title(self) -> str:
        return self.index.title


@dataclass(frozen=True)
class SiteContent:
    config: SiteConfig
    pages: tuple[Page, ...]
    collections: Mapping[str, Collection]  # by key, in file order
    glossary: Glossary | None
    sections: tuple[Section, ...] = ()
    attachments: Mapping[str, str] = field(default_factory=dict)  # output path -> content file
    warnings: tuple[Problem, ...] = ()
    # Big sites: page files left for the page workers to load (see page_workers.py).
    deferred_pages: tuple[str, ...] = ()

    @property
    def accessibility_statement(self) -> Page | None:
        return next((page for page in self.pages if page.kind == ACCESSIBILITY_STATEMENT), None)

    def section_of(self, path: str) -> Section | None:
        """The innermost topic an address belongs to, if any."""
        found = None
        for section in self.sections:
            if path.startswith(section.path) and (found is None or len(section.path) > len(found.path)):
                found = section
        return found
