"""Links to documents say what they are, as GOV.UK's do: "Annual report (PDF, 1.2 MB)".

A reader on a phone or a slow connection can tell a 20 MB spreadsheet from a page before
following the link. The type comes from the file's name (`addresses.ATTACHMENT_TYPES`),
the size from the file itself at each build, so it never goes stale. A link whose own text
already names the type ("Annual report (PDF, 1.2 MB)", as the web editor writes it) is
left as it is.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping

from ..markdown.results import ROOT_MARK
from ..model.addresses import attachment_type
from ..model.documents import file_size

_LINK = re.compile(rf'<a href="{re.escape(ROOT_MARK)}(?P<path>[^"#?]+)[^"]*"[^>]*>(?P<text>.*?)</a>', re.S)


def describe(path: str, size: int) -> str:
    return f"{attachment_type(path)}, {file_size(size)}"


def with_document_details(page_html: str, sizes: Mapping[str, int]) -> str:
    """The HTML with each link to a document followed by its type and size."""
    if not sizes or ROOT_MARK not in page_html:
        return page_html

    def detailed(link: re.Match[str]) -> str:
        path = link["path"]
        if path not in sizes:
            return link[0]
        kind = attachment_type(path)
        if f"({html.escape(kind)}" in link["text"]:  # The link says so itself.
            return link[0]
        return f'{link[0]} <span class="attachment-details">({html.escape(describe(path, sizes[path]))})</span>'

    return _LINK.sub(detailed, page_html)
