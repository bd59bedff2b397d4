"""A page's text in its parts: the front matter between its '---' lines, and the body."""

from __future__ import annotations

import re


def line_end(text: str, index: int) -> int:
    """The index just after the line break ending the line that holds `index` (or the end)."""
    found = text.find("\n", index)
    return len(text) if found < 0 else found + 1


_FENCE = re.compile(r"^---[ \t]*$", re.MULTILINE)


def split_page(text: str) -> tuple[str, str, str] | None:
    """A page's text as (front matter, the closing fence line and what follows it, the body);
    None when it has no front matter."""
    if not text.startswith("---"):
        return None
    first = _FENCE.match(text)
    if first is None:
        return None
    closing = _FENCE.search(text, first.end() + 1)
    if closing is None:
        return None
    front = text[first.end() + 1 : closing.start()]
    after_fence = line_end(text, closing.start())
    return front, text[closing.start() : after_fence], text[after_fence:]
