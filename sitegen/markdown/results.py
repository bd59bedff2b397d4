"""What rendering one text hands to the rest of the build: its HTML with the words and
headings it holds, its problems, and the links it makes to this site's own pages.

Separate from the renderer because the code that only uses a render's results (page ids,
the link checks, the page workers, the site renderer) should not depend on how the
Markdown is parsed.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import Problem

# Links the site writes as "/timeline/" are rewritten to relative links when a page is
# assembled (see render/site.py), so the site works under any base path and from a USB stick.
ROOT_MARK = "/__site_root__/"


@dataclass(frozen=True)
class InternalLink:
    """A link to a page of this site, checked once every page is known."""

    path: str | None  # site path without the leading slash, like "timeline/2021/"; None: this page
    fragment: str
    file: str
    line: int | None
    source_line: str = ""


@dataclass(frozen=True)
class RenderedMarkdown:
    html: str
    problems: tuple[Problem, ...] = ()
    links: tuple[InternalLink, ...] = ()
    terms_used: frozenset[str] = frozenset()
    plain: str = ""  # The words without markup, for search, descriptions and open data.
    summary: str = ""  # The first paragraph's words.
    # Each heading's id as its words make it (slugify) and the id it was given in this text.
    headings: tuple[tuple[str, str], ...] = ()
