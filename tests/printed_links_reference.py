"""The printed-link check as html.parser reads a page: the reference that
sitegen/render/printed_links.py's one-pass reading is compared with (it was the build's own
until that pass replaced it, for speed)."""

from __future__ import annotations

from html.parser import HTMLParser

from sitegen.render.printed_links import HIDDEN_MARK as _HIDDEN
from sitegen.render.site_facts import PrintRules


def links_without_address_by_html_parser(main: str, rules: PrintRules) -> tuple[str, ...]:
    parser = _LinkPrinting(rules)
    parser.feed(main)
    return tuple(parser.unaddressed)


class _LinkPrinting(HTMLParser):
    def __init__(self, rules: PrintRules):
        super().__init__(convert_charrefs=True)
        self.rules = rules
        self.stack: list[tuple[str, set[str]]] = []
        self.link: tuple[bool, str] | None = None  # (prints its address, href) of the open <a>
        self.text: list[str] = []
        self.unaddressed: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        marks = set(values.get("class", "").split()) | {values.get("id", "")}
        if "hidden" in values:  # Not shown, on screen or on paper.
            marks.add(_HIDDEN)
        if tag not in ("br", "img", "input", "hr", "wbr", "meta", "link", "source"):
            self.stack.append((tag, marks))
        if tag == "a" and "href" in values:
            href = values["href"]
            printed = "data-print-href" in values or href.startswith(("http://", "https://"))
            self.link, self.text = (printed, href), []

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.link is not None:
            printed, href = self.link
            text = " ".join("".join(self.text).split())
            marks = set().union(*(m for _, m in self.stack))
            hidden = marks & (self.rules.hidden | {_HIDDEN})
            in_page = href.startswith("#")
            shown_as_text = href.startswith(("mailto:", "tel:")) and href.split(":", 1)[1] in text.replace(" ", "")
            if not hidden and not in_page and not shown_as_text and (not printed or marks & self.rules.no_address):
                self.unaddressed.append(text)
            self.link = None
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data: str) -> None:
        if self.link is not None:
            self.text.append(data)
