"""Load and validate the configuration and every content file into typed content.

Input is the bytes of each file (read by `project_files.read_project`), so this module never
touches the disk and tests can feed it any text. Every problem in every file is
collected, and whatever did load is kept (`Loaded`), so that the build can go on to
check the rest (links, Markdown) and report every problem in one run.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from functools import partial
from typing import Any

from ..errors import ContentError, Problem
from ..parse.front_matter import split_front_matter
from ..parse.yaml_problems import shape_problem
from ..read.source_text import decode_source
from .addresses import ContentFile, attachment_type, classify
from .build_date import build_date
from .documents import looks_like
from .duties import duty_problems
from .list_loading import load_data_file
from .load_cache import LoadMemory
from .placeholders import placeholder_warnings, todo_warnings
from .schema import Contact, Licence, Organisation, PageMeta, SiteConfig
from .site_content import ACCESSIBILITY_STATEMENT, Collection, Glossary, Page, Section, SiteContent
from .time_words import time_word_warnings
from .yaml_files import read_mapping, validate

CONFIG_FILE = "site_config.yaml"
HOME_FILE = "content/index.md"
STATEMENT_HINT = (
    "public sector websites must publish one (the Public Sector Bodies Accessibility Regulations 2018): "
    "add a page with 'kind: accessibility-statement' in its front matter, like content/accessibility.md; "
    "'python build.py new' makes one to complete"
)
# Stands in for a site_config.yaml that failed to load, so that the rest can still be checked.
_STAND_IN_CONFIG = SiteConfig(
    title="(site_config.yaml has problems)",
    description="-",
    organisation=Organisation(name="-"),
    base_url="https://stand-in.example/",
    contact=Contact(name="-", email="stand-in@example.org"),
    licence=Licence(name="-", url="https://stand-in.example/"),
)


@dataclass(frozen=True)
class Loaded:
    """What loading made of the files: the content (with whatever loaded) and every problem."""

    content: SiteContent
    problems: tuple[Problem, ...]  # errors and warnings
    failed: frozenset[str]  # the addresses of files that did not load: links to them are not checked
    config_loaded: bool
    glossary_failed: bool = False  # a file that says it is the glossary did not load

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_warning]


def load_site(
    files: Mapping[str, bytes],
    *,
    include_drafts: bool = False,
    memory: LoadMemory | None = None,
    defer_pages: bool = False,
) -> Loaded:
    """Validate every file and return what loaded, with every problem found.

    include_drafts: keep pages, lists and items marked `draft: true` (the preview shows them).
    memory: the preview's memory of the last load; a file whose bytes are unchanged is not reloaded.
    defer_pages: leave the pages that shape nothing else (no index page, no menu place) for the
    page workers to load (see `page_workers`); they are listed in `deferred_pages`.
    """
    memory = memory or LoadMemory()
    problems: list[Problem] = []
    failed: set[str] = set()

    def load(name: str, loader: Callable[[str, bytes], tuple[Any, tuple[Problem, ...]]]) -> Any:
        result, found = memory.load(name, files[name], loader)
        problems.extend(found)
        return result

    config = load(CONFIG_FILE, load_config) if CONFIG_FILE in files else None
    if CONFIG_FILE not in files:
        problems.append(
            Problem(
                CONFIG_FILE,
                "the file is missing",
                hint=f"restore {CONFIG_FILE} from the last "
                "published version, or start a new site with 'python build.py new FOLDER'",
            )
        )
    classified = _classify_all(files, problems)
    pages, deferred = [], []
    collections: dict[str, Collection] = {}
    glossaries: list[Glossary] = []
    attachments: dict[str, str] = {}
    for item in classified:
        if item.role == "page":
            if defer_pages and _can_defer(item, files[item.name]):
                deferred.append(item.name)
                continue
            page = load(item.name, partial(load_page, path=item.path))
            if page is None:
                failed.add(item.path)
            else:
                pages.append(page)
        elif item.role == "data":
            loaded = load(item.name, partial(load_data_file, path=item.path))
            if isinstance(loaded, Glossary):
                glossaries.append(loaded)
            elif isinstance(loaded, Collection):
                collections[loaded.key] = loaded
            else:
                failed.add(item.path)
        elif item.role == "attachment" and load(item.name, check_document):
            attachments[item.path] = item.name
    memory.keep()
    problems.extend(_structure_problems(classified, pages, glossaries, failed, deferred))
    if not include_drafts:
        pages, collections, attachments = _without_drafts(pages, collections, attachments)
    if config is not None:  # What the office must publish, and where this site publishes it.
        addresses = frozenset(item.path.strip("/") for item in classified) | {"data", "search"}
        problems.extend(duty_problems(config, collections.values(), addresses, build_date()))
    content = SiteContent(
        config or _STAND_IN_CONFIG,
        tuple(pages),
        dict(sorted(collections.items(), key=lambda kv: (kv[1].nav_order is None, kv[1].nav_order or 0, kv[0]))),
        glossaries[0] if glossaries else None,
        _sections(pages),
        attachments,
        tuple(p for p in problems if p.is_warning),
        tuple(deferred),
    )
    glossary_failed = any(
        item.role == "data" and item.path in failed and _says_glossary(files[item.name]) for item in classified
    )
    return Loaded(content, tuple(problems), frozenset(failed), config is not None, glossary_failed)


def _says_glossary(data: bytes) -> bool:
    """A file that says 'kind: glossary', even if it cannot be read as YAML."""
    return re.search(rb"(?m)^kind:\s*[\"']?glossary\b", data) is not None


def _classify_all(files: Mapping[str, bytes], problems: list[Problem]) -> list[ContentFile]:
    classified = []
    for name in sorted(files):
        if not name.startswith("content/"):
            continue
        item = classify(name)
        if isinstance(item, Problem):
            problems.append(item)
        elif item is not None and item.role == "unused":
            problems.append(
                Problem(
                    name,
                    "this file is not used by the site",
                    hint="pages end in .md, lists in .yaml; documents may be PDF, spreadsheets, Word files or pictures",
                    is_warning=True,
                )
            )
        elif item is not None:
            classified.append(item)
    return classified


def _can_defer(item: ContentFile, data: bytes) -> bool:
    """A page that shapes no other page: not an index, no menu place, no kind, no draft, no aliases.

    A file without these words cannot set them; the page workers check that the pages they
    load really set none.
    """
    return (
        not item.name.endswith("/index.md")
        and item.name != HOME_FILE
        and not any(word in data for word in (b"nav_order", b"kind", b"draft", b"aliases"))
    )


def _structure_problems(
    classified: list[ContentFile], pages: list[Page], glossaries: list[Glossary], failed: set[str], deferred: list[str]
) -> list[Problem]:
    """What the files say together: a home page, an index for every topic, one statement, one glossary."""
    found = []
    page_files = {page.file for page in pages} | set(deferred)
    claimed: dict[str, str] = {}
    for item in classified:
        if item.role in ("page", "data"):
            if item.path in claimed:
                found.append(
                    Problem(
                        item.name,
                        f"this file and {claimed[item.path]} both make the address /{item.path}",
                        hint="rename one of them: each page and list needs an address of its own",
                    )
                )
            claimed.setdefault(item.path, item.name)
    for page in pages:
        for alias in page.aliases:
            if alias.strip("/") + "/" in claimed or alias == "/":
                found.append(
                    Problem(
                        page.file,
                        f"the old address {alias} is the address of another page",
                        hint="an old address can only lead to one page: remove it from 'aliases'",
                    )
                )
    folders = {item.folder for item in classified if item.role in ("page", "data")}
    folders |= {folder[: i + 1] for folder in folders for i, ch in enumerate(folder) if ch == "/"}
    for folder in sorted(folders | {""}):
        index = f"content/{folder}index.md"
        if index in page_files or folder in failed:
            continue
        what = "the home page" if not folder else "its overview page"
        found.append(
            Problem(
                index,
                f"the {'site' if not folder else f'topic content/{folder}'} has no index.md, {what}",
                hint=f"add {index} with a title and an introduction"
                + ("" if not folder else ", or move the files up into content/ if they are not a topic of their own"),
            )
        )
    statements = [page for page in pages if page.kind == ACCESSIBILITY_STATEMENT]
    if not statements and not any(item.path in failed for item in classified if item.role == "page"):
        found.append(Problem("content/", "the site has no accessibility statement", hint=STATEMENT_HINT))
    for extra in statements[1:]:
        found.append(
            Problem(
                extra.file,
                f"{statements[0].file} is already the accessibility statement",
                hint="keep one page with 'kind: accessibility-statement'",
            )
        )
    for other in glossaries[1:]:
        found.append(
            Problem(
                other.file,
                f"{glossaries[0].file} is already the glossary",
                hint="keep one file with 'kind: glossary' and move the terms into it",
            )
        )
    return found


def _sections(pages: list[Page]) -> tuple[Section, ...]:
    return tuple(Section(page.path, page) for page in pages if page.is_index and page.path)


def _without_drafts(
    pages: list[Page], collections: dict[str, Collection], attachments: dict[str, str]
) -> tuple[list[Page], dict[str, Collection], dict[str, str]]:
    """A published build leaves out drafts: pages, lists, items, and whatever is in a draft topic."""
    draft_folders = [page.path for page in pages if page.draft and page.is_index and page.path]

    def in_draft(path: str) -> bool:
        return any(path.startswith(folder) for folder in draft_folders)

    kept_pages = [page for page in pages if not page.draft and not in_draft(page.path)]
    kept = {}
    for key, collection in collections.items():
        if collection.draft or in_draft(collection.path):
            continue
        entries = tuple(entry for entry in collection.entries if not entry.draft)
        kept[key] = collection if len(entries) == len(collection.entries) else replace(collection, entries=entries)
    return kept_pages, kept, {path: name for path, name in attachments.items() if not in_draft(path)}


# --- one file each -------------------------------------------------------------------


def check_document(name: str, data: bytes) -> tuple[bool, tuple[Problem, ...]]:
    """A document is what its name says (a web page renamed to .pdf is never published)."""
    extension = name.rpartition(".")[2].lower()
    if looks_like(extension, data):
        return True, ()
    kind = attachment_type(name)
    return False, (
        Problem(
            name,
            f"the file is called a {kind} but what it holds is not one, so it is not published",
            hint=f"open it, save it again as {kind} and put that file here; if it is damaged, replace it",
        ),
    )


def load_config(name: str, data: bytes) -> tuple[SiteConfig | None, tuple[Problem, ...]]:
    problems: list[Problem] = []
    read = read_mapping(name, data, problems)
    config = validate(SiteConfig, read[1], read[0], read[2], problems) if read else None
    if config is not None and read is not None:
        problems.extend(placeholder_warnings(config, read[0], read[2]))
    if read is not None:
        problems.extend(todo_warnings(read[0]))
    return config, tuple(problems)


def load_page(name: str, data: bytes, path: str) -> tuple[Page | None, tuple[Problem, ...]]:
    """One page from its file's bytes (a pure function of them), and the problems found."""
    found: list[Problem] = []
    source = decode_source(name, data)
    if isinstance(source, Problem):
        return None, (source,)
    document = split_front_matter(source)
    if isinstance(document, list):
        return None, tuple(document)
    front_matter = {} if document.front_matter is None else document.front_matter  # Empty: say what is missing.
    if not isinstance(front_matter, dict):
        return None, (shape_problem(source, front_matter, 2, "the front matter"),)
    meta = validate(PageMeta, front_matter, source, document.line_map, found)
    if meta is None:
        return None, tuple(found)
    if meta.kind == ACCESSIBILITY_STATEMENT and meta.draft:
        found.append(
            source.problem(
                "the accessibility statement cannot be a draft",
                document.line_map.line_of(("draft",)),
                "remove the line 'draft: true'",
            )
        )
    found.extend(todo_warnings(source))
    found.extend(time_word_warnings(source, meta.time_words_meant, markdown=True))
    page = Page(
        path,
        name,
        meta.title,
        meta.description,
        meta.updated,
        meta.nav_title,
        meta.nav_order,
        document.body,
        document.body_first_line,
        meta.kind,
        meta.draft and meta.kind != ACCESSIBILITY_STATEMENT,
        tuple(meta.aliases),
    )
    return page, tuple(found)


def load_content(files: Mapping[str, bytes], **options: Any) -> SiteContent:
    """The content, or `ContentError` with every loading problem (for tools and tests)."""
    loaded = load_site(files, **options)
    if loaded.errors:
        raise ContentError(list(loaded.problems))
    return loaded.content
