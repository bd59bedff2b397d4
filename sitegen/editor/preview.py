"""A page as the site will show it, rendered in memory from text that is not saved yet.

The whole site is rendered with the changed file (as the preview would after a save), and
the page's main content is taken from the result, so what the editor sees is exactly what
the site makes. Its links are made to work from the editor's address.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from markupsafe import Markup

from ..errors import ContentError, SiteError
from ..model.addresses import ContentFile, classify
from ..pipeline import render_project
from ..read.project_files import read_project

_MAIN = re.compile(r"<main\b[^>]*>(.*)</main>", re.DOTALL)
_BREADCRUMBS = re.compile(r'<nav class="breadcrumbs".*?</nav>', re.DOTALL)
_ADDRESS = re.compile(r'(\s(?:href|src)=")([^"]*)"')


def page_preview(root: Path, name: str, files: Mapping[str, bytes]) -> Markup | str:
    """The page's content as HTML, or a sentence saying why it cannot be shown."""
    item = classify(name)
    if not isinstance(item, ContentFile):
        return "This file has no page to show."
    project = read_project(root)
    changed = replace(project, files={**{n: project.files[n] for n in project.files}, **files})
    try:
        rendered = render_project(changed, False, None, include_drafts=True)
    except ContentError:
        return "The page cannot be shown yet: the change has problems. Save it to see them listed, each by its field."
    except SiteError as error:
        return f"The page cannot be shown yet: {error}"
    html = rendered.files.get(item.path + "index.html", b"").decode("utf-8")
    found = _MAIN.search(html)
    if not found:
        return "This page is not part of the site."
    return Markup(absolute_links(_BREADCRUMBS.sub("", found.group(1)), item.path))


def absolute_links(html: str, path: str) -> str:
    """Relative addresses (../plan/) made absolute (/plan/), as the page is shown elsewhere."""
    here = "/" + path

    def absolute(match: re.Match[str]) -> str:
        target = match.group(2)
        if re.match(r"^(?:[a-z][a-z0-9+.-]*:|/|#)", target, re.IGNORECASE) or not target:
            return match.group(0)
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(here.rstrip("/") + "/x"), target))
        return f'{match.group(1)}{joined + ("/" if target.endswith("/") and joined != "/" else "")}"'

    return _ADDRESS.sub(absolute, html)
