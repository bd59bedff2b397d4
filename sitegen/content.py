"""Load and validate the site's configuration and content into typed data.

Input is the raw bytes of each file (read by `sources.read_project`), so this
module never touches the disk and tests can feed it any text. Every problem in
every file is collected before giving up, so editors see them all in one run.
"""

from __future__ import annotations

import datetime
import difflib
import re
from dataclasses import dataclass
from typing import Any, Callable, Mapping

from pydantic import BaseModel, ValidationError

from .errors import ContentError, Problem
from .markdown import slugify
from .periods import Period, parse_period
from .schema import (
    GlossaryFile,
    ListFile,
    NextStepsFile,
    PageMeta,
    SiteConfig,
    TimelineFile,
    explain_validation_error,
)
from .source import LineMap, SourceFile, decode_source, parse_yaml, shape_problem, split_front_matter

CONFIG_FILE = "site_config.yaml"
PAGES_DIR = "content/pages/"
GLOSSARY_FILE = "content/glossary.yaml"
HOME_FILE = f"{PAGES_DIR}index.md"


@dataclass(frozen=True)
class CollectionKind:
    """A kind of list the site publishes: its file, its schema and its address."""

    key: str
    file: str
    model: type[BaseModel]
    label: str  # what one entry is called, for counts like "4 entries"


COLLECTION_KINDS = (
    CollectionKind("timeline", "content/timeline.yaml", TimelineFile, "entry"),
    CollectionKind("regional-work", "content/regional-work.yaml", ListFile, "item"),
    CollectionKind("funded-services", "content/funded-services.yaml", ListFile, "service"),
    CollectionKind("next-steps", "content/next-steps.yaml", NextStepsFile, "step"),
)
# Addresses the generator itself uses; a page may not take them.
RESERVED_SLUGS = {kind.key for kind in COLLECTION_KINDS} | {"glossary", "data", "static", "search", "404"}


@dataclass(frozen=True)
class Page:
    slug: str  # "" for the home page
    file: str
    title: str
    description: str | None
    updated: datetime.date
    nav_title: str | None
    nav_order: int | None
    body: str
    body_first_line: int

    @property
    def path(self) -> str:
        return f"{self.slug}/" if self.slug else ""


@dataclass(frozen=True)
class Entry:
    id: str
    text: str
    text_line: int
    period: Period | None
    themes: tuple[str, ...]
    reviewed: datetime.date
    status: str | None = None
    target: datetime.date | None = None


@dataclass(frozen=True)
class Collection:
    key: str
    file: str
    label: str
    title: str
    nav_title: str | None
    nav_order: int | None
    description: str
    updated: datetime.date
    reviewed: datetime.date
    intro: str
    intro_line: int
    entries: tuple[Entry, ...]
    themes: Mapping[str, str]

    @property
    def path(self) -> str:
        return f"{self.key}/"


@dataclass(frozen=True)
class Term:
    term: str
    expansion: str | None
    description: str | None

    @property
    def id(self) -> str:
        return slugify(self.term)


@dataclass(frozen=True)
class Glossary:
    file: str
    title: str
    nav_title: str | None
    nav_order: int | None
    description: str
    updated: datetime.date
    intro: str
    intro_line: int
    terms: tuple[Term, ...]

    path = "glossary/"

    def abbr_titles(self) -> dict[str, str]:
        """term -> the title for <abbr>; names (no expansion) map to "" and are never wrapped."""
        return {t.term: t.expansion or "" for t in self.terms}


@dataclass(frozen=True)
class SiteContent:
    config: SiteConfig
    pages: tuple[Page, ...]
    collections: Mapping[str, Collection]
    glossary: Glossary
    warnings: tuple[Problem, ...] = ()
    # Big sites: page files left for the page workers to load (see page_workers.py).
    deferred_pages: tuple[str, ...] = ()

    @property
    def timeline(self) -> Collection:
        return self.collections["timeline"]


def load_site(files: Mapping[str, bytes], remember: bool = False, defer_pages: bool = False) -> SiteContent:
    """Validate every file; return the content, or raise `ContentError` with all problems.

    remember: keep what was loaded for the next call to reuse (the preview's rebuilds).
    defer_pages: load only the pages every other page depends on (the home page and those in
    the menu); list the rest in `deferred_pages`, for the page workers to load.
    """
    problems: list[Problem] = []
    loads = _Loads(remember)

    def yaml_file(name: str, load: Callable[[Mapping[str, bytes], list[Problem]], Any]) -> Any:
        data = files.get(name)  # Read once; loaded from these bytes.
        return loads.load(name, data, lambda found: load({} if data is None else {name: data}, found), problems)

    config = yaml_file(CONFIG_FILE, lambda source, found: _load_model(source, CONFIG_FILE, SiteConfig, found))
    pages, deferred = _load_pages(files, problems, loads, defer_pages)
    collections = {}
    for kind in COLLECTION_KINDS:
        collection = yaml_file(kind.file, lambda source, found, kind=kind: _load_collection(source, kind, found))
        if collection is not None:
            collections[kind.key] = collection
    glossary = yaml_file(GLOSSARY_FILE, lambda source, found: _load_glossary(source, found))
    loads.keep()
    warnings = [p for p in _unused_files(files)]
    errors = [p for p in problems if not p.is_warning]
    if errors or config is None or glossary is None:
        # What did load is kept, so that its Markdown can be checked in the same run.
        texts = [(p.body, p.file, p.body_first_line) for p in pages]
        for collection in collections.values():
            texts.append((collection.intro, collection.file, collection.intro_line))
            texts.extend((e.text, collection.file, e.text_line) for e in collection.entries)
        raise ContentError(problems + warnings, loaded_texts=texts,
                           glossary=glossary.abbr_titles() if glossary else {})
    return SiteContent(config, pages, collections, glossary, tuple(warnings), deferred)


def _load_yaml_file(files: Mapping[str, bytes], name: str, problems: list[Problem]):
    if name not in files:
        problems.append(Problem(name, "the file is missing", hint=f"restore {name} from the last published version"))
        return None
    source = decode_source(name, files[name])
    if isinstance(source, Problem):
        problems.append(source)
        return None
    parsed = parse_yaml(source)
    if isinstance(parsed, list):
        problems.extend(parsed)
        return None
    if not isinstance(parsed.data, dict):
        problems.append(shape_problem(source, parsed.data, 1, "the file"))
        return None
    return source, parsed.data, parsed.line_map


def _validate(model: type[BaseModel], data: Any, source: SourceFile, line_map: LineMap, problems: list[Problem]):
    try:
        return model.model_validate(data)
    except ValidationError as error:
        problems.extend(explain_validation_error(error, source, line_map, model))
        return None


def _load_model(files, name, model, problems):
    loaded = _load_yaml_file(files, name, problems)
    return _validate(model, loaded[1], loaded[0], loaded[2], problems) if loaded else None


# Every file as loaded by the last call that asked to remember it, by file name and bytes:
# the preview reloads the whole site after each save, though a save changes one file.
_previous_loads: dict[tuple[str, bytes | None], tuple[Any, tuple[Problem, ...]]] = {}


class _Loads:
    """Loads files, or (remember: the preview) takes a file's last result while its bytes are the same."""

    def __init__(self, remember: bool):
        self.remember = remember
        self.now: dict[tuple[str, bytes | None], tuple[Any, tuple[Problem, ...]]] = {}

    def load(self, name: str, data: bytes | None, load: Callable[[list[Problem]], Any],
             problems: list[Problem]) -> Any:
        """`load(problems)`, which loads `name` from `data` and adds the problems it finds."""
        if not self.remember:
            return load(problems)
        key = (name, data)
        if key not in _previous_loads:
            found: list[Problem] = []
            _previous_loads[key] = (load(found), tuple(found))
        result, found_before = self.now[key] = _previous_loads[key]
        problems.extend(found_before)
        return result

    def keep(self) -> None:
        """What this call loaded is what the next one may reuse."""
        global _previous_loads
        if self.remember:
            _previous_loads = self.now


def page_files(files: Mapping[str, bytes]) -> list[str]:
    """The names of the page files, in the order pages are listed everywhere."""
    return sorted(n for n in files if n.startswith(PAGES_DIR) and n.endswith(".md"))


def _load_pages(files: Mapping[str, bytes], problems: list[Problem], loads: _Loads,
                defer: bool = False) -> tuple[tuple[Page, ...], tuple[str, ...]]:
    pages = []
    deferred = []
    for name in page_files(files):
        data = files[name]
        # Only the home page and pages with a nav_order shape the menu and the home page that
        # every page shows. A file without the words "nav_order" cannot set one; the page
        # workers check that the pages they load really have none.
        if defer and name != HOME_FILE and b"nav_order" not in data:
            deferred.append(name)
            continue
        page = loads.load(name, data, lambda found, name=name, data=data: _page_with(load_page(name, data), found),
                          problems)
        if page is not None:
            pages.append(page)
    if not any(page.slug == "" for page in pages):
        problems.append(Problem(HOME_FILE, "the home page is missing", hint=f"restore {HOME_FILE}"))
    return tuple(pages), tuple(deferred)


def _page_with(loaded: tuple[Page | None, tuple[Problem, ...]], found: list[Problem]) -> Page | None:
    page, page_problems = loaded
    found.extend(page_problems)
    return page


def load_page(name: str, data: bytes) -> tuple[Page | None, tuple[Problem, ...]]:
    """One page from its file's bytes (a pure function of them), and the problems found."""
    found: list[Problem] = []
    source = decode_source(name, data)
    if isinstance(source, Problem):
        found.append(source)
        return None, tuple(found)
    slug = name[len(PAGES_DIR) : -len(".md")]
    slug = "" if slug == "index" else slug
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*(?:/[a-z0-9]+(?:-[a-z0-9]+)*)*|", slug):
        found.append(
            source.problem(
                "the file name can only use lower-case letters, digits and hyphens",
                hint=f"rename it to {PAGES_DIR}{slugify(slug)}.md: the name becomes the page's address",
            )
        )
        return None, tuple(found)
    if slug.split("/")[0] in RESERVED_SLUGS:
        found.append(
            source.problem(
                f"the address /{slug}/ is already used by the site",
                hint=f"rename the file; these names are taken: {', '.join(sorted(RESERVED_SLUGS))}",
            )
        )
        return None, tuple(found)
    document = split_front_matter(source)
    if isinstance(document, list):
        found.extend(document)
        return None, tuple(found)
    front_matter = {} if document.front_matter is None else document.front_matter  # Empty: say what is missing.
    if not isinstance(front_matter, dict):
        found.append(shape_problem(source, front_matter, 2, "the front matter"))
        return None, tuple(found)
    meta = _validate(PageMeta, front_matter, source, document.line_map, found)
    if meta is None:
        return None, tuple(found)
    return (
        Page(
            slug,
            name,
            meta.title,
            meta.description,
            meta.updated,
            meta.nav_title,
            meta.nav_order,
            document.body,
            document.body_first_line,
        )
    ), tuple(found)


def _load_collection(files, kind: CollectionKind, problems: list[Problem]) -> Collection | None:
    loaded = _load_yaml_file(files, kind.file, problems)
    if not loaded:
        return None
    source, data, line_map = loaded
    model = _validate(kind.model, data, source, line_map, problems)
    if model is None:
        return None
    themes = getattr(model, "themes", {})
    entries = []
    used_ids: set[str] = set()
    for index, raw in enumerate(model.entries):
        text_line = (line_map.line_of(("entries", index, "text")) or 0) + _block_scalar_offset(
            source, line_map.line_of(("entries", index, "text"))
        )
        for position, theme in enumerate(getattr(raw, "themes", ())):
            if theme not in themes:
                close = difflib.get_close_matches(theme, list(themes), n=1)
                problems.append(
                    source.problem(
                        f"the theme '{theme}' is not in the 'themes' list",
                        line_map.line_of(("entries", index, "themes", position)),
                        (f"did you mean '{close[0]}'? " if close else "")
                        + "add it to 'themes' at the top of the file, or use one of: "
                        + ", ".join(themes),
                    )
                )
        entry_id = raw.id or _unique_id(slugify(" ".join(raw.text.split()[:6])), used_ids)
        if entry_id in used_ids and raw.id:
            problems.append(
                source.problem(
                    f"the id '{raw.id}' is used twice",
                    line_map.line_of(("entries", index, "id")),
                    "give each entry its own id",
                )
            )
        used_ids.add(entry_id)
        period_label = getattr(raw, "period", None)
        entries.append(
            Entry(
                entry_id,
                raw.text,
                text_line,
                parse_period(period_label) if period_label else None,
                tuple(getattr(raw, "themes", ())),
                raw.reviewed or model.reviewed,
                getattr(raw, "status", None),
                getattr(raw, "target", None),
            )
        )
    return Collection(
        kind.key,
        kind.file,
        kind.label,
        model.title,
        model.nav_title,
        model.nav_order,
        model.description,
        model.updated,
        model.reviewed,
        model.intro,
        (line_map.line_of(("intro",)) or 0) + _block_scalar_offset(source, line_map.line_of(("intro",))),
        tuple(entries),
        dict(themes),
    )


def _block_scalar_offset(source: SourceFile, line: int | None) -> int:
    """A value written as `text: |` starts on the next line; Markdown lines count from there."""
    if line and re.search(r":\s*[|>][-+0-9]*\s*$", source.line(line)):
        return 1
    return 0


def _unique_id(base: str, used: set[str]) -> str:
    candidate, number = base, 2
    while candidate in used:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def _load_glossary(files, problems: list[Problem]) -> Glossary | None:
    loaded = _load_yaml_file(files, GLOSSARY_FILE, problems)
    if not loaded:
        return None
    source, data, line_map = loaded
    model = _validate(GlossaryFile, data, source, line_map, problems)
    if model is None:
        return None
    seen: dict[str, int] = {}
    for index, term in enumerate(model.terms):
        line = line_map.line_of(("terms", index, "term"))
        if term.term in seen:
            problems.append(
                source.problem(f"'{term.term}' is defined twice (first on line {seen[term.term]})", line, "keep one")
            )
        seen.setdefault(term.term, line or 0)
    return Glossary(
        GLOSSARY_FILE,
        model.title,
        model.nav_title,
        model.nav_order,
        model.description,
        model.updated,
        model.intro,
        (line_map.line_of(("intro",)) or 0) + _block_scalar_offset(source, line_map.line_of(("intro",))),
        tuple(Term(t.term, t.expansion, t.description) for t in model.terms),
    )


def _unused_files(files: Mapping[str, bytes]) -> list[Problem]:
    """Files in content/ that the site does not read: probably a mistake in the name or place."""
    known = {kind.file for kind in COLLECTION_KINDS} | {GLOSSARY_FILE}
    warnings = []
    for name in sorted(files):
        if not name.startswith("content/") or name in known or name.startswith(PAGES_DIR) and name.endswith(".md"):
            continue
        if name.rsplit("/", 1)[-1].startswith("."):
            continue
        warnings.append(
            Problem(
                name,
                "this file is not used by the site",
                hint="pages go in content/pages/ and end in .md; lists are the .yaml files in content/",
                is_warning=True,
            )
        )
    return warnings
