"""The renderer's side of a big site's page workers: the pages in `content.deferred_pages`.

The main process never loads these pages (see page_workers.py). A worker makes each one
alone, keeping nothing in memory (`page_alone`); the main process then takes in what the
workers learnt about them, in the order a small site would list them (`gather`), and reads
one of them only when a link points into it and needs its ids (`deferred_page_text`).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from markupsafe import Markup

from ..model.addresses import ContentFile, classify
from ..model.loading import load_page
from ..shape.search_index import search_record
from .attachments import with_document_details
from .page_template import render_page
from .page_workers import PageFacts

if TYPE_CHECKING:
    from ..errors import Problem
    from ..markdown.results import RenderedMarkdown
    from ..model.site_content import Page
    from ..shape.page_ids import TextKey
    from .page_workers import PageWorkers
    from .site_state import SiteState


def gather(site: SiteState, workers: PageWorkers) -> tuple[list[Problem], int]:
    """Take in what the page workers learnt about their pages; return the problems they
    found and how many pages they wrote, for what the render returns."""
    facts: list[PageFacts] = []
    problems: list[Problem] = []
    written = 0
    for batch in workers.batches():
        problems.extend(batch.problems)
        site.note_links(batch.links)
        written += batch.written
        facts.extend(batch.facts)
    for fact in facts:
        site.note_page(
            fact.path, fact.title, fact.description, fact.updated, fact.file, tuple(map(sys.intern, fact.ids))
        )
        site.note_search_record(fact.file, fact.search_record)
    # Every list of pages (sitemap, feed, search) as a small site has it: the pages in file
    # order first, then the other pages in the order they were made.
    made = [(page.file, page.path) for page in site.content.pages] + [(f.file, f.path) for f in facts]
    order = [path for _, path in sorted(made)]
    placed = set(order)
    order += [path for path in site.page_titles if path not in placed]
    site.list_pages_in_order(order)
    return problems, written


def page_alone(site: SiteState, page: Page) -> tuple[str, bytes, PageFacts, RenderedMarkdown]:
    """In a page worker: one page's file and its facts, keeping nothing in memory.

    The same bytes as `pages.page_files` makes: a page with one text marks every term on first use.
    """
    key = (page.body, page.file, page.body_first_line)
    rendered = site.ids.settle(key, site.markdown.render_once(*key, site.all_terms))
    description = site.description(page.description, summary=rendered.summary)
    output, data, ids = render_page(
        site,
        page.path,
        "page.html",
        page.title,
        description,
        page.updated,
        True,
        dict(
            page=page,
            body=Markup(with_document_details(rendered.html, site.document_sizes)),
            contents=(),
            facts=None,  # A page workers make is never the statement or the notice (see page_workers).
            known_issues=(),
        ),
    )
    record = search_record(page.title, page.path, rendered.plain, "", site.search_glossary)
    return (
        output,
        data,
        PageFacts(page.file, page.path, page.title, description, page.updated, ids, record),
        rendered,
    )


def deferred_page_text(site: SiteState, path: str) -> TextKey | None:
    """The text of a page the page workers make, for the ids of a link into it (page_ids.py)."""
    for name in site.content.deferred_pages:
        item = classify(name)
        if isinstance(item, ContentFile) and item.path == path.strip("/") + "/" and name in site.page_files:
            page, _ = load_page(name, site.page_files[name], item.path)
            return (page.body, page.file, page.body_first_line) if page else None
    return None
