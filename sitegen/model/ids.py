"""Ids made from words: a heading's anchor, a list item's id, a page's address.

Here in the model, the first stage that needs them (addresses, loading lists): the Markdown
renderer's heading ids, page_ids.py and the editor's file names use them too, and none of
them need import markdown-it to get them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable


def slugify(text: str) -> str:
    """A readable, stable id: lower-case ASCII words joined by hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "section"


def unique_id(wanted: str, is_taken: Callable[[str], bool]) -> str:
    """`wanted`, or the first of wanted-2, wanted-3… that is free: the one rule for every
    id made from content (headings within a text here; on a whole page in page_ids.py)."""
    candidate, number = wanted, 2
    while is_taken(candidate):
        candidate, number = f"{wanted}-{number}", number + 1
    return candidate
