"""The offline search index: every page, list entry and glossary term, as plain text.

The site is small (tens of items), so the whole index is one JSON file of a few
kilobytes that static/js/search.js loads only on the search page: no server, no
third-party service, and nothing added to any other page's weight.
"""

from __future__ import annotations

import json
from typing import Callable

from .content import SiteContent


MAX_TEXT = 1000


def build_search_index(content: SiteContent, plain_text: Callable[[str], str]) -> bytes:
    # Encoded one record at a time: the same bytes as json.dumps(records), without a second
    # copy of every page's text (the whole list as one str) held at once.
    records = _Encoded()
    for page in content.pages:
        records.append({"title": page.title, "url": page.path, "text": plain_text(page.body)})
    for collection in content.collections.values():
        records.append({"title": collection.title, "url": collection.path, "text": plain_text(collection.intro)})
        for entry in collection.entries:
            label = f"{collection.title}: {entry.period.label}" if entry.period else collection.title
            records.append({"title": label, "url": f"{collection.path}#{entry.id}", "text": plain_text(entry.text)})
    glossary = content.glossary
    for term in glossary.terms:
        text = " ".join(part for part in (term.expansion, term.description) if part)
        records.append({"title": f"{glossary.title}: {term.term}", "url": f"{glossary.path}#{term.id}", "text": text})
    return b"[" + b",".join(records.parts) + b"]\n"


class _Encoded:
    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def append(self, record: dict[str, str]) -> None:
        if len(record["text"]) > MAX_TEXT:  # The opening of a long page is enough to find it by.
            record = {**record, "text": record["text"][:MAX_TEXT].rsplit(" ", 1)[0] + " …"}
        self.parts.append(json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
