"""Small HTML helpers for tests: text of a page, elements with attributes, in document order."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    text: str = ""
    hidden_ancestor: bool = False
    children_text: list[str] = field(default_factory=list)


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.stack: list[Element] = []
        self.text: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        values = {name: value or "" for name, value in attrs}
        hidden = any(e.hidden_ancestor or "hidden" in e.attrs for e in self.stack[-1:]) or "hidden" in values
        element = Element(tag, values, hidden_ancestor=hidden)
        self.elements.append(element)
        if tag in ("script", "style", "template"):
            self.skip += 1
        if tag not in VOID:
            self.stack.append(element)

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template"):
            self.skip = max(0, self.skip - 1)
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        for element in self.stack:
            element.children_text.append(data)
        if not self.skip and not any(e.hidden_ancestor or "hidden" in e.attrs for e in self.stack):
            self.text.append(data)


@lru_cache(maxsize=512)
def parse(html: str) -> _Collector:
    collector = _Collector()
    collector.feed(html)
    collector.close()
    for element in collector.elements:
        element.text = " ".join("".join(element.children_text).split())
    return collector


def visible_text(html: str) -> str:
    """The page's text as a reader sees it (no scripts, nothing hidden), whitespace collapsed."""
    return " ".join("".join(parse(html).text).split())


def elements(html: str, tag: str | None = None, **attrs: str) -> list[Element]:
    found = []
    for element in parse(html).elements:
        if tag and element.tag != tag:
            continue
        if all(element.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items()):
            found.append(element)
    return found


def first_focusable(html: str) -> Element | None:
    for element in parse(html).elements:
        if element.hidden_ancestor or "hidden" in element.attrs:
            continue
        if element.attrs.get("tabindex", "0").lstrip("-").isdigit() and element.attrs.get("tabindex", "0").startswith(
            "-"
        ):
            continue
        if element.tag == "a" and "href" in element.attrs:
            return element
        if element.tag in ("button", "input", "select", "textarea", "summary"):
            return element
        if "tabindex" in element.attrs:
            return element
    return None
