"""The pages of a list (one per filter view) and of the glossary."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Mapping

from markupsafe import Markup

from ..content import Collection, Entry, Glossary
from ..filters import ListView, all_views, entry_years, filter_entries, list_years
from ..markdown import ROOT_MARK

if TYPE_CHECKING:
    from .site import Files, SiteRenderer


def list_files(site: SiteRenderer, collection: Collection) -> Files:
    """Every view of a list: all items, then each year, theme and pair its filter offers."""
    years = list_years(collection)
    themes = [{"slug": slug, "label": label} for slug, label in collection.themes.items()]
    download = site.download(collection.key)
    years_of = {entry.id: entry_years(entry, years) for entry in collection.entries}
    statuses = _progress(collection) if collection.kind == "steps" else None
    # An item's <li> is the same in every view that shows it (its links use ROOT_MARK, made
    # relative per page by render_page) unless its <abbr> marking differs: render each
    # (item, body) once with the macro, not once per view (11 times per item on average).
    macro = getattr(site.environment.get_template("macros.html").module, "list_item")
    items: dict[tuple[str, str], str] = {}

    def item(entry: Entry, body: Markup) -> str:
        key = (entry.id, body)
        if key not in items:
            items[key] = f"  {macro(collection, entry, body, years_of[entry.id], ROOT_MARK)}\n"
        return items[key]

    views = all_views(collection) if collection.has_filter else [ListView(collection.path)]
    for view in views:
        entries = filter_entries(collection.entries, view.year, view.theme)
        # Each view marks first uses itself: the first item shown differs between views.
        texts = [(collection.intro, collection.file, collection.intro_line)] + [
            (entry.text, collection.file, entry.text_line) for entry in entries
        ]
        rendered = site.markdown_for_page(texts)
        view_name = _view_name(view, collection.themes)
        title = f"{view_name} – {collection.title}" if view_name else collection.title
        yield site.write_page(
            view.path, "list.html", title, collection.description, collection.updated,
            source_file=collection.file, collection=collection, view=view, view_name=view_name, entries=entries,
            total=len(collection.entries), intro=rendered[0],
            items_html=Markup("".join(item(entry, html) for entry, html in zip(entries, rendered[1:]))),
            years=years, themes=themes, download=download, statuses=statuses,
            reviewed_once=_shared_review_date(collection),
        )


def _progress(collection: Collection) -> dict[str, Any]:
    counts = {status: sum(1 for e in collection.entries if e.status == status)
              for status in ("done", "in progress", "planned")}
    return {"counts": counts, "total": len(collection.entries)}


def _shared_review_date(collection: Collection) -> Any:
    """The list's review date; items show theirs only where it differs."""
    return collection.reviewed


def _view_name(view: ListView, theme_labels: Mapping[str, str]) -> str:
    """What a view shows, in words: "2021", "Drugs", "2021, Drugs"."""
    parts = []
    if view.year is not None:
        parts.append(str(view.year))
    if view.theme is not None:
        parts.append(theme_labels[view.theme])
    return ", ".join(parts)


def glossary_files(site: SiteRenderer, glossary: Glossary) -> Files:
    (intro,) = site.markdown_for_page([(glossary.intro, glossary.file, glossary.intro_line)])
    yield site.write_page(
        glossary.path, "glossary.html", glossary.title, glossary.description, glossary.updated,
        source_file=glossary.file, glossary=glossary, intro=intro, download=site.download(glossary.key),
    )
