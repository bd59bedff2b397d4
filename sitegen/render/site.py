"""Render the whole site in memory: content in, `(output path, bytes)` pairs out.

Nothing here touches the disk: templates and static files arrive as text, so a failed
render can never leave half a site behind (the writer commits only once every page has
rendered and every internal link resolves). The one exception is a big site's pages,
which the page workers write through the writer's function they are given (see
page_workers.py), into the same staging folder.

`SiteRenderer` holds what one render learns as it goes (titles, dates and element ids of
the pages made, the links to check); the page kinds themselves are in `site_pages` and
`list_pages`, each page goes through its template in `page_template`, what the page workers
make is taken in by `deferred_pages`, and `link_check` checks the links at the end. They see
the renderer as a `SiteState` (site_state.py) and return their problems; this module gathers
them, and the render's caller gets them back as a `RenderOutcome` once every file is made:
nothing outside the render holds its problems while it runs. The preview passes a
`RenderMemory` to reuse what it made last time.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Generator, Hashable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import jinja2
from markupsafe import Markup

from ..markdown.renderer import MarkdownRenderer
from ..markdown.results import InternalLink, RenderedMarkdown
from ..model.site_content import Collection, Glossary, Page, SiteContent
from ..shape.layout_ids import LayoutIds, learn_layout_ids
from ..shape.open_data import Dataset, download_facts
from ..shape.page_ids import PageIds, settle_content_ids
from ..shape.search_index import expansions
from . import deferred_pages, link_check, site_pages
from .attachments import with_document_details
from .environment import content_security_policy, make_environment
from .navigation import main_menu
from .outcome import ProblemsFound, RenderOutcome
from .page_template import EARLY_SCRIPT, render_page
from .page_workers import PageWorkers
from .render_cache import HashedOnce, RenderMemory, Same, freeze
from .site_facts import PrintRules, UnaddressedLinks, read_site_facts
from .site_state import Files
from .statement_claims import SiteTruth, contradictions

if TYPE_CHECKING:
    from .page_workers import PageFacts


def markdown_renderer(
    content: SiteContent, memory: RenderMemory | None, check_capitals: bool = True
) -> MarkdownRenderer:
    """One renderer while the glossary and address stay the same, so the preview re-parses
    only the texts that changed (its cache is keyed by each text and where it came from)."""
    titles = content.glossary.abbr_titles() if content.glossary else {}
    config = content.config
    glossary_file = content.glossary.file if content.glossary else None
    key = (tuple(titles.items()), config.base_url, config.known_abbreviations, glossary_file, check_capitals)

    def make() -> MarkdownRenderer:
        return MarkdownRenderer(titles, config.base_url, config.known_abbreviations, glossary_file, check_capitals)

    if memory is None:
        return make()
    renderer = memory.markdown.get(key, make)
    if renderer.render.cache_info().currsize > RenderMemory.MAX_MARKDOWN_RENDERS:
        renderer.render.cache_clear()
    return renderer


class SiteRenderer:
    def __init__(
        self,
        content: SiteContent,
        templates: Mapping[str, str],
        static_files: Mapping[str, bytes],
        memory: RenderMemory | None = None,
        compiled: jinja2.BytecodeCache | None = None,
        check_capitals: bool = True,
        content_files: Mapping[str, bytes] | None = None,
    ):
        # Ids made from content never take one the layout uses, nor each other's (page_ids.py).
        layout: LayoutIds = (
            learn_layout_ids(templates)
            if memory is None
            else memory.parts.get(("layout ids", tuple(sorted(templates.items()))), lambda: learn_layout_ids(templates))
        )
        content, id_problems = settle_content_ids(content, layout)
        self.found = ProblemsFound()
        self.found.add(id_problems)
        self.content = content
        self.config = content.config
        self.static_files = static_files
        self.memory = memory
        self.environment = make_environment(templates, compiled, memory)
        self.markdown = markdown_renderer(content, memory, check_capitals)
        titles = content.glossary.abbr_titles() if content.glossary else {}
        self.all_terms = frozenset(term for term, title in titles.items() if title)
        self.ids = PageIds(
            layout,
            content,
            lambda *text: self.markdown.render(*text, self.all_terms),
            lambda path: deferred_pages.deferred_page_text(self, path),
        )
        self.templates = templates
        # What the site does (forms, cookies, other websites), for the pages that describe it.
        self.facts = read_site_facts(templates, static_files)
        css = "".join(data.decode("utf-8", "replace") for name, data in static_files.items() if name.endswith(".css"))
        self.unaddressed_links = UnaddressedLinks(PrintRules.from_css(css))
        self.settings_panel = Markup(self.environment.get_template("settings_panel.html").render())
        early = static_files.get(EARLY_SCRIPT, b"").decode("utf-8").strip()
        self.early_script = Markup(early)  # Our own file, not content: safe to inline.
        self.csp = Markup(content_security_policy(early))  # Fixed text of our own: no escaping needed.
        self.nav = main_menu(content)
        statement = content.accessibility_statement
        self.site_links = dict(
            statement=statement.path if statement else None,
            glossary=content.glossary.path if content.glossary else None,
        )
        self.ids_by_path: dict[str, tuple[str, ...]] = {}
        self.paths_by_file: dict[str, set[str]] = {}
        self.links: list[InternalLink] = []
        self.page_dates: dict[str, datetime.date] = {}
        self.page_titles: dict[str, str] = {}
        self.page_descriptions: dict[str, str] = {}
        self.search_records: dict[str, bytes] = {}  # by page file
        self.search_glossary = expansions(content)  # what search finds by an abbreviation too
        self.menus: dict[Hashable, Markup] = {}  # see page_template.main_nav
        self.digests: dict[int, Any] = {}
        self.datasets: dict[str, Dataset] = {}
        self.sizes: dict[str, int] = {}
        self.needs_ids: set[str] = set()
        self.files_needing_ids: set[str] = set()
        self.page_files: Mapping[str, bytes] = content_files or {}
        # Documents by address: links to them say their type and size (see attachments.py).
        self.document_sizes = {
            path: len(self.page_files[name]) for path, name in content.attachments.items() if name in self.page_files
        }
        self.unchecked: frozenset[str] = frozenset()  # addresses of files that did not load
        self._recording: list[tuple[Any, ...]] | None = None  # see unit
        # Page workers can't know yet which pages links point into: they collect every page's ids.
        self.collect_all_ids = bool(content.deferred_pages)
        unchanging = HashedOnce(
            tuple(sorted(templates.items())),
            self.config,
            tuple(self.nav),
            str(self.csp),
            str(self.early_script),
            tuple(self.site_links.items()),
            tuple((s.path, s.index.title, s.index.nav_title) for s in content.sections),
            tuple(sorted(self.document_sizes.items())),
        )
        self.unchanging = memory.same_unchanging(unchanging) if memory else unchanging

    # --- the pipeline -------------------------------------------------------------------
    def render(
        self, write_page: Callable[[str, bytes], None] | None = None
    ) -> Generator[tuple[str, bytes], None, RenderOutcome]:
        """Yield every file; return what the render found, once the last is made."""
        workers = None
        try:
            if self.content.deferred_pages:
                assert write_page is not None, "deferred pages need a writer"
                # Started first: this process renders the rest of the site while they work.
                for name in self.environment.list_templates():  # Compiled once, shared by the workers.
                    self.environment.get_template(name)
                workers = PageWorkers(self, self.content.deferred_pages, self.page_files, write_page)
            for name, data in site_pages.render_all(self, workers):
                if name.endswith(".html") and not self.unaddressed_links.full:
                    self.look_for_unaddressed_links(name, data)
                yield name, data
            self.found.add(link_check.check_links(self))  # Once every page is made.
            self.found.add(contradictions(self.content.pages, self.templates, self.truth()))
            return self.found.outcome()
        finally:
            if workers is not None:
                workers.close()

    def look_for_unaddressed_links(self, name: str, data: bytes) -> None:
        """Reading every page costs more than rendering it anew: the preview keeps what an unchanged page had."""
        links = self.unaddressed_links

        def find() -> tuple[str, ...]:
            return links.in_page(data.decode("utf-8", "replace"))

        links.take(name.removesuffix("index.html"), self.reused(("unaddressed links", links.rules, data), find))

    def content_warnings(self) -> list[tuple[str, int | None, str]]:
        """The content's problems found so far that do not stop the build: (file, line, message)."""
        return [(p.file, p.line, p.message) for p in self.found.warnings if p.file.startswith("content/")]

    def truth(self) -> SiteTruth:
        """What the site does, as built so far, for the claims made about it (statement_claims.py)."""
        return SiteTruth(self.facts, tuple(self.unaddressed_links.found), len(self.content_warnings()))

    def gather(self, workers: PageWorkers) -> None:
        """Take in what the page workers learnt about their pages (see deferred_pages.py)."""
        problems, written = deferred_pages.gather(self, workers)
        self.found.add(problems)
        self.found.written_by_workers += written

    def page_alone(self, page: Page) -> tuple[str, bytes, PageFacts, RenderedMarkdown]:
        """In a page worker: one page's file and its facts, keeping nothing in memory."""
        return deferred_pages.page_alone(self, page)

    def analyse_all_markdown(self) -> None:
        """Render each text once to find its problems and links; pages reuse the cache."""
        # Pages rendered by page workers (content.deferred_pages) are analysed there.
        texts = [(p.body, p.file, p.body_first_line) for p in self.content.pages]
        for collection in self.content.collections.values():
            texts.append((collection.intro, collection.file, collection.intro_line))
            texts.extend((entry.text, collection.file, entry.text_line) for entry in collection.entries)
        if self.content.glossary is not None:
            glossary = self.content.glossary
            texts.append((glossary.intro, glossary.file, glossary.intro_line))
        for text, file, line in texts:
            # Marking every term, as the first text of a page does, so pages reuse this render.
            rendered = self.markdown.render(text, file, line, self.all_terms)
            self.found.add(rendered.problems)
            self.links.extend(self.ids.settle((text, file, line), rendered).links)  # to the final ids
        self.note_where_links_point()

    def note_where_links_point(self) -> None:
        """Only pages that a link points into need their element ids collected."""
        self.needs_ids = {link.path or "" for link in self.links if link.fragment}
        self.files_needing_ids = {link.file for link in self.links if link.fragment and link.path is None}

    # --- helpers shared by every kind of page ---------------------------------------------
    def reused(self, key: Any, compute: Callable[[], Any]) -> Any:
        """compute(); in the preview, the previous build's value when its inputs (key) are equal."""
        return compute() if self.memory is None else self.memory.parts.get(key, compute)

    def markdown_for_page(self, texts: list[tuple[str, str, int]]) -> list[Markup]:
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
            settled = self.ids.settle((text, file, line), rendered).html  # the page's own ids
            html.append(Markup(with_document_details(settled, self.document_sizes)))
        return html

    def unit(self, source: Page | Collection | Glossary, make: Callable[[], Files], which_ids: Any) -> Files:
        """The pages made from one file's page, list or glossary (a timeline's many views, say).

        In the preview: the last build's pages when the source (the very object the loader
        reused for an unchanged file), glossary, templates and menu are the same, and so is
        `which_ids`, what decides which of these pages must collect their element ids.
        """
        if self.memory is None:
            yield from make()
            return
        key = (
            "unit",
            Same(source),
            Same(self.markdown),
            self.unchanging,
            which_ids,
            self.ids.moved_links_from(source.file),
        )

        fresh = []

        def record() -> tuple[list[tuple[str, bytes]], list[tuple[Any, ...]]]:
            fresh.append(True)  # Made now (its pages noted as made), not taken from the last build.
            self._recording = []
            try:
                return list(make()), self._recording
            finally:
                self._recording = None

        kept = self.memory.parts.get(key, record)
        if not fresh:
            for noted in kept[1]:
                self.note_page(*noted)
        yield from kept[0]

    def ids_wanted_from(self, source: Collection | Glossary | Page) -> Any:
        """What decides which pages of a list or the glossary collect their element ids."""
        wanted = frozenset(p for p in self.needs_ids if p.startswith(source.path))
        return self.collect_all_ids, source.file in self.files_needing_ids, wanted

    def note_page(
        self,
        path: str,
        title: str,
        description: str,
        updated: datetime.date | None,
        source_file: str,
        ids: tuple[str, ...],
    ) -> None:
        """What the feed, sitemap, search page and link checks need to know of a page made."""
        self.page_titles[path], self.page_descriptions[path] = title, description
        if updated:
            self.page_dates[path] = updated
        self.ids_by_path[path] = ids
        self.paths_by_file.setdefault(source_file, set()).add(path)
        if self._recording is not None:
            self._recording.append((path, title, description, updated, source_file, ids))

    def note_links(self, links: Iterable[InternalLink]) -> None:
        """Links found in pages made elsewhere (the page workers), to check with the rest."""
        self.links.extend(links)

    def note_size(self, path: str, size: int) -> None:
        """A file's size, for the pages that offer it to download."""
        self.sizes[path] = size

    def note_datasets(self, datasets: Iterable[Dataset]) -> None:
        """The site's open data, for the pages that offer it (see `download`)."""
        self.datasets = {dataset.key: dataset for dataset in datasets}

    def note_search_record(self, file: str, record: bytes) -> None:
        """What search finds of a page, by its file; kept until the index is built."""
        self.search_records[file] = record

    def forget_search_records(self) -> None:
        self.search_records.clear()

    def list_pages_in_order(self, order: Sequence[str]) -> None:
        """Every list of pages (sitemap, feed, search) in this order of their paths."""
        self.page_titles = {path: self.page_titles[path] for path in order}
        self.page_descriptions = {path: self.page_descriptions[path] for path in order}
        self.page_dates = {path: self.page_dates[path] for path in order if path in self.page_dates}

    def menu(self, key: Hashable, make: Callable[[], Markup]) -> Markup:
        """The main menu for pages alike in `key` (see page_template.main_nav), made once a render."""
        if key not in self.menus:
            self.menus[key] = make()
        return self.menus[key]

    def write_page(
        self,
        path: str,
        template: str,
        title: str,
        description: str,
        updated: datetime.date | None,
        source_file: str = "",
        **context: Any,
    ) -> tuple[str, bytes]:
        """A page's output path and bytes; the preview reuses the last build's page when
        everything that goes into it is equal."""
        collect_ids = self.collect_all_ids or path in self.needs_ids or source_file in self.files_needing_ids
        if self.memory is None:
            made = render_page(self, path, template, title, description, updated, collect_ids, context)
        else:
            key = (
                template,
                path,
                title,
                description,
                updated,
                collect_ids,
                freeze(context, self.digests),
                self.unchanging,
            )
            made = self.memory.pages.get(
                key, lambda: render_page(self, path, template, title, description, updated, collect_ids, context)
            )
        self.note_page(path, title, description, updated, source_file, made[2])
        return made[0], made[1]

    def root_of(self, path: str) -> str:
        """How a page's links reach the top of the site: relative ("../"), so the site works in
        any folder; the 404 page, shown at any address, from the public address's path."""
        if path == "404.html":
            return "/" + self.config.base_url.split("://", 1)[1].partition("/")[2]
        return "../" * path.count("/")

    def description(self, given: str | None, body: str = "", summary: str | None = None) -> str:
        if given:
            return given
        text = self.markdown.summary(body) if summary is None else summary
        return text[:157] + "…" if len(text) > 160 else text or self.config.description

    def download(self, key: str) -> dict[str, Any] | None:
        dataset = self.datasets.get(key)
        return None if dataset is None else download_facts(dataset, self.sizes)
