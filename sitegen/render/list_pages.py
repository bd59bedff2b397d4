"""The pages of a list (one per filter view) and of the glossary."""

from __future__ import annotations

import datetime
import re
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from ..markdown.results import ROOT_MARK
from ..model.build_date import build_date
from ..model.fields import money_text
from ..model.periods import PeriodError, parse_period
from ..model.site_content import Collection, Entry, Glossary
from ..shape.list_views import ListView, all_views, entry_years, filter_entries, list_years, year_label, year_token
from ..shape.open_data import dataset_structured_data

if TYPE_CHECKING:
    from .site_state import Files, SiteState


def list_files(site: SiteState, collection: Collection) -> Files:
    """Every view of a list: all items, then each year, theme and pair its filter offers."""
    years = list_years(collection)
    themes = [{"slug": slug, "label": label} for slug, label in collection.themes.items()]
    download = site.download(collection.key)
    financial = collection.financial_years
    years_of = {
        entry.id: [year_token(y, financial) for y in entry_years(entry, years, financial)]
        for entry in collection.entries
    }
    year_labels = {year: (year_token(year, financial), year_label(year, financial)) for year in years}
    today = build_date() if collection.kind == "steps" else None
    statuses = _progress(collection, today) if today is not None else None
    # An item's <li> is the same in every view that shows it (its links use ROOT_MARK, made
    # relative per page by render_page) unless its <abbr> marking differs: render each
    # (item, body) once with the macro, not once per view (11 times per item on average).
    macro = getattr(site.environment.get_template("macros.html").module, "list_item")  # noqa: B009 - a macro: its name is not known to mypy
    items: dict[tuple[str, str, tuple[str, ...]], str] = {}
    markdown_fields = [field.name for field in collection.fields if field.type == "markdown"]

    def item(entry: Entry, body: Markup, more: list[Markup]) -> str:
        key = (entry.id, body, tuple(more))
        if key not in items:
            rendered = dict(zip([n for n in markdown_fields if entry.values.get(n)], more, strict=True))
            # `rendered` by name, and only when given: a theme overriding list_item from before
            # fields had them (tests/test_upgrade.py) keeps working.
            more_args = {"rendered": rendered} if rendered else {}
            shown = macro(
                collection, entry, body, years_of[entry.id], ROOT_MARK, today, site.config.base_url, **more_args
            )
            items[key] = f"  {shown}\n"
        return items[key]

    views = all_views(collection) if collection.has_filter else [ListView(collection.path, financial=financial)]
    headings = ViewHeadings(collection.title, collection.nav_title)
    for view in views:
        entries = filter_entries(collection.entries, view.year, view.theme, financial)
        # Each view marks first uses itself: the first item shown differs between views.
        texts = [(collection.intro, collection.file, collection.intro_line)]
        for entry in entries:  # Its text, then its Markdown fields'.
            texts.append((entry.text, collection.file, entry.text_line))
            texts += [(entry.values[n], collection.file, 0) for n in markdown_fields if entry.values.get(n)]
        rendered = site.markdown_for_page(texts)
        items_html, at = [], 1
        for entry in entries:
            count = 1 + sum(1 for n in markdown_fields if entry.values.get(n))
            items_html.append(item(entry, rendered[at], rendered[at + 1 : at + count]))
            at += count
        theme_label = collection.themes[view.theme] if view.theme else None
        view_name = headings.view_name(view.year_label or None, theme_label)
        heading = headings.of(view.year_label or None, theme_label)
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
            items_html=Markup("".join(items_html)),
            sum_text=_sum_text(collection),
            years=years,
            year_labels=year_labels,
            themes=themes,
            download=download,
            statuses=statuses,
            heading_all=headings.of(None, None),
            heading_short=headings.short,
            reviewed_once=collection.reviewed,
            structured_data=_structured_data(site, collection) if view.is_all else None,
            noindex=not entries,  # "No entries match this choice": kept for the filter, not for search engines
        )


class ViewHeadings:
    """What each view of a list is called, in its <h1>, its <title> and its count: the same
    words in all three, led by the name the menu gives the list, so a reader who chose
    "Timeline" reads "Timeline: What we did (2018/23)", then "Timeline: 2021",
    "Timeline: drugs" and "Timeline: drugs, 2021" (the count: "3 entries for drugs, 2021").
    Without a menu name, the title without a period that closes it ("Work in the region").
    list-filter.js builds the same headings from `short` when a reader filters without a
    page load."""

    def __init__(self, title: str, nav_title: str | None = None):
        self.title = title
        self.short = nav_title or title_without_period(title)

    def of(self, year: int | str | None, theme_label: str | None) -> str:
        """`year` as readers see it: 2021, or "2023/24" for a financial year."""
        name = self.view_name(year, theme_label)
        if name:
            return f"{self.short}: {name}"
        return self.title if self.short.lower() in self.title.lower() else f"{self.short}: {self.title}"

    @staticmethod
    def view_name(year: int | str | None, theme_label: str | None) -> str:
        """What a view shows, in words: "2021", "drugs", "drugs, 2021", "drugs, 2023/24"."""
        parts = [] if theme_label is None else [in_a_sentence(theme_label)]
        return ", ".join(parts + ([] if year is None else [str(year)]))


def in_a_sentence(label: str) -> str:
    """A theme's label as it reads inside a sentence: "Drugs" -> "drugs"; "CSE" stays."""
    return label[0].lower() + label[1:] if len(label) > 1 and label[1].islower() else label


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
    """How far the steps have got, for the summary above them: counts by status (only the
    statuses the content gives: a step without one is counted as nothing), and on `today`
    (the build date) how many of those with a target date and a status other than done are
    overdue. `shown` is false when no step has a status or a target: then nothing is said."""
    entries = collection.entries
    counts = {status: sum(1 for e in entries if e.status == status) for status in ("done", "in progress", "planned")}
    given = sum(counts.values())
    with_target = [e for e in entries if e.target is not None]
    overdue = [e for e in with_target if e.status not in (None, "done") and e.target is not None and e.target < today]
    return {
        "counts": counts,
        "given": given,
        "given_words": ", ".join(f"{number} {status}" for status, number in counts.items() if number),
        "shown": bool(given or with_target),
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
    return Markup(dataset_structured_data(dataset, site.config))


def _sum_text(collection: Collection) -> str:
    """ "All 4 payments: £22,520.50 in total." under every view (the JavaScript filter keeps the
    page's items but not a sum of them, so the sum is always of the whole list)."""
    total = collection.total_of()
    if total is None:
        return ""
    field = next(f for f in collection.fields if f.name == collection.total)
    shown = money_text(total) if field.type == "money" else f"{total:,}"
    published = sum(1 for entry in collection.entries if not entry.draft)
    return f"{field.label} of all {collection.items.count(published)}: {shown} in total."


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
