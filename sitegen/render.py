"""Render the whole site in memory: content in, `(output path, bytes)` pairs out.

Nothing here touches the disk: templates and static files arrive as text, so a
failed render can never leave half a site behind (the writer only commits once
every page has rendered and every internal link resolves). The one exception is
a big site's pages, which the page workers write through the writer's function
they are given (see page_workers.py), into the same staging folder.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import re
import sys
from functools import lru_cache, partial
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Mapping

import jinja2
from markupsafe import Markup

from .content import Collection, Glossary, Page, SiteContent
from .errors import Problem
from .markdown import ROOT_MARK, InternalLink, MarkdownRenderer, RenderedMarkdown
from .page_workers import PageFacts, PageWorkers
from .search import build_search_index, search_record
from .template_problems import TemplateFiles
from .source import SourceFile, decode_source
from .opendata import Dataset, build_datasets, dataset_files, human_size
from .timeline import TimelineView, all_views, entry_years, filter_entries, timeline_years

EARLY_SCRIPT = "static/js/settings-early.js"
FEED_ENTRIES = 50
_ID_ATTRIBUTE = re.compile(r'\sid="([^"]+)"')


@dataclass
class RenderReport:
    """Problems found while rendering; the build fails if `errors` is not empty."""

    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    written_by_workers: int = 0  # pages the page workers wrote straight into the output

    def add(self, problems: tuple[Problem, ...] | list[Problem]) -> None:
        for problem in problems:
            (self.warnings if problem.is_warning else self.errors).append(problem)


@dataclass(frozen=True)
class NavItem:
    title: str
    path: str


@dataclass(frozen=True)
class Theme:
    slug: str
    label: str


def make_environment(templates: Mapping[str, str],
                     compiled: jinja2.BytecodeCache | None = None) -> jinja2.Environment:
    """A Jinja environment over templates held in memory: autoescaped, strict about typos.

    Compiling the templates costs more than rendering a small site, so the preview reuses
    the environment while the templates' text is unchanged, and a build can be given a
    cache of compiled templates kept between runs (`template_cache.user_cache()`).
    """
    return _environment_for(tuple(sorted(templates.items())), compiled)


@lru_cache(maxsize=2)
def _environment_for(templates: tuple[tuple[str, str], ...], compiled: jinja2.BytecodeCache | None
                     ) -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=TemplateFiles(dict(templates)),  # Named templates/NAME in errors (see template_problems).
        bytecode_cache=compiled,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["long_date"] = lambda d: f"{d.day} {d:%B %Y}"
    environment.filters["kb"] = human_size
    return environment


@lru_cache(maxsize=1)
def _markdown_renderer(glossary_titles: tuple[tuple[str, str], ...], base_url: str) -> MarkdownRenderer:
    """One renderer while the glossary and address stay the same, so the preview re-parses
    only the texts that changed (its cache is keyed by each text and where it came from)."""
    return MarkdownRenderer(dict(glossary_titles), base_url)


# Pages rendered by the previous build, keyed by everything that goes into them. The preview
# rebuilds after every save; a page whose inputs did not change is taken from here.
_previous_pages: dict[Any, tuple[str, bytes, frozenset[str]]] = {}
_previous_unchanging: list[Any] = [None]
# Other parts of the previous build (search records, the index, feeds), by their inputs.
_previous_parts: dict[Any, Any] = {}


class _Same:
    """A key part equal only to the very same object: for content the loader reused unchanged.

    It holds the object, so the object's id cannot be taken by another while the key exists."""

    __slots__ = ("value",)

    def __init__(self, value: Any):
        self.value = value

    def __hash__(self) -> int:
        return id(self.value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Same) and other.value is self.value


def _freeze(value: Any, digests: dict[int, Any]) -> Any:
    """A hashable stand-in for a template context value (a digest for big unhashable ones)."""
    if isinstance(value, dict):
        items = tuple(value.items())
        try:
            hash(items)  # Most pages' contexts hold only hashable values: no need to look inside.
            return items
        except TypeError:
            return tuple((k, _freeze(v, digests)) for k, v in items)
    if isinstance(value, (list, tuple)):
        return tuple(_freeze(v, digests) for v in value)
    try:
        hash(value)
        return value
    except TypeError:
        if id(value) not in digests:  # Each big object (a whole collection) is digested once a build.
            digests[id(value)] = (type(value).__name__, hashlib.blake2b(repr(value).encode()).digest())
        return digests[id(value)]


class _HashedOnce:
    """A key part shared by every page of a build: hashed once, not once per page."""

    __slots__ = ("value", "hash")

    def __init__(self, *value: Any):
        self.value = value
        self.hash = hash(value)

    def __hash__(self) -> int:
        return self.hash

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _HashedOnce) and self.hash == other.hash and self.value == other.value


def content_security_policy(inline_script: str) -> str:
    """A strict policy: only this site's files, and the one inline script, by its hash."""
    digest = base64.b64encode(hashlib.sha256(inline_script.encode("utf-8")).digest()).decode()
    return (
        "default-src 'none'; "
        f"script-src 'self' 'sha256-{digest}'; "
        "style-src 'self'; img-src 'self'; connect-src 'self'; manifest-src 'self'; "
        "base-uri 'none'; form-action 'self'"
    )


def render_site(
    content: SiteContent,
    templates: Mapping[str, str],
    static_files: Mapping[str, bytes],
    report: RenderReport,
    *,
    remember: bool = False,
    compiled: jinja2.BytecodeCache | None = None,
    page_files: Mapping[str, bytes] | None = None,
    write_page: Callable[[str, bytes], None] | None = None,
) -> Iterator[tuple[str, bytes]]:
    """Yield every output file. Problems go into `report`; check it before publishing.

    remember: keep this build's pages so the next build (the preview's) can reuse them.
    compiled: a cache of compiled templates (see `template_cache`).
    page_files, write_page: where the page workers read `content.deferred_pages` from and
    write them to (big sites, see `page_workers`); those pages are not yielded.
    """
    renderer = SiteRenderer(content, templates, static_files, report, remember=remember, compiled=compiled)
    yield from renderer.render(page_files, write_page)


class SiteRenderer:
    def __init__(self, content, templates, static_files, report, remember=False, compiled=None):
        self.content: SiteContent = content
        self.config = content.config
        self.static_files: Mapping[str, bytes] = static_files
        self.report: RenderReport = report
        self.environment = make_environment(templates, compiled)
        self.markdown = _markdown_renderer(tuple(content.glossary.abbr_titles().items()), self.config.base_url)
        if self.markdown.render.cache_info().currsize > 100_000:  # A long preview session: start afresh.
            self.markdown.render.cache_clear()
        self.all_terms = frozenset(term for term, title in content.glossary.abbr_titles().items() if title)
        self.settings_panel = Markup(self.environment.get_template("settings_panel.html").render())
        early = static_files.get(EARLY_SCRIPT, b"").decode("utf-8").strip()
        self.early_script = Markup(early)  # Our own file, not content: safe to inline.
        self.csp = Markup(content_security_policy(early))  # Fixed text of our own: no escaping needed.
        self.nav = self._navigation()
        self.ids_by_path: dict[str, tuple[str, ...]] = {}
        self.paths_by_file: dict[str, set[str]] = {}
        self.links: list[InternalLink] = []
        self.page_dates: dict[str, datetime.date] = {}
        self.page_titles: dict[str, str] = {}
        self.page_descriptions: dict[str, str] = {}
        self.pages_now: dict[Any, tuple[str, bytes, frozenset[str]]] = {}
        self.parts_now: dict[Any, Any] = {}
        self.digests: dict[int, Any] = {}
        self.remember = remember
        self.search_records: dict[str, bytes] = {}  # by page file
        self.menus: dict[Any, Markup] = {}  # see _main_nav
        self._recording: list[tuple[Any, ...]] | None = None  # see _unit
        # Page workers can't know yet which pages links point into: they collect every page's ids.
        self.collect_all_ids = bool(content.deferred_pages)
        unchanging = _HashedOnce(tuple(sorted(templates.items())), self.config, tuple(self.nav), str(self.csp),
                                 str(self.early_script))
        # The same object as last build's when equal, so each page's key compares by identity.
        self.unchanging = _previous_unchanging[0] if _previous_unchanging[0] == unchanging else unchanging
        _previous_unchanging[0] = self.unchanging

    # --- the pipeline -------------------------------------------------------------------
    def render(self, page_files: Mapping[str, bytes] | None = None,
               write_page: Callable[[str, bytes], None] | None = None) -> Iterator[tuple[str, bytes]]:
        workers = None
        self.page_files: Mapping[str, bytes] = page_files or {}
        try:
            if self.content.deferred_pages:
                assert page_files is not None and write_page is not None, "deferred pages need a source and a writer"
                # Started first: this process renders the rest of the site while they work.
                workers = self._start_page_workers(page_files, write_page)
            yield from self._render_all(workers)
        finally:
            if workers is not None:
                workers.close()

    def _render_all(self, workers: PageWorkers | None) -> Iterator[tuple[str, bytes]]:
        self._analyse_all_markdown()
        for name, data in sorted(self.static_files.items()):
            if name != EARLY_SCRIPT:
                yield name, data
        datasets = build_datasets(self.content, self.markdown)
        sizes: dict[str, int] = {}
        for dataset in datasets:
            for path, data in dataset_files(
                dataset, self.config.licence.name, self.config.licence.url, self.config.base_url
            ).items():
                sizes[path] = len(data)
                yield path, data
        self.datasets = {dataset.key: dataset for dataset in datasets}
        self.sizes = sizes
        yield from self._pages()
        self._note_where_links_point()
        for collection in self.content.collections.values():
            make = self._timeline if collection.key == "timeline" else self._collection
            yield from self._unit(collection, partial(make, collection), self._ids_wanted_from(collection))
        yield from self._unit(self.content.glossary, self._glossary, self._ids_wanted_from(self.content.glossary))
        yield from self._data_page(datasets)
        if workers is not None:
            self._gather(workers)  # What follows lists every page.
        yield from self._search()
        yield from self._not_found()
        yield from self._feeds()
        self._check_links()
        global _previous_pages, _previous_parts
        _previous_pages = self.pages_now if self.remember else {}
        _previous_parts = self.parts_now if self.remember else {}

    def _pages(self) -> Iterator[tuple[str, bytes]]:
        for page in self.content.pages:
            yield from self._page(page)

    def _start_page_workers(self, page_files: Mapping[str, bytes], write_page: Callable[[str, bytes], None]
                            ) -> PageWorkers:
        # Compiled here, once, so that the workers share the compiled templates.
        for name in self.environment.list_templates():
            self.environment.get_template(name)
        return PageWorkers(self, self.content.deferred_pages, page_files, write_page)

    def _gather(self, workers: PageWorkers) -> None:
        """Take in what the page workers learnt about their pages."""
        facts: list[PageFacts] = []
        for batch in workers.batches():
            self.report.add(batch.problems)
            self.links.extend(batch.links)
            self.report.written_by_workers += batch.written
            facts.extend(batch.facts)
        for fact in facts:
            self._note_page(fact.path, fact.title, fact.description, fact.updated, fact.file,
                            tuple(map(sys.intern, fact.ids)))
            self.search_records[fact.file] = fact.search_record
        # Every list of pages (sitemap, feed, search) as a small site has it: the pages in file
        # order first, then the other pages in the order they were made.
        pages = [(page.file, page.path) for page in self.content.pages] + [(f.file, f.path) for f in facts]
        order = [path for _, path in sorted(pages)]
        placed = set(order)
        order += [path for path in self.page_titles if path not in placed]
        self.page_titles = {path: self.page_titles[path] for path in order}
        self.page_descriptions = {path: self.page_descriptions[path] for path in order}
        self.page_dates = {path: self.page_dates[path] for path in order if path in self.page_dates}

    def page_alone(self, page: Page) -> tuple[str, bytes, PageFacts, RenderedMarkdown]:
        """In a page worker: one page's file and its facts, keeping nothing in memory.

        The same bytes as `_page` writes: a page with one text marks every term on first use.
        """
        rendered = self.markdown.render_once(page.body, page.file, page.body_first_line, self.all_terms)
        description = self._description(page.description, summary=rendered.summary)
        output, data, ids = self._render_page(
            page.path, "page.html", page.title, description, page.updated, "../" * page.path.count("/"), True,
            dict(page=page, body=Markup(rendered.html), sections=()),
        )
        record = search_record(page.title, page.path, rendered.plain)
        return output, data, PageFacts(page.file, page.path, page.title, description, page.updated, ids, record), \
            rendered

    def _analyse_all_markdown(self) -> None:
        """Render each text once to find its problems and links; pages reuse the cache."""
        # Pages rendered by page workers (content.deferred_pages) are analysed there.
        texts = [(p.body, p.file, p.body_first_line) for p in self.content.pages]
        for collection in self.content.collections.values():
            texts.append((collection.intro, collection.file, collection.intro_line))
            texts.extend((entry.text, collection.file, entry.text_line) for entry in collection.entries)
        glossary = self.content.glossary
        texts.append((glossary.intro, glossary.file, glossary.intro_line))
        for text, file, line in texts:
            # Marking every term, as the first text of a page does, so pages reuse this render.
            rendered = self.markdown.render(text, file, line, self.all_terms)
            self.report.add(rendered.problems)
            self.links.extend(rendered.links)
        self._note_where_links_point()

    def _note_where_links_point(self) -> None:
        """Only pages that a link points into need their element ids collected."""
        self.needs_ids = {link.path or "" for link in self.links if link.fragment}
        self.files_needing_ids = {link.file for link in self.links if link.fragment and link.path is None}

    # --- helpers shared by every page ---------------------------------------------------
    def _reused(self, key: Any, compute: Callable[[], Any]) -> Any:
        """compute(); in the preview, the previous build's value when its inputs (key) are equal."""
        if not self.remember:
            return compute()
        value = _previous_parts[key] if key in _previous_parts else compute()
        self.parts_now[key] = value
        return value

    def _navigation(self) -> list[NavItem]:
        items: list[tuple[int, str, NavItem]] = []
        sources: list[Any] = [*self.content.pages, *self.content.collections.values(), self.content.glossary]
        for source in sources:
            if source.nav_order is not None:
                items.append((source.nav_order, source.path, NavItem(source.nav_title or source.title, source.path)))
        return [item for _, _, item in sorted(items, key=lambda i: (i[0], i[1]))]

    def _markdown_for_page(self, texts: list[tuple[str, str, int]]) -> list[Markup]:
        """Render a page's texts in order, marking the first use of each term with <abbr>."""
        seen: frozenset[str] = frozenset()
        html = []
        for text, file, line in texts:
            # The analysis render marked every term; reuse it when none was seen earlier on the page.
            rendered: RenderedMarkdown = self.markdown.render(text, file, line, self.all_terms)
            to_mark = rendered.terms_used - seen
            if to_mark != rendered.terms_used:
                rendered = self.markdown.render(text, file, line, frozenset(to_mark))
            seen |= rendered.terms_used
            html.append(Markup(rendered.html))
        return html

    def _unit(self, source: Page | Collection | Glossary, make: Callable[[], Iterator[tuple[str, bytes]]],
              which_ids: Any) -> Iterator[tuple[str, bytes]]:
        """The pages made from one file's page, list or glossary (the timeline's 78 views, say).

        In the preview: the last build's pages when the source (the very object the loader
        reused for an unchanged file), glossary, templates and menu are the same, and so is
        `which_ids`, what decides which of these pages must collect their element ids.
        """
        if not self.remember:
            yield from make()
            return
        key = ("unit", _Same(source), _Same(self.markdown), self.unchanging, which_ids)
        kept = _previous_parts.get(key)
        if kept is None:
            self._recording = []
            try:
                kept = (list(make()), self._recording)
            finally:
                self._recording = None
        else:
            for noted in kept[1]:
                self._note_page(*noted)
        self.parts_now[key] = kept
        yield from kept[0]

    def _ids_wanted_from(self, source: Collection | Glossary) -> Any:
        """What decides which pages of a list or the glossary collect their element ids."""
        wanted = frozenset(p for p in self.needs_ids if p.startswith(source.path))
        return self.collect_all_ids, source.file in self.files_needing_ids, wanted

    def _note_page(self, path: str, title: str, description: str, updated: datetime.date | None,
                   source_file: str, ids: tuple[str, ...]) -> None:
        """What the feed, sitemap, search page and link checks need to know of a page made."""
        self.page_titles[path], self.page_descriptions[path] = title, description
        if updated:
            self.page_dates[path] = updated
        self.ids_by_path[path] = ids
        self.paths_by_file.setdefault(source_file, set()).add(path)
        if self._recording is not None:
            self._recording.append((path, title, description, updated, source_file, ids))

    def _write_page(self, path: str, template: str, title: str, description: str,
                    updated: datetime.date | None, source_file: str = "", **context: Any) -> tuple[str, bytes]:
        """A page's output path and bytes; the preview reuses the last build's page when
        everything that goes into it is equal."""
        depth = path.count("/")
        root = "../" * depth if path != "404.html" else self._base_path()
        collect_ids = self.collect_all_ids or path in self.needs_ids or source_file in self.files_needing_ids
        cached = key = None
        if self.remember or _previous_pages:  # Only the preview keeps pages: a build skips the key.
            key = (template, path, title, description, updated, collect_ids, _freeze(context, self.digests),
                   self.unchanging)
            cached = _previous_pages.get(key)
        if cached is None:
            cached = self._render_page(path, template, title, description, updated, root, collect_ids, context)
        if self.remember:
            self.pages_now[key] = cached
        self._note_page(path, title, description, updated, source_file, cached[2])
        return cached[0], cached[1]

    def _render_page(self, path, template, title, description, updated, root, collect_ids, context):
        html = self.environment.get_template(template).render(
            site=self.config,
            nav=self.nav,
            path=path,
            root=root,
            title=title,
            description=description,
            updated=updated,
            canonical=self.config.base_url + (path if path != "404.html" else ""),
            main_nav=self._main_nav(path, root),
            csp=self.csp,
            early_script=self.early_script,
            settings_panel=self.settings_panel,
            **context,
        )
        html = html.replace(f'"{ROOT_MARK}', f'"{root}')
        # A tuple of interned ids: a tenth of a set's memory; searched only for #fragment links.
        ids = tuple(dict.fromkeys(map(sys.intern, _ID_ATTRIBUTE.findall(html)))) if collect_ids else ()
        output = path + "index.html" if path.endswith("/") or path == "" else path
        return output, html.encode("utf-8"), ids

    def _main_nav(self, path: str, root: str) -> Markup:
        """The menu, which differs between pages only in the item marked current and in `root`:
        rendered once for each such difference (a big site's pages mostly share one)."""
        current = tuple((item.path == path, bool(item.path) and path.startswith(item.path)) for item in self.nav)
        key = (current, root)
        if key not in self.menus:
            macro = self.environment.get_template("macros.html").module.main_nav
            self.menus[key] = Markup(macro(self.nav, path, root))
        return self.menus[key]

    def _base_path(self) -> str:
        return "/" + self.config.base_url.split("://", 1)[1].partition("/")[2]

    def _description(self, given: str | None, body: str = "", summary: str | None = None) -> str:
        if given:
            return given
        text = self.markdown.summary(body) if summary is None else summary
        return text[:157] + "…" if len(text) > 160 else text or self.config.description

    def _download(self, key: str) -> dict[str, Any] | None:
        dataset = self.datasets.get(key)
        if dataset is None:
            return None
        # Plain values only, so that pages showing them can be reused by the next build.
        return {
            "key": dataset.key, "title": dataset.title, "description": dataset.description,
            "page_path": dataset.page_path, "updated": dataset.updated, "rows": len(dataset.rows),
            "csv_path": dataset.csv_path, "json_path": dataset.json_path, "schema_path": dataset.schema_path,
            "csv_size": human_size(self.sizes[dataset.csv_path]),
            "json_size": human_size(self.sizes[dataset.json_path]),
        }

    # --- each kind of page --------------------------------------------------------------
    def _page(self, page: Page) -> Iterator[tuple[str, bytes]]:
        if page.slug:  # The home page lists the others' descriptions: it is made afresh each time.
            collect_ids = self.collect_all_ids or page.path in self.needs_ids or page.file in self.files_needing_ids
            yield from self._unit(page, partial(self._page_files, page), collect_ids)
        else:
            yield from self._page_files(page)

    def _page_files(self, page: Page) -> Iterator[tuple[str, bytes]]:
        (body,) = self._markdown_for_page([(page.body, page.file, page.body_first_line)])
        template = "home.html" if page.slug == "" else "page.html"
        yield self._write_page(
            page.path, template, page.title, self._description(page.description, page.body), page.updated,
            source_file=page.file, page=page, body=body,
            sections=self._home_sections() if page.slug == "" else (),
        )

    def _home_sections(self) -> list[dict[str, str]]:
        sections = []
        for item in self.nav:
            if item.path == "":
                continue
            sections.append({"title": item.title, "path": item.path,
                             "description": self.page_descriptions.get(item.path) or self._described(item.path)})
        return sections

    def _described(self, path: str) -> str:
        for collection in self.content.collections.values():
            if collection.path == path:
                return collection.description
        if path == self.content.glossary.path:
            return self.content.glossary.description
        for page in self.content.pages:
            if page.path == path:
                return self._description(page.description, page.body)
        return ""

    def _entries_html(self, collection: Collection, intro: bool = True) -> tuple[Markup, dict[str, Markup]]:
        texts = ([(collection.intro, collection.file, collection.intro_line)] if intro else []) + [
            (entry.text, collection.file, entry.text_line) for entry in collection.entries
        ]
        rendered = self._markdown_for_page(texts)
        intro_html = rendered[0] if intro else Markup("")
        bodies = rendered[1:] if intro else rendered
        return intro_html, {entry.id: html for entry, html in zip(collection.entries, bodies)}

    def _collection(self, collection: Collection) -> Iterator[tuple[str, bytes]]:
        intro, bodies = self._entries_html(collection)
        statuses = {status: sum(1 for e in collection.entries if e.status == status)
                    for status in ("done", "in progress", "planned")}
        yield self._write_page(
            collection.path, "collection.html", collection.title, collection.description, collection.updated,
            source_file=collection.file, collection=collection, intro=intro, bodies=bodies,
            download=self._download(collection.key),
            statuses=statuses if collection.key == "next-steps" else None,
        )

    def _timeline(self, timeline: Collection) -> Iterator[tuple[str, bytes]]:
        years = timeline_years(timeline)
        themes = [Theme(slug, label) for slug, label in timeline.themes.items()]
        theme_labels = dict(timeline.themes)
        download = self._download(timeline.key)
        years_of = {entry.id: entry_years(entry, years) for entry in timeline.entries}
        # An entry's <li> is the same in every view that shows it (its links use ROOT_MARK, made
        # relative per page by _render_page) unless its <abbr> marking differs: render each
        # (entry, body) once with the macro, not once per view (11 times per entry on average).
        timeline_entry = self.environment.get_template("macros.html").module.timeline_entry
        items: dict[tuple[str, str], str] = {}

        def item(entry, body: Markup) -> str:
            key = (entry.id, body)
            if key not in items:
                items[key] = f"  {timeline_entry(entry, body, years_of[entry.id], ROOT_MARK, timeline.themes)}\n"
            return items[key]

        for view in all_views(timeline):
            entries = filter_entries(timeline.entries, view.year, view.theme)
            # Each view marks first uses itself: the first entry shown differs between views.
            texts = [(timeline.intro, timeline.file, timeline.intro_line)] + [
                (entry.text, timeline.file, entry.text_line) for entry in entries
            ]
            rendered = self._markdown_for_page(texts)
            title = timeline.title
            view_name = _view_name(view, theme_labels)
            page_title = f"{view_name} – {title}" if view_name else title
            yield self._write_page(
                view.path, "timeline.html", page_title, timeline.description, timeline.updated,
                source_file=timeline.file, collection=timeline, view=view, view_name=view_name, entries=entries,
                total=len(timeline.entries), intro=rendered[0],
                entries_html=Markup("".join(item(entry, html) for entry, html in zip(entries, rendered[1:]))),
                years=years, themes=themes, heading=title,
                download=download,
            )

    def _glossary(self) -> Iterator[tuple[str, bytes]]:
        glossary = self.content.glossary
        (intro,) = self._markdown_for_page([(glossary.intro, glossary.file, glossary.intro_line)])
        yield self._write_page(
            glossary.path, "glossary.html", glossary.title, glossary.description, glossary.updated,
            source_file=glossary.file, glossary=glossary, intro=intro, download=self._download("glossary"),
        )

    def _data_page(self, datasets: list[Dataset]) -> Iterator[tuple[str, bytes]]:
        updated = max(datetime.date.fromisoformat(d.updated) for d in datasets)
        yield self._write_page(
            "data/", "data.html", "Open data", "Every list on this site as open data: CSV and JSON files "
            "with a description of each field, free to reuse under the " + self.config.licence.name + ".",
            updated, datasets=[self._download(d.key) for d in datasets],
        )

    def _search(self) -> Iterator[tuple[str, bytes]]:
        for page in self.content.pages:
            self.search_records[page.file] = self._reused(
                ("search record", page.title, page.path, page.body),
                lambda page=page: search_record(page.title, page.path, self.markdown.plain_text(page.body)))
        records = tuple(self.search_records[file] for file in sorted(self.search_records))
        content = self.content
        index = self._reused(
            ("search index", records, tuple(map(_Same, content.collections.values())), _Same(content.glossary)),
            lambda: build_search_index(records, content, self.markdown.plain_text))
        self.sizes["data/search-index.json"] = len(index)
        self.search_records.clear()  # Each page's text, held twice until now: a big site's largest part.
        del records
        yield "data/search-index.json", index
        del index
        # Without JavaScript the page lists the menu and the footer's pages, not every page:
        # on a site of thousands of pages that list alone would outweigh the page budget.
        extra = [NavItem(self.page_titles[p], p) for p in ("accessibility/", "data/") if p in self.page_titles]
        pages = [*self.nav, *extra]
        yield self._write_page("search/", "search.html", "Search", "Search every page, entry and term on this "
                               "site, in your browser.", None, pages=pages)

    def _not_found(self) -> Iterator[tuple[str, bytes]]:
        yield self._write_page("404.html", "404.html", "Page not found", "The page you asked for is not here.", None)

    def _feeds(self) -> Iterator[tuple[str, bytes]]:
        key = ("feeds", tuple(self.page_titles.items()), tuple(self.page_descriptions.items()),
               tuple(self.page_dates.items()), self.unchanging)
        yield from self._reused(key, lambda: list(self._feed_files()))

    def _feed_files(self) -> Iterator[tuple[str, bytes]]:
        # Per-view timeline pages repeat the timeline: the feed and sitemap list real pages only.
        listed = [p for p in self.page_dates if not p.startswith("timeline/") or p == "timeline/"]
        listed.sort(key=lambda p: (p != "", p))
        updated = max(self.page_dates.values())
        # The newest updates: a feed is read for what changed, and stays small on big sites.
        feed_entries = sorted(listed, key=lambda p: (self.page_dates[p], p), reverse=True)[:FEED_ENTRIES]
        context = dict(site=self.config, updated=updated, titles=self.page_titles,
                       descriptions=self.page_descriptions, dates=self.page_dates)
        for name, template, pages in (
            ("feed.xml", "feed.xml", feed_entries),
            ("sitemap.xml", "sitemap.xml", [p for p in self.page_titles if p != "404.html"]),
            ("robots.txt", "robots.txt", []),
            ("_headers", "_headers", []),
        ):
            text = self.environment.get_template(template).render(pages=pages, csp=self.csp, **context)
            yield name, text.encode("utf-8")

    def _source_line(self, link: InternalLink) -> str:
        """The line a link is on, for its message (page workers send links without it)."""
        if link.source_line or not link.line or link.file not in self.page_files:
            return link.source_line
        source = decode_source(link.file, self.page_files[link.file])  # Lines exactly as the loader counts them.
        return source.line(link.line) if isinstance(source, SourceFile) else ""

    def _check_links(self) -> None:
        """Every link written in content must reach a page, and its #anchor an element there."""
        for link in self.links:
            if link.path is None:
                pages = self.paths_by_file.get(link.file, set())
                if not any(link.fragment in self.ids_by_path[p] for p in pages):
                    self.report.errors.append(Problem(
                        link.file, f"the link to #{link.fragment} points at a part of the page that does not exist",
                        link.line, "check the part after '#': it must match a heading's id on the same page",
                        self._source_line(link),
                    ))
                continue
            path = link.path
            if path and not path.endswith("/") and path + "/" in self.ids_by_path:
                path += "/"
            if path and path not in self.ids_by_path and path not in self.static_files and path not in self.sizes:
                self.report.errors.append(Problem(
                    link.file, f"the link to /{link.path} goes to a page that does not exist", link.line,
                    "check the address; the site's pages are: " + ", ".join(
                        "/" + p for p in sorted(self.ids_by_path) if not p.startswith("timeline/") or p == "timeline/"),
                    self._source_line(link),
                ))
                continue
            if link.fragment and path in self.ids_by_path and link.fragment not in self.ids_by_path[path]:
                self.report.errors.append(Problem(
                    link.file, f"the link to /{link.path}#{link.fragment} points at a part of the page that "
                    "does not exist", link.line, "check the part after '#': it must match a heading's id on that page",
                    self._source_line(link),
                ))


def _view_name(view: TimelineView, theme_labels: Mapping[str, str]) -> str:
    parts = []
    if view.year is not None:
        parts.append(str(view.year))
    if view.theme is not None:
        parts.append(theme_labels[view.theme])
    return ", ".join(parts)
