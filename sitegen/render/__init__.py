"""Render the whole site in memory: content in, `(output path, bytes)` pairs and problems out.

`render_site` is a function of the loaded content, the templates and the static files
(and, for documents published as they are, the content files). It hands each file to the
caller as it is made, and returns what it found. The preview passes a `RenderMemory` it
owns, to reuse what it made from unchanged inputs last time.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import jinja2

from ..errors import SiteError
from ..model.site_content import SiteContent
from .outcome import RenderOutcome
from .render_cache import RenderMemory
from .site import SiteRenderer
from .template_problems import template_problem

__all__ = ["RenderMemory", "RenderOutcome", "render_site"]


def render_site(
    content: SiteContent,
    templates: Mapping[str, str],
    static_files: Mapping[str, bytes],
    take_file: Callable[[str, bytes], None],
    *,
    content_files: Mapping[str, bytes] | None = None,
    memory: RenderMemory | None = None,
    compiled: jinja2.BytecodeCache | None = None,
    write_page: Callable[[str, bytes], None] | None = None,
    unchecked: frozenset[str] = frozenset(),
    check_capitals: bool = True,
) -> RenderOutcome:
    """Hand every output file to `take_file(path, data)` as it is made, and return the
    problems found: check its errors before publishing. A template that fails while the
    pages are made stops the render, and is one of the errors returned.

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
        memory=memory,
        compiled=compiled,
        check_capitals=check_capitals,
        content_files=content_files,
    )
    renderer.unchecked = unchecked
    files = renderer.render(write_page)
    try:
        while True:
            try:
                name, data = next(files)
            except StopIteration as finished:  # The generator's return value: what it found.
                outcome: RenderOutcome = finished.value
                return outcome
            take_file(name, data)
    except SiteError:
        raise
    except Exception as error:
        problem = template_problem(error, templates, renderer.environment)
        if problem is None:  # Not a template's doing: a bug, which keeps its traceback.
            raise
        # A template that fails stops the render. It is one more problem, given back with
        # those found before it, so that one run names them all.
        renderer.found.add([problem])
        return renderer.found.outcome()
    finally:
        files.close()  # If take_file failed: the page workers stop now, not when collected.
