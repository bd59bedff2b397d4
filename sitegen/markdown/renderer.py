"""MarkdownRenderer: one text in, a RenderedMarkdown out. It sets up markdown-it-py (no
raw HTML, tables, definition lists) with the site's rules in their order (links, headings,
the words), cleans the HTML it makes (safety.py), keeps the words of each text for search
and descriptions, and warns about capitals nothing explains.

Separate from the rules so that the order they run in, and what the build keeps between
texts, can be read in one place.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.deflist import deflist_plugin

from ..errors import Problem
from .abbreviations import WELL_KNOWN
from .first_use_expansions import EXPANSION, add_first_use_expansions, render_expansion
from .headings import check_headings
from .links import check_links
from .results import RenderedMarkdown
from .safety import HTML_CLEANER
from .terms_and_sentences import check_text_and_mark_terms
from .text_env import TextEnv


class MarkdownRenderer:
    """Renders the site's Markdown; one instance per build, results cached per text."""

    def __init__(
        self,
        glossary: dict[str, str],
        base_url: str,
        known_abbreviations: Iterable[str] = (),
        glossary_file: str | None = "content/glossary.yaml",
        check_capitals: bool = True,
    ):
        # glossary: term -> title for <abbr>; an empty title means a known name, not an abbreviation.
        # known_abbreviations: the site's own additions to the well-known ones (site_config.yaml).
        # glossary_file: where the glossary is, for hints (None: the site has none yet).
        # check_capitals: False while the glossary cannot be read (every term would look unexplained).
        self.glossary = glossary
        self.base_url = base_url
        self.known = WELL_KNOWN | frozenset(known_abbreviations)
        self.glossary_file = glossary_file
        self.check_capitals = check_capitals
        self._md = _make_parser()
        self.render = lru_cache(maxsize=None)(self._render_and_remember)
        self._plain: dict[str, tuple[str, str]] = {}

    def _render_and_remember(
        self, text: str, file: str, first_line: int, terms_to_mark: frozenset[str] = frozenset()
    ) -> RenderedMarkdown:
        rendered = self._render(text, file, first_line, terms_to_mark)
        self._plain[text] = (rendered.plain, rendered.summary)
        return rendered

    def render_once(
        self, text: str, file: str, first_line: int, terms_to_mark: frozenset[str] = frozenset()
    ) -> RenderedMarkdown:
        """Render without keeping anything: for texts used once (the pages of a big site)."""
        return self._render(text, file, first_line, terms_to_mark)

    def _render(
        self, text: str, file: str, first_line: int, terms_to_mark: frozenset[str] = frozenset()
    ) -> RenderedMarkdown:
        env = TextEnv(file, first_line, text, self.base_url, self.glossary, terms_to_mark, self.known)
        tokens = self._md.parse(text, {"site": env})
        plain, summary = _words_of(tokens)
        html = HTML_CLEANER.clean(self._md.renderer.render(tokens, self._md.options, {"site": env}))
        glossary_hint = (
            f"add {{word}} to {self.glossary_file}"
            if self.glossary_file
            else "add it to a glossary (a list file with 'kind: glossary')"
        )
        for word in sorted(env.unknown_caps) if self.check_capitals else ():
            env.problems.append(
                Problem(
                    file,
                    f"'{word}' looks like an abbreviation, but nothing says what it stands for",
                    hint=f"write the words in full the first time, followed by ({word}); or "
                    + glossary_hint.format(word=word)
                    + "; if nearly everyone knows it, add it to known_abbreviations in site_config.yaml",
                    is_warning=True,
                    line=_first_line_containing(env, word),
                    source_line=_source_containing(env, word),
                )
            )
        return RenderedMarkdown(
            html,
            tuple(env.problems),
            tuple(env.links),
            frozenset(env.terms_used),
            plain,
            summary,
            tuple(env.headings),
        )

    def plain_text(self, text: str) -> str:
        """Markdown without its markup, for search, feeds and the open data (reuses renders)."""
        if text not in self._plain:
            self._plain[text] = _words_of(self._md.parse(text, {"site": None}))
        return self._plain[text][0]

    def summary(self, text: str) -> str:
        """The first paragraph without markup, for meta descriptions."""
        self.plain_text(text)
        return self._plain[text][1]


def _words_of(tokens: list[Token]) -> tuple[str, str]:
    """All the words of a parsed text, and those of its first paragraph."""
    blocks: list[str] = []
    summary = ""
    for index, token in enumerate(tokens):
        if token.type != "inline":
            continue
        words = []
        for child in token.children or ():
            if child.type in ("text", "code_inline"):
                words.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                words.append(" ")
            elif child.type == "image":
                words.append(child.content)
        block = " ".join("".join(words).split())
        blocks.append(block)
        if not summary and index and tokens[index - 1].type == "paragraph_open":
            summary = block
    return " ".join(b for b in blocks if b), summary


def _first_line_containing(env: TextEnv, word: str) -> int | None:
    for index, line in enumerate(env.source_lines):
        if re.search(rf"\b{re.escape(word)}", line):
            return env.first_line + index
    return None


def _source_containing(env: TextEnv, word: str) -> str:
    line = _first_line_containing(env, word)
    return env.source_lines[line - env.first_line] if line else ""


def _make_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table"])
    md.use(deflist_plugin)
    # Accept every address while parsing, so that `check_links` sees unsafe ones and can
    # name their line; markdown-it's default would quietly turn them into plain text.
    md.validateLink = lambda url: True  # type: ignore[method-assign]  # markdown-it's documented hook
    md.core.ruler.push("site_links", check_links)
    md.core.ruler.push("site_headings", check_headings)
    md.core.ruler.push("site_text", check_text_and_mark_terms)
    md.core.ruler.push("site_expansions", add_first_use_expansions)
    md.add_render_rule(EXPANSION, render_expansion)
    return md
