"""The last of the three layers of safety (see __init__.py): the HTML is cleaned by nh3 (the
Rust `ammonia` sanitiser) against a short allowlist of the elements and attributes this
renderer produces, and of the link schemes the link checks allow.

Separate so that what may reach a page is in one short list, read and reviewed on its own,
apart from the rules that produce the HTML.
"""

from __future__ import annotations

from types import MappingProxyType

import nh3

SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})

_ALLOWED_TAGS = frozenset(
    {
        "p",
        "a",
        "abbr",
        "em",
        "strong",
        "code",
        "pre",
        "blockquote",
        "ul",
        "ol",
        "li",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "br",
        "img",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "dl",
        "dt",
        "dd",
        "s",
        "span",
    }
)
_ALLOWED_ATTRIBUTES = MappingProxyType(
    {
        "a": frozenset({"href", "data-print-href"}),
        "abbr": frozenset({"title"}),
        "img": frozenset({"src", "alt"}),
        "h2": frozenset({"id"}),
        "h3": frozenset({"id"}),
        "h4": frozenset({"id"}),
        "h5": frozenset({"id"}),
        "h6": frozenset({"id"}),
        "ol": frozenset({"start"}),
    }
)


# Built once: nh3.clean(html, tags=…) would convert the allowlists for every text.
HTML_CLEANER = nh3.Cleaner(
    tags=_ALLOWED_TAGS,
    attributes=dict(_ALLOWED_ATTRIBUTES),  # nh3 takes a dict, not a read-only view of one.
    url_schemes=SAFE_SCHEMES,
    link_rel=None,
    strip_comments=True,
    allowed_classes={"span": {"abbr-expansion"}},  # first_use_expansions.py's words, and nothing else
)
