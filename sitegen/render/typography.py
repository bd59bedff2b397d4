"""Small typographic fixes applied to rendered HTML.

A period written with a dash, like "2018–23", may break after the dash ("2018–" at the
end of one line, "23" on the next): browsers allow a break after a dash. Wrapped in a
`<span class="nowrap">` (white-space: nowrap in the stylesheet) it stays whole. The text
itself is unchanged, so copying, searching and screen readers see "2018–23" as written.
"""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup, escape

# Four digits, a dash (hyphen, non-breaking hyphen, en dash, em dash), then 2 or 4 digits.
_PERIOD = re.compile(r"(?<![\w/-])\d{4}[-‑–—]\d{2}(?:\d{2})?(?![\w/-])")
_TAG = re.compile(r"(<[^>]*>)")
_RAW_TEXT = ("<script", "<style", "<textarea", "<title")


def keep_periods_whole(value: Any) -> Markup:
    """HTML (or text, escaped first) with each period like "2018–23" kept on one line."""
    html = str(value) if isinstance(value, Markup) else str(escape(value))
    if not _PERIOD.search(html):
        return Markup(html)
    parts = _TAG.split(html)
    raw = False  # inside <script>, <style>…: text that is not shown as text
    for index, part in enumerate(parts):
        if index % 2:  # a tag
            lowered = part.lower()
            if lowered.startswith(_RAW_TEXT):
                raw = True
            elif lowered.startswith(tuple("</" + tag[1:] for tag in _RAW_TEXT)):
                raw = False
        elif not raw and part:
            parts[index] = _PERIOD.sub(lambda m: f'<span class="nowrap">{m[0]}</span>', part)
    return Markup("".join(parts))


# --- no punctuation mark alone on a line ----------------------------------------------------

# A link shown as a box of its own (display: inline-block, for a larger target: theme links,
# contents lists) may break before the mark that follows it, leaving "." or "," alone at the
# start of the next line. Each link and the mark right after it are wrapped in
# <span class="link-mark">, which the stylesheet keeps together (white-space: nowrap between
# them) while the link's own words still wrap (white-space: normal inside it).
_LINK_THEN_MARK = re.compile(r"(<a\b[^>]*>(?:(?!</a>).)*</a>)([.,;:!?)]+)", re.DOTALL)


def keep_marks_with_links(value: Any) -> Markup:
    """HTML with each link and the punctuation mark right after it kept on one line."""
    html = str(value) if isinstance(value, Markup) else str(escape(value))
    return Markup(_LINK_THEN_MARK.sub(r'<span class="link-mark">\1\2</span>', html))
