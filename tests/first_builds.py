"""The office's first build, made once per test process for each distinct project.

Every office test starts an `Office` over a fresh copy of the same project, and the office's
first act is to build that project for its preview (about 0.25 s of CPU; a hundred office tests
did it a hundred times over the same bytes). `render_project` is a function of the project's
bytes and its arguments, so while an office starts, `shared_first_build()` hands back the site
an earlier office built from exactly the same input, and builds it for real otherwise. Only the
first build is shared: after the office has started, every rebuild (a save, a publication,
a merge) runs for real, on the test's own copy. Nothing the preview keeps between rebuilds
(its `PreviewMemory`) is filled by a shared build, so the next rebuild starts from nothing,
as a preview's first does.

Each test gets its own dictionary of files (a preview replaces it, never changes it in place,
but a test that did would then change only its own).
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from sitegen.pipeline import RenderedSite
from sitegen.preview import server as preview_server
from sitegen.read.project_files import Project

# Per test process: the built site, by a digest of everything the build reads.
_BUILT: dict[str, RenderedSite] = {}


def digest(project: Project, *arguments: object) -> str:
    """Every byte the build reads (content and settings, templates, static files), the
    arguments that change what it makes, and the day it counts as today."""
    whole = hashlib.sha256()
    for name, value in (
        *sorted(project.files.items()),
        *sorted(project.templates.items()),
        *sorted(project.static.items()),
    ):
        whole.update(b"\0%d:%s\0" % (len(name), name.encode()))
        whole.update(value if isinstance(value, bytes) else value.encode())
    whole.update(repr((project.problems, arguments, os.environ.get("SITEGEN_TODAY"))).encode())
    return whole.hexdigest()


def _shared(build: Callable[..., RenderedSite]) -> Callable[..., RenderedSite]:
    def built_once(project: Project, strict: bool = False, base_url: str | None = None, **options: Any) -> RenderedSite:
        try:
            key = digest(project, strict, base_url, options.get("include_drafts", False))
        except (AttributeError, TypeError):  # A file that could not be read: no bytes to compare.
            return build(project, strict, base_url, **options)
        if key not in _BUILT:
            _BUILT[key] = build(project, strict, base_url, **options)  # A ContentError is not kept.
        site = _BUILT[key]
        return dataclasses.replace(site, files=dict(site.files))

    return built_once


@contextmanager
def shared_first_build() -> Iterator[None]:
    """While open, the preview's builds are shared as described above (open it only around
    the start of an office or a preview, whose memory is still empty)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(preview_server, "render_project", _shared(preview_server.render_project))
        yield
