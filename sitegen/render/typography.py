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

# Four digits, a dash (hyphen, non-breaking hyphen, en dash, em dash), then 2 or 4 digits, not
# part of a longer word or path. (The first digit is matched before what precedes it is looked
# at: a pattern that starts with a digit is searched for many times faster.)
_PERIOD = re.compile(r"\d(?<![\w/-]\d)\d{3}[-‑–—]\d{2}(?:\d{2})?(?![\w/-])")
_TAG = re.compile(r"<[^>]*>")
_RAW_TEXT_START = ("<script", "<style", "<textarea", "<title")  # elements whose text is not shown as text
_RAW_TEXT_END = tuple("</" + start[1:] for start in _RAW_TEXT_START)
_RAW_TEXT_OPENER = re.compile("|".join(_RAW_TEXT_START), re.IGNORECASE)


def keep_periods_whole(value: Any) -> Markup:
    """HTML (or text, escaped first) with each period like "2018–23" kept on one line.

    Only a period in the text is wrapped: not one inside a tag (an attribute's value) or in
    an element whose text is not shown as text (a script, a style sheet, a title)."""
    html = str(value) if isinstance(value, Markup) else str(escape(value))
    if not _PERIOD.search(html):
        return Markup(html)
    raw = _raw_text_spans(html) if _RAW_TEXT_OPENER.search(html) else []

    def wrapped(period: re.Match[str]) -> str:
        at = period.start()
        in_a_tag = html.rfind("<", 0, at) > html.rfind(">", 0, at) and html.find(">", at) != -1
        if in_a_tag or any(start <= at < end for start, end in raw):
            return period[0]
        return f'<span class="nowrap">{period[0]}</span>'

    return Markup(_PERIOD.sub(wrapped, html))


def _raw_text_spans(html: str) -> list[tuple[int, int]]:
    """Where text is not shown as text: from a script's (style sheet's…) start tag to the next
    end tag of any of them, or the end."""
    spans, opened = [], None
    for tag in _TAG.finditer(html):
        lowered = tag[0].lower()
        if opened is None and lowered.startswith(_RAW_TEXT_START):
            opened = tag.end()
        elif opened is not None and lowered.startswith(_RAW_TEXT_END):
            spans.append((opened, tag.start()))
            opened = None
    return spans + ([(opened, len(html))] if opened is not None else [])


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
