"""Render the whole site in memory: content in, `(output path, bytes)` pairs out.

`render_site` is a function of the loaded content, the templates and the static files
(and, for documents published as they are, the content files). The preview passes a
`RenderMemory` it owns, to reuse what it made from unchanged inputs last time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

import jinja2

from ..model.site_content import SiteContent
from .render_cache import RenderMemory
from .site import RenderReport, SiteRenderer

__all__ = ["RenderMemory", "RenderReport", "render_site"]


def render_site(
    content: SiteContent,
    templates: Mapping[str, str],
    static_files: Mapping[str, bytes],
    report: RenderReport,
    *,
    content_files: Mapping[str, bytes] | None = None,
    memory: RenderMemory | None = None,
    compiled: jinja2.BytecodeCache | None = None,
    write_page: Callable[[str, bytes], None] | None = None,
    unchecked: frozenset[str] = frozenset(),
    check_capitals: bool = True,
) -> Iterator[tuple[str, bytes]]:
    """Yield every output file. Problems go into `report`; check it before publishing.

    content_files: the content files by name (documents are published from them; the page
    workers of a big site read `content.deferred_pages` from them and write them with
    `write_page`; those pages are not yielded).
    memory: the preview's memory of its last render (see `RenderMemory`).
    compiled: a cache of compiled templates (see `template_cache`).
    unchecked: addresses of files that did not load: links to them are not reported.
    check_capitals: False when the glossary did not load (every term would look unexplained).
    """
    renderer = SiteRenderer(
        content,
        templates,
        static_files,
        report,
        memory=memory,
        compiled=compiled,
        check_capitals=check_capitals,
        content_files=content_files,
    )
    renderer.unchecked = unchecked
    yield from renderer.render(write_page)
