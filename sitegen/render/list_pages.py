"""The pages of a list (one per filter view) and of the glossary."""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from ..markdown.results import ROOT_MARK
from ..model.build_date import build_date
from ..model.periods import PeriodError, parse_period
from ..model.site_content import Collection, Entry, Glossary
from ..shape.list_views import ListView, all_views, entry_years, filter_entries, list_years
from ..shape.open_data import dataset_structured_data

if TYPE_CHECKING:
    from .site_state import Files, SiteState


def list_files(site: SiteState, collection: Collection) -> Files:
    """Every view of a list: all items, then each year, theme and pair its filter offers."""
    years = list_years(collection)
    themes = [{"slug": slug, "label": label} for slug, label in collection.themes.items()]
    download = site.download(collection.key)
    years_of = {entry.id: entry_years(entry, years) for entry in collection.entries}
    today = build_date() if collection.kind == "steps" else None
    statuses = _progress(collection, today) if today is not None else None
    # An item's <li> is the same in every view that shows it (its links use ROOT_MARK, made
    # relative per page by render_page) unless its <abbr> marking differs: render each
    # (item, body) once with the macro, not once per view (11 times per item on average).
    macro = getattr(site.environment.get_template("macros.html").module, "list_item")  # noqa: B009 - a macro: its name is not known to mypy
    items: dict[tuple[str, str], str] = {}

    def item(entry: Entry, body: Markup) -> str:
        key = (entry.id, body)
        if key not in items:
            items[key] = f"  {macro(collection, entry, body, years_of[entry.id], ROOT_MARK, today)}\n"
        return items[key]

    views = all_views(collection) if collection.has_filter else [ListView(collection.path)]
    headings = ViewHeadings(collection.title)
    for view in views:
        entries = filter_entries(collection.entries, view.year, view.theme)
        # Each view marks first uses itself: the first item shown differs between views.
        texts = [(collection.intro, collection.file, collection.intro_line)] + [
            (entry.text, collection.file, entry.text_line) for entry in entries
        ]
        rendered = site.markdown_for_page(texts)
        view_name = _view_name(view, collection.themes)
        heading = headings.of(view.year, collection.themes[view.theme] if view.theme else None)
        yield site.write_page(
            view.path,
            "list.html",
            heading,
            collection.description,
            collection.updated,
            source_file=collection.file,
            collection=collection,
            view=view,
            view_name=view_name,
            entries=entries,
            total=len(collection.entries),
            intro=rendered[0],
            items_html=Markup("".join(item(entry, html) for entry, html in zip(entries, rendered[1:], strict=False))),
            years=years,
            themes=themes,
            download=download,
            statuses=statuses,
            year_heading=headings.year_pattern,
            reviewed_once=collection.reviewed,
            structured_data=_structured_data(site, collection) if view.is_all else None,
        )


class ViewHeadings:
    """What each view of a list is called, in its <h1> and <title>: the list's title for all
    items; "… in 2021" for a year (a period closing the title, like "(2018/23)", is dropped:
    it would contradict the year); ": Drugs" added for a theme. list-filter.js builds the same
    headings from `year_pattern` when a reader filters without a page load."""

    def __init__(self, title: str):
        self.title = title
        self.year_pattern = f"{title_without_period(title)} in {{year}}"

    def of(self, year: int | None, theme_label: str | None) -> str:
        heading = self.title if year is None else self.year_pattern.replace("{year}", str(year))
        return f"{heading}: {theme_label}" if theme_label else heading


# A period at the end of a title: "… (2018/23)", "…, 2018–23", "… 2019 to 2020".
_TRAILING_PERIOD = re.compile(
    r"^(?P<rest>.*?\S)(?:\s*\((?P<bracketed>[^()]+)\)|\s*[,–—-]?\s+(?P<plain>\d{4}\S*(?:\s+to\s+\d{2,4})?))\s*$"
)


def title_without_period(title: str) -> str:
    """The title without a period that closes it: "Work in the region (2018/23)" -> "Work in the region"."""
    match = _TRAILING_PERIOD.match(title)
    if match:
        try:
            parse_period(match["bracketed"] or match["plain"])
        except PeriodError:
            return title
        return match["rest"].rstrip(" ,–—-")
    return title


def _progress(collection: Collection, today: datetime.date) -> dict[str, Any]:
    """How far the steps have got, for the summary above them: counts by status, and on
    `today` (the build date) how many of those with a target date are overdue."""
    entries = collection.entries
    counts = {status: sum(1 for e in entries if e.status == status) for status in ("done", "in progress", "planned")}
    with_target = [e for e in entries if e.target is not None]
    overdue = [e for e in with_target if e.status != "done" and e.target is not None and e.target < today]
    return {
        "counts": counts,
        "total": len(entries),
        "with_target": len(with_target),
        "overdue": len(overdue),
        "today": today,
    }


def _structured_data(site: SiteState, collection: Collection) -> Markup | None:
    """The list's schema.org Dataset description (JSON-LD), on the page of all its items."""
    dataset = site.datasets.get(collection.key)
    if dataset is None:
        return None
    years = list_years(collection)
    return Markup(
        dataset_structured_data(
            dataset, site.config, (years[0], years[-1]) if years else None, tuple(collection.themes.values())
        )
    )


def _view_name(view: ListView, theme_labels: Mapping[str, str]) -> str:
    """What a view shows, in words: "2021", "Drugs", "2021, Drugs"."""
    parts = []
    if view.year is not None:
        parts.append(str(view.year))
    if view.theme is not None:
        parts.append(theme_labels[view.theme])
    return ", ".join(parts)


def glossary_files(site: SiteState, glossary: Glossary) -> Files:
    (intro,) = site.markdown_for_page([(glossary.intro, glossary.file, glossary.intro_line)])
    yield site.write_page(
        glossary.path,
        "glossary.html",
        glossary.title,
        glossary.description,
        glossary.updated,
        source_file=glossary.file,
        glossary=glossary,
        intro=intro,
        download=site.download(glossary.key),
        structured_data=_glossary_structured_data(site, glossary),
    )


def _glossary_structured_data(site: SiteState, glossary: Glossary) -> Markup | None:
    dataset = site.datasets.get(glossary.key)
    return None if dataset is None else Markup(dataset_structured_data(dataset, site.config))
