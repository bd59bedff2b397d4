"""The menu, the breadcrumbs and the contents lists, all made from the content itself.

Whatever sets `nav_order` is in the menu when it sits at the top of `content/`, or in its
topic's contents list when it sits in a topic's folder. Topics are always listed on the
home page. Pure functions over the loaded content.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..model.site_content import Collection, Glossary, Page, SiteContent, parent_of

Item = Page | Collection | Glossary


@dataclass(frozen=True)
class NavItem:
    title: str
    path: str


def _items(content: SiteContent) -> Iterable[Item]:
    yield from content.pages
    yield from content.collections.values()
    if content.glossary is not None:
        yield content.glossary


def _ordered(items: Iterable[Item]) -> list[Item]:
    return sorted(items, key=lambda item: (item.nav_order is None, item.nav_order or 0, item.path))


def _nav_title(item: Item) -> str:
    return item.nav_title or item.title


def main_menu(content: SiteContent) -> list[NavItem]:
    """The top-level items that set `nav_order`, in that order."""
    top = [item for item in _items(content) if item.nav_order is not None and parent_of(item.path) in (None, "")]
    return [NavItem(_nav_title(item), item.path) for item in _ordered(top)]


def contents_of(content: SiteContent, folder: str) -> list[Item]:
    """What a home page or topic overview lists: its items that set `nav_order`, and its topics."""
    topics = {section.path for section in content.sections}
    listed = [
        item
        for item in _items(content)
        if item.path != folder
        and parent_of(item.path) == folder
        and (item.nav_order is not None or item.path in topics)
    ]
    return _ordered(listed)


def breadcrumbs(content: SiteContent, path: str) -> list[NavItem]:
    """The way back up from a page inside a topic: the home page, then each enclosing topic."""
    parent = parent_of(path)
    if not parent:  # The home page and the top-level pages: the menu is enough.
        return []
    home = next((page for page in content.pages if page.path == ""), None)
    trail = [NavItem(_nav_title(home) if home else "Home", "")]
    titles = {section.path: _nav_title(section.index) for section in content.sections}
    folder = ""
    for part in parent.rstrip("/").split("/"):
        folder += part + "/"
        if folder in titles and folder != path:
            trail.append(NavItem(titles[folder], folder))
    return trail
