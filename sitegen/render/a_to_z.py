"""The site's A to Z: every page, list and glossary term by title, on one static page.

It is what the search page offers without JavaScript (a static page cannot read the
words typed into its address), and a way in for readers who would rather browse.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .site_state import SiteState

A_TO_Z = "search/a-z/"


def a_to_z_entries(site: SiteState) -> list[tuple[str, str]]:
    """(title, address) of each page that is not a view of a list, and each glossary term."""
    content = site.content
    views = {
        path
        for collection in content.collections.values()
        for path in site.page_titles
        if path.startswith(collection.path) and path != collection.path
    }
    skip = views | {"404.html", "search/", A_TO_Z}
    entries = [(title, path) for path, title in site.page_titles.items() if path not in skip]
    glossary = content.glossary
    for term in glossary.terms if glossary else ():
        assert glossary is not None
        title = f"{term.term} ({term.expansion})" if term.expansion else term.term
        entries.append((title, f"{glossary.path}#{term.id}"))
    return sorted(set(entries), key=lambda item: (item[0].casefold(), item[1]))


def a_to_z_page(site: SiteState) -> tuple[str, bytes]:
    groups: dict[str, list[dict[str, str]]] = {}
    for title, path in a_to_z_entries(site):
        letter = title[:1].upper()
        letter = letter if letter.isalpha() else "0–9"
        groups.setdefault(letter, []).append({"title": title, "path": path})
    return site.write_page(
        A_TO_Z,
        "a_to_z.html",
        "A to Z",
        "Every page and term on this site, by title.",
        None,
        groups=[{"letter": letter, "items": items} for letter, items in groups.items()],
    )
