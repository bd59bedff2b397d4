"""Which links in a page's main content print without their address, read in one pass of a
regular expression over the page's tags.

The build reads every page it makes for such links (the accessibility statement may not
claim otherwise). html.parser, an event per tag in pure Python, took a third of a whole
build's time for this; the pass here gives the same answers in a fraction of it.
tests/test_printed_links.py compares the two on every page of the test sites, on hostile
pages and on generated markup, so the pass reads tags exactly as html.parser does.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import unescape
from typing import Protocol

# Elements that never have an end tag: they hold no link.
_VOID = frozenset(("br", "img", "input", "hr", "wbr", "meta", "link", "source"))
_NO_MARKS: frozenset[str] = frozenset()
HIDDEN_MARK = " hidden"  # A mark no class can have: an element with the hidden attribute.

# A comment; a script or style element, whose text is not markup; a start or end tag, whose
# attribute values may hold ">" inside quotes. Whatever lies between tokens is text.
_TOKENS = re.compile(
    r"<!--.*?(?:-->|\Z)"
    r"|<(script|style)\b((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>(.*?)(?:</\1\s*>|\Z)"
    r"|<(/?)([a-zA-Z][^\t\n\r\f />\x00]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>",
    re.DOTALL | re.IGNORECASE,
)
# html.parser's own reading of attributes (attrfind_tolerant in Python 3.11).
_ATTRIBUTE = re.compile(
    r"((?<=[\'\"\s/])[^\s/>][^\s/=>]*)(\s*=+\s*(\'[^\']*\'|\"[^\"]*\"|(?![\'\"])[^>\s]*))?(?:\s|/(?!>))*"
)
# "/" at a tag's end closes it, unless it is the end of an unquoted value (href=/a/).
_UNQUOTED_SLASH = re.compile(r"=\s*[^\s\"'>]*/$")


class LinkRules(Protocol):
    """What the print style sheet does to links (site_facts.PrintRules): the marks (classes and
    ids) whose contents are not printed, and those whose links print without their address."""

    @property
    def hidden(self) -> frozenset[str]: ...

    @property
    def no_address(self) -> frozenset[str]: ...


def links_without_address(main: str, rules: LinkRules) -> tuple[str, ...]:
    """The texts of the links in `main` (a page's main content) that print without their address."""
    # Open elements: (name, the marks of it and every element around it).
    stack: list[tuple[str, frozenset[str]]] = []
    link: tuple[bool, str] | None = None  # the open <a>: (prints its address, href)
    text: list[str] = []
    found: list[str] = []
    marks_of: dict[str, frozenset[str]] = {}  # by attributes as written: most repeat
    may_matter = _words_that_matter(rules.hidden | rules.no_address).search
    position = 0

    def opened(name: str, written: str) -> None:
        around = stack[-1][1] if stack else _NO_MARKS
        own = _marks(written, marks_of, may_matter)
        stack.append((name, around | own if own else around))

    for token in _TOKENS.finditer(main):
        if link is not None and token.start() > position:
            text.append(unescape(main[position : token.start()]))
        position = token.end()
        script, script_attributes, script_text, closing, name, attributes = token.groups()
        if script:
            opened(script.lower(), script_attributes)
            if link is not None:
                text.append(script_text)
            name = script  # read to its end above: a start and an end
        elif name is None:
            continue  # a comment
        elif not closing:
            name = name.lower()
            if name not in _VOID:
                opened(name, attributes)
            if name == "a" and "href" in attributes.lower():
                values = _attributes(attributes)
                if "href" in values:
                    href = values["href"]
                    link, text = ("data-print-href" in values or href.startswith(("http://", "https://")), href), []
            # <x/> is a start and an end, as html.parser reads it: "/" right before ">" (not "/ >"),
            # and not the end of an unquoted value (<x class=a/>).
            if not attributes.endswith("/") or _UNQUOTED_SLASH.search(attributes):
                continue
        name = name.lower()
        if name == "a" and link is not None:
            words = " ".join("".join(text).split())
            marks = stack[-1][1] if stack else _NO_MARKS
            if _prints_without_address(link, words, marks, rules):
                found.append(words)
            link = None
        for index in range(len(stack) - 1, -1, -1):
            if stack[index][0] == name:
                del stack[index:]
                break
    return tuple(found)


def _prints_without_address(link: tuple[bool, str], text: str, marks: frozenset[str], rules: LinkRules) -> bool:
    printed, href = link
    if marks & rules.hidden or HIDDEN_MARK in marks or href.startswith("#"):
        return False  # not on paper, or a link within the page
    if href.startswith(("mailto:", "tel:")) and href.split(":", 1)[1] in text.replace(" ", ""):
        return False  # the address is the link's text
    return not printed or bool(marks & rules.no_address)


def _attributes(written: str) -> dict[str, str]:
    values: dict[str, str] = {}
    for match in _ATTRIBUTE.finditer(" " + written):
        name, has_value, value = match.groups()
        if value is None:
            value = ""
        elif value[:1] == value[-1:] and value[:1] in ("'", '"'):
            value = value[1:-1]
        values[name.lower()] = unescape(value) if has_value else ""
    return values


def _marks(written: str, known: dict[str, frozenset[str]], may_matter: Callable[[str], object]) -> frozenset[str]:
    """An element's marks that the print rules name (and the hidden attribute's mark)."""
    marks = known.get(written)
    if marks is None:
        marks = frozenset()
        if may_matter(written):  # Most elements have no mark the rules name: not worth parsing.
            values = _attributes(written)
            marks = frozenset(values.get("class", "").split()) | {values.get("id", "")}
            if "hidden" in values:
                marks |= {HIDDEN_MARK}
        known[written] = marks
    return marks


def _words_that_matter(names: frozenset[str]) -> re.Pattern[str]:
    """Finds, in attributes as written, any of the print rules' names, the hidden attribute,
    or a character reference (which may spell either). (re keeps what it compiled: once a build.)"""
    return re.compile("|".join([*(re.escape(name) for name in sorted(names)), "(?i:hidden)", "&"]))
