"""The offline search index: every page, list entry and glossary term, as plain text.

The site is small (tens of items), so the whole index is one JSON file of a few
kilobytes that static/js/search.js loads only on the search page: no server, no
third-party service, and nothing added to any other page's weight.
"""

from __future__ import annotations

import json
from typing import Callable

from .content import SiteContent


def build_search_index(content: SiteContent, plain_text: Callable[[str], str]) -> bytes:
    records = []
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
    return (json.dumps(records, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
