"""The offline search index: every page, list entry and glossary term, as plain text.

The whole index is one JSON file that static/js/search.js loads only on the search
page: no server, no third-party service, and nothing added to any other page's weight.
It is 13 KB for this site; on a big site each page's text is cut at 1,000 characters.
"""

from __future__ import annotations

import decimal
import json
from collections.abc import Callable, Iterable

from ..model.fields import money_text
from ..model.site_content import SiteContent

MAX_TEXT = 1000


def build_search_index(page_records: Iterable[bytes], content: SiteContent, plain_text: Callable[[str], str]) -> bytes:
    """The index: the pages' records (from `search_record`, in page order), then every list
    entry and glossary term."""
    # Encoded one record at a time: the same bytes as json.dumps(records), without a second
    # copy of every page's text (the whole list as one str) held at once.
    records = list(page_records)
    for collection in content.collections.values():
        records.append(search_record(collection.title, collection.path, plain_text(collection.intro)))
        for entry in collection.entries:
            label = f"{collection.title}: {entry.period.label}" if entry.period else collection.title
            # A list's own fields are found too: a payment by its supplier, a duty by its law.
            own = [_field_text(value) for value in entry.values.values() if value is not None and value is not True]
            own = [text for text in own if text]
            text = " ".join([plain_text(entry.text), *own]).strip()
            records.append(search_record(label, f"{collection.path}#{entry.id}", text))
    glossary = content.glossary
    for term in glossary.terms if glossary else ():
        text = " ".join(part for part in (term.expansion, term.description) if part)
        assert glossary is not None
        records.append(search_record(f"{glossary.title}: {term.term}", f"{glossary.path}#{term.id}", text))
    if not records:
        return b"[]\n"
    # Brackets added to the first and last records, not around the joined whole: on a big
    # site the index is megabytes, and each concatenation would copy all of it.
    records[0] = b"[" + records[0]
    records[-1] = records[-1] + b"]\n"
    return b",".join(records)


def _field_text(value: object) -> str:
    """A field's value as readers see it: a date as written, money as £1,240.50; not yes or no."""
    if isinstance(value, bool):
        return ""
    if isinstance(value, decimal.Decimal):
        return money_text(value)
    label = getattr(value, "label", None)
    return str(label if label is not None else value)


def search_record(title: str, url: str, text: str) -> bytes:
    """One item of the index, encoded. A page's record is made where the page is rendered."""
    if len(text) > MAX_TEXT:  # The opening of a long page is enough to find it by.
        text = text[:MAX_TEXT].rsplit(" ", 1)[0] + " …"
    return json.dumps({"title": title, "url": url, "text": text}, ensure_ascii=False, separators=(",", ":")).encode(
        "utf-8"
    )
