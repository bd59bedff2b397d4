"""What the build knows about the site it makes, for the pages that describe it.

The privacy notice and the accessibility statement make claims about the site: "no
cookies", "nothing loaded from other websites", "printed links show their addresses". A
claim typed by hand goes stale when the site changes; these facts are read from what is
actually published (the templates, the static files and the rendered pages), so the notice
and the statement can show them (templates/site_facts.html) and statement_claims.py can
refuse a claim that the site contradicts.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from .printed_links import links_without_address

# Loading something from another host: a script, a style sheet, a picture, a frame, a font.
_THIRD_PARTY = re.compile(
    r"""<(?:script|img|iframe|source|video|audio|embed|object)\b[^>]*\bsrc\s*=\s*["']?(?:https?:)?//"""
    r"""|<link\b[^>]*\bhref\s*=\s*["']?(?:https?:)?//[^>]*>|url\(\s*["']?(?:https?:)?//"""
    r"""|\b(?:fetch|XMLHttpRequest|sendBeacon)\s*\(\s*["'](?:https?:)?//""",
    re.IGNORECASE,
)
_FORM = re.compile(r"<form\b", re.IGNORECASE)
_COOKIE = re.compile(r"document\.cookie|Set-Cookie", re.IGNORECASE)
_STORAGE = re.compile(r"\b(?:localStorage|sessionStorage|indexedDB)\b")


@dataclass(frozen=True)
class SiteFacts:
    """What every page of the site does, read from the templates and static files."""

    forms: tuple[str, ...]  # the templates with a form (base.html's search box is on every page)
    search_form_on_every_page: bool
    other_forms: tuple[str, ...]  # the templates with a form that is not a search form
    cookies: tuple[str, ...]  # the files that set or read cookies
    third_party: tuple[str, ...]  # the files that load something from another website
    browser_storage: tuple[str, ...]  # the scripts that keep something in the reader's browser


def read_site_facts(templates: Mapping[str, str], static_files: Mapping[str, bytes]) -> SiteFacts:
    texts = dict(templates)
    for name, data in static_files.items():
        if name.endswith((".js", ".css", ".html")):
            texts[name] = data.decode("utf-8", "replace")

    def having(pattern: re.Pattern[str]) -> tuple[str, ...]:
        return tuple(sorted(name for name, text in texts.items() if pattern.search(text)))

    base = templates.get("base.html", "")
    return SiteFacts(
        forms=having(_FORM),
        search_form_on_every_page=bool(re.search(r'<form\b[^>]*role="search"', base)),
        other_forms=having(re.compile(r'<form\b(?![^>]*role="search")', re.IGNORECASE)),
        cookies=having(_COOKIE),
        third_party=having(_THIRD_PARTY),
        browser_storage=tuple(name for name in having(_STORAGE) if name.endswith(".js")),
    )


# --- links on paper ----------------------------------------------------------------------


@dataclass(frozen=True)
class PrintRules:
    """What the print style sheet does to links: containers it hides, containers whose links
    it prints without their address."""

    hidden: frozenset[str]
    no_address: frozenset[str]

    @staticmethod
    def from_css(css: str) -> PrintRules:
        hidden: set[str] = set()
        no_address: set[str] = set()
        for block in _print_blocks(css):
            for selectors, declarations in re.findall(r"([^{}]+)\{([^{}]*)\}", block):
                for selector in selectors.split(","):
                    classes = re.findall(r"[.#]([\w-]+)", selector)
                    if not classes:
                        continue
                    if re.search(r"display\s*:\s*none", declarations) and not re.search(r"\ba\b", selector):
                        hidden.add(classes[-1])
                    if re.search(r"content\s*:\s*none", declarations) and re.search(
                        r"\ba(?:\[[^\]]*\])?::?after", selector
                    ):
                        no_address.add(classes[-1])
        return PrintRules(frozenset(hidden), frozenset(no_address))


def _print_blocks(css: str) -> list[str]:
    """The insides of each `@media print { … }` block (one level of nested rules)."""
    blocks = []
    for match in re.finditer(r"@media\s+print\s*\{", css):
        depth, start = 1, match.end()
        for index in range(start, len(css)):
            depth += {"{": 1, "}": -1}.get(css[index], 0)
            if depth == 0:
                blocks.append(css[start:index])
                break
    return blocks


@dataclass
class UnaddressedLinks:
    """Links in pages' main content that print without their address: (page, link text)."""

    rules: PrintRules
    found: list[tuple[str, str]] = field(default_factory=list)
    limit: int = 20  # Enough to tell the editor where; a big site is not listed whole.

    @property
    def full(self) -> bool:
        return len(self.found) >= self.limit

    def look(self, path: str, html: str) -> None:
        if not self.full:
            self.take(path, self.in_page(html))

    def take(self, path: str, unaddressed: tuple[str, ...]) -> None:
        """Note a page's links found by `in_page` (the preview reuses them for an unchanged page)."""
        self.found.extend((path, text) for text in unaddressed[: self.limit - len(self.found)])

    def in_page(self, html: str) -> tuple[str, ...]:
        """The texts of the page's links that print without their address."""
        if "<main" not in html or 'http-equiv="refresh"' in html:
            return ()  # (A page left at an old address moves the reader on at once: it is never printed.)
        return links_without_address(html.split("<main", 1)[1].split("</main>", 1)[0], self.rules)
