"""The order of a render, and the pages that are not lists: Markdown pages, topics'
overviews, redirects from old addresses, the open data page, search, 404 and the feeds."""

from __future__ import annotations

import re
from functools import partial
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from ..markdown.results import ROOT_MARK
from ..model.build_date import build_date
from ..model.site_content import Page
from ..shape.list_views import all_views, filter_entries
from ..shape.open_data import as_json_ld, build_datasets, catalogue_description, dataset_description, dataset_files
from ..shape.search_index import (
    DOCS_PER_FILE,
    SearchIndex,
    build_search_index,
    content_records,
    search_record,
)
from . import a_to_z, list_pages
from .navigation import NavItem, contents_of
from .page_template import EARLY_SCRIPT

if TYPE_CHECKING:
    from .page_workers import PageWorkers
    from .site_state import Files, SiteState

FEED_ENTRIES = 50


def render_all(site: SiteState, workers: PageWorkers | None) -> Files:
    """Every file of the site but the big site's pages that `workers` make; the links are
    checked after (link_check.py), once every page is made."""
    site.analyse_all_markdown()
    for name, data in sorted(site.static_files.items()):
        if name != EARLY_SCRIPT:
            yield name, data
    datasets = build_datasets(site.content, site.markdown)
    for dataset in datasets:
        for path, data in dataset_files(dataset, site.config).items():
            site.note_size(path, len(data))
            yield path, data
    site.note_datasets(datasets)
    for path, name in site.content.attachments.items():  # Documents, published as they are.
        site.note_size(path, len(site.page_files[name]))
        yield path, site.page_files[name]
    for page in site.content.pages:
        yield from _page(site, page)
    site.note_where_links_point()
    for collection in site.content.collections.values():
        # Steps are overdue by the build date: the preview remakes them on a new day.
        day = build_date() if collection.kind == "steps" else None
        yield from site.unit(
            collection, partial(list_pages.list_files, site, collection), (site.ids_wanted_from(collection), day)
        )
    glossary = site.content.glossary
    if glossary is not None:
        yield from site.unit(
            glossary, partial(list_pages.glossary_files, site, glossary), site.ids_wanted_from(glossary)
        )
    if datasets:
        yield _data_page(site)
    if workers is not None:
        site.gather(workers)  # What follows lists every page.
    yield from _search(site)
    yield _not_found(site)
    for page in site.content.pages:
        yield from _redirects(site, page)
    yield from _feeds(site)


def _page(site: SiteState, page: Page) -> Files:
    if page.is_index:  # A home or topic page lists the others' descriptions: it is made afresh each time.
        yield from _page_files(site, page)
    else:
        yield from site.unit(page, partial(_page_files, site, page), site.ids_wanted_from(page))


def _page_files(site: SiteState, page: Page) -> Files:
    (body,) = site.markdown_for_page([(page.body, page.file, page.body_first_line)])
    yield site.write_page(
        page.path,
        "home.html" if page.path == "" else "page.html",
        page.title,
        site.description(page.description, page.body),
        page.updated,
        source_file=page.file,
        page=page,
        body=body,
        contents=_contents(site, page, str(body)) if page.is_index else (),
        **_about_the_site(site, page),
        # The sections the text links to are left out of the list, which then lists the others.
        contents_heading="Also on this site" if _linked_from(str(body)) & _paths(site, page) else "On this site",
    )


def _about_the_site(site: SiteState, page: Page) -> dict[str, Any]:
    """For the accessibility statement and the privacy notice: what the build knows of the site
    (templates/site_facts.html), and the problems the content checks found so far."""
    if page.kind not in ("accessibility-statement", "privacy-notice"):
        return {"facts": None, "known_issues": ()}
    return {"facts": site.facts, "known_issues": site.content_warnings()}


def _paths(site: SiteState, page: Page) -> set[str]:
    return {item.path for item in contents_of(site.content, page.path)} if page.is_index else set()


def _linked_from(body: str) -> set[str]:
    """The pages of this site the body links to ("strategy/"), without their #fragments."""
    return set(re.findall(r'href="' + re.escape(ROOT_MARK) + r'([^"#?]*)', body))


def _contents(site: SiteState, page: Page, body: str = "") -> list[dict[str, str]]:
    """What a home or topic page lists: title, address and summary of each of its items.
    Items its own text already links to are left out: each section is listed once."""
    listed = []
    linked = _linked_from(body)
    for item in contents_of(site.content, page.path):
        if item.path in linked:
            continue
        summary = item.description if item.description else site.description(None, getattr(item, "body", ""))
        title = item.title if page.path else (item.nav_title or item.title)
        listed.append({"title": title, "path": item.path, "description": summary})
    return listed


def _redirects(site: SiteState, page: Page) -> Files:
    """A small page at each old address of a page, leading readers (and search engines) to it."""
    for alias in page.aliases:
        path = alias.strip("/") + "/"
        root = site.root_of(path)
        html = site.environment.get_template("redirect.html").render(
            site=site.config,
            csp=site.csp,
            target=root + page.path,
            canonical=site.config.base_url + page.path,
            title=page.title,
        )
        yield path + "index.html", html.encode("utf-8")


def _data_page(site: SiteState) -> tuple[str, bytes]:
    datasets = list(site.datasets.values())
    updated = max(d.updated for d in datasets)
    title = "Open data"
    descriptions = []
    for dataset in datasets:
        descriptions.append(dataset_description(dataset, site.config))
    catalogue = catalogue_description(datasets, site.config, f"{title}: {site.config.title}", "data/", descriptions)
    return site.write_page(
        "data/",
        "data.html",
        title,
        "Every list on this site as open data: CSV and JSON files "
        "with a description of each field, free to reuse under the " + site.config.licence.name + ".",
        updated,
        datasets=[site.download(d.key) for d in datasets],
        structured_data=Markup(as_json_ld(catalogue)),
    )


def _page_search_record(site: SiteState, page: Page) -> bytes:
    return search_record(page.title, page.path, site.markdown.plain_text(page.body), "", site.search_glossary)


def _search_index(site: SiteState, records: tuple[bytes, ...]) -> SearchIndex:
    content = site.content
    every = [*records, *content_records(content, site.markdown.plain_text)]
    return build_search_index(every, site.search_glossary, site.reused)


def _search(site: SiteState) -> Files:
    for page in site.content.pages:
        record = site.reused(
            ("search record", page.title, page.path, page.body, site.search_glossary),
            partial(_page_search_record, site, page),
        )
        site.note_search_record(page.file, record)
    records = tuple(site.search_records[file] for file in sorted(site.search_records))
    # Made every build: the preview keeps each record's reading and each word's entry instead
    # (see _search_index), which a save of one page mostly reuses. Keeping the whole index as
    # well would let those parts go whenever it was reused whole.
    index = _search_index(site, records)
    site.forget_search_records()  # Each page's text, held twice until now: a big site's largest part.
    del records
    for path, data in index.files.items():
        site.note_size(path, len(data))
        yield path, data
    # Without JavaScript the page lists the menu and the footer's pages, and links to the A to Z.
    statement = site.site_links["statement"]
    extra = ([statement] if statement is not None else []) + ["data/"]
    extra += [link.url.lstrip("/") for link in site.config.footer_links if link.url.startswith("/")]
    pages = [*site.nav, *(NavItem(site.page_titles[p], p) for p in extra if p in site.page_titles)]
    yield site.write_page(
        "search/",
        "search.html",
        "Search",
        "Search every page, entry and term on this site, in your browser.",
        None,
        pages=pages,
        search_folder=index.folder,
        search_per_file=DOCS_PER_FILE,
    )
    yield a_to_z.a_to_z_page(site)


def _not_found(site: SiteState) -> tuple[str, bytes]:
    return site.write_page("404.html", "404.html", "Page not found", "The page you asked for is not here.", None)


def _feeds(site: SiteState) -> Files:
    key = (
        "feeds",
        tuple(site.page_titles.items()),
        tuple(site.page_descriptions.items()),
        tuple(site.page_dates.items()),
        site.unchanging,
    )
    yield from site.reused(key, lambda: list(_feed_files(site)))


def _feed_files(site: SiteState) -> Files:
    # A list's filtered views repeat the list: the feed and sitemap list real pages only.
    views = {
        path
        for collection in site.content.collections.values()
        for path in site.page_titles
        if path.startswith(collection.path) and path != collection.path
    }
    listed = [p for p in site.page_dates if p not in views]
    # Views with nothing in them ("No entries match this choice") are marked noindex and left out.
    empty = {
        view.path
        for collection in site.content.collections.values()
        if collection.has_filter
        for view in all_views(collection)
        if not filter_entries(collection.entries, view.year, view.theme, collection.financial_years)
    }
    listed.sort(key=lambda p: (p != "", p))
    updated = max(site.page_dates.values())
    # The newest updates: a feed is read for what changed, and stays small on big sites.
    feed_entries = sorted(listed, key=lambda p: (site.page_dates[p], p), reverse=True)[:FEED_ENTRIES]
    context: dict[str, Any] = dict(
        site=site.config,
        updated=updated,
        titles=site.page_titles,
        descriptions=site.page_descriptions,
        dates=site.page_dates,
    )
    for name, template, pages in (
        ("feed.xml", "feed.xml", feed_entries),
        ("sitemap.xml", "sitemap.xml", [p for p in site.page_titles if p != "404.html" and p not in empty]),
        ("robots.txt", "robots.txt", []),
        ("_headers", "_headers", []),
    ):
        text = site.environment.get_template(template).render(pages=pages, csp=site.csp, **context)
        yield name, text.encode("utf-8")
