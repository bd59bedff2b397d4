"""Every link written in content must reach a page, a file or a document of this site, and
its #anchor an element there. Checked once every page is made."""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING

from ..errors import Problem
from ..markdown.results import InternalLink
from ..read.source_text import SourceFile, decode_source

if TYPE_CHECKING:
    from .site_state import SiteState

SHOWN_PAGES = 12


def check_links(site: SiteState) -> list[Problem]:
    """The problems of every link in content and in the footer, in the order the links were found."""
    drafts = _drafts(site)
    problems = []
    for link in site.links:
        problem = _problem_with(site, link) or _draft_problem(drafts, link)
        if problem is not None:
            problems.append(problem)
    return problems + _footer_link_problems(site)


def _drafts(site: SiteState) -> tuple[set[str], set[str], set[tuple[str, str]]]:
    """What the published site will leave out (the preview shows drafts): draft files, the
    addresses they make (a draft topic's whole folder) and draft items (address, id)."""
    content = site.content
    files = {page.file for page in content.pages if page.draft}
    files |= {c.file for c in content.collections.values() if c.draft}
    folders = {page.path for page in content.pages if page.draft}
    folders |= {c.path for c in content.collections.values() if c.draft}
    for page in content.pages:
        if any(page.path.startswith(folder) for folder in folders if folder and folder != page.path):
            files.add(page.file)
    items = {(c.path, e.id) for c in content.collections.values() for e in c.entries if e.draft}
    return files, folders, items


def _draft_problem(drafts: tuple[set[str], set[str], set[tuple[str, str]]], link: InternalLink) -> Problem | None:
    """A link from what will be published to what will not (the build will refuse it then)."""
    files, folders, items = drafts
    if link.path is None or link.file in files:
        return None
    path = link.path if link.path.endswith("/") or not link.path else link.path + "/"
    if any(folder and path.startswith(folder) for folder in folders) or (path, link.fragment) in items:
        return Problem(
            link.file,
            f"the link to /{link.path}{'#' + link.fragment if link.fragment else ''} goes "
            "to a draft, which the published site leaves out",
            link.line,
            "publish the draft first (take out its 'draft: true'), or add the link once it is published",
            link.source_line,
            is_warning=True,
        )
    return None


def _footer_link_problems(site: SiteState) -> list[Problem]:
    """A footer link to a page of this site (/privacy/) must reach one: it is on every page."""
    problems = []
    for link in site.config.footer_links:
        if not link.url.startswith("/"):
            continue
        path = link.url.split("#", 1)[0].split("?", 1)[0].lstrip("/")
        if path and not path.endswith("/") and path + "/" in site.ids_by_path:
            path += "/"
        if (
            not path
            or path in site.ids_by_path
            or path in site.static_files
            or path in site.sizes
            or path in site.content.attachments
        ):
            continue
        problems.append(
            Problem(
                "site_config.yaml",
                f"the footer link '{link.title}' goes to {link.url}, a page that does not exist",
                None,
                _pages_hint(site, path),
            )
        )
    return problems


def _problem_with(site: SiteState, link: InternalLink) -> Problem | None:
    if link.path is None:
        pages = site.paths_by_file.get(link.file, set())
        if any(link.fragment in site.ids_by_path[p] for p in pages):
            return None
        return Problem(
            link.file,
            f"the link to #{link.fragment} points at a part of the page that does not exist",
            link.line,
            "check the part after '#': it must match a heading's id on the same page",
            _source_line(site, link),
        )
    path = link.path
    if path and not path.endswith("/") and path + "/" in site.ids_by_path:
        path += "/"
    if any((path + "/").startswith(failed) for failed in site.unchecked if failed):
        return None  # Its file did not load: that file's own problem is reported instead.
    exists = (
        not path
        or path in site.ids_by_path
        or path in site.static_files
        or path in site.sizes
        or path in site.content.attachments
    )
    if not exists:
        return Problem(
            link.file,
            f"the link to /{link.path} goes to a page that does not exist",
            link.line,
            _pages_hint(site, path),
            _source_line(site, link),
        )
    if link.fragment and path in site.ids_by_path and link.fragment not in site.ids_by_path[path]:
        return Problem(
            link.file,
            f"the link to /{link.path}#{link.fragment} points at a part of the page that does not exist",
            link.line,
            "check the part after '#': it must match a heading's id on that page",
            _source_line(site, link),
        )
    return None


def _pages_hint(site: SiteState, path: str) -> str:
    views = {
        p for c in site.content.collections.values() for p in site.ids_by_path if p.startswith(c.path) and p != c.path
    }
    pages = sorted(p for p in site.ids_by_path if p not in views and p != "404.html")
    close = difflib.get_close_matches(path, pages + sorted(site.content.attachments), n=1, cutoff=0.6)
    if close:
        return f"did you mean /{close[0]}? Check the address"
    shown = ", ".join("/" + p for p in pages[:SHOWN_PAGES]) + (", …" if len(pages) > SHOWN_PAGES else "")
    return "check the address; the site's pages are: " + shown


def _source_line(site: SiteState, link: InternalLink) -> str:
    """The line a link is on, for its message (page workers send links without it)."""
    if link.source_line or not link.line or link.file not in site.page_files:
        return link.source_line
    source = decode_source(link.file, site.page_files[link.file])  # Lines exactly as the loader counts them.
    return source.line(link.line) if isinstance(source, SourceFile) else ""
