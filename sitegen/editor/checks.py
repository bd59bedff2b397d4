"""A change is checked exactly as a build would check it, before anything is written.

The project is read as it is on disk, the changed files' new bytes are put in its place
(in memory), and the whole site is rendered as `build.py` renders it; when the published
build leaves a changed file out as a draft (the loaded site says so, not the file's words),
it is rendered as the preview renders it too, so the draft's own mistakes count. Errors stop the save;
warnings are shown and do not. Errors that were already there before the change, in other
files, are not the change's fault: they are reported, but do not block it.

A check is the whole build, but not built from nothing: `CheckMemory` keeps what the last
check loaded and rendered, as the preview keeps its last rebuild (`pipeline.PreviewMemory`).
Only the files whose bytes changed are loaded and validated again; the checks across files
(links, ids, addresses, drafts, the statement's claims) run on the whole site every time,
and a page is rendered again only when something that goes into it changed. Files are read
from disk at every check (a stat says whether the bytes kept are still the file's), so a
file changed by someone else is checked as it is now.

"""

from __future__ import annotations

import threading
from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import ContentError, Problem, SiteError
from ..model.load_cache import LoadMemory, RememberingLoads
from ..model.loading import load_site
from ..model.site_content import SiteContent
from ..pipeline import PreviewMemory, render_project
from ..read.file_cache import KeptFiles
from ..read.project_files import Project, read_project
from ..render.render_cache import RenderMemory


@dataclass(frozen=True)
class Outcome:
    errors: tuple[Problem, ...]  # stop the save
    warnings: tuple[Problem, ...]  # shown; publishing (--strict) will refuse them
    elsewhere: tuple[Problem, ...] = ()  # errors the site had before this change, in other files

    @property
    def ok(self) -> bool:
        return not self.errors


class CheckMemory:
    """What the editor's checks keep from one save to the next: the site as loaded and rendered
    for the published build, and as the preview renders it (drafts shown). One check at a
    time uses it (the office checks several people's saves): `lock`."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.files = KeptFiles()
        self.published = PreviewMemory(RememberingLoads(), RenderMemory())
        self.drafts = PreviewMemory(RememberingLoads(), RenderMemory())

    def of(self, include_drafts: bool) -> PreviewMemory:
        return self.drafts if include_drafts else self.published


def _changed_project(root: Path, files: Mapping[str, bytes | None], kept: KeptFiles | None) -> Project:
    project = read_project(root, kept)
    merged = {name: project.files[name] for name in project.files}
    for name, data in files.items():
        if data is None:
            merged.pop(name, None)
        else:
            merged[name] = data
    return replace(project, files=merged)


def _problems(
    changed: Project, base_url: str | None, include_drafts: bool, memory: CheckMemory | None
) -> list[Problem]:
    try:
        rendered = render_project(
            changed,
            False,
            base_url,
            include_drafts=include_drafts,
            memory=memory.of(include_drafts) if memory else None,
        )
    except ContentError as error:
        return list(error.problems)
    except SiteError as error:  # Not the content's: the site cannot be built at all (see check_change).
        return [error.as_problem()]
    return list(rendered.warnings)


def drafted(files: Mapping[str, bytes], changed: Collection[str], loads: LoadMemory | None = None) -> bool:
    """Whether the published build leaves out any of these files, or part of one, as a draft
    (a draft page, a page in a draft topic, a draft list or item), as the loaded site says."""

    def shown(content: SiteContent) -> set[tuple[str, int]]:
        found = {(page.file, 0) for page in content.pages}
        found |= {(c.file, len(c.entries)) for c in content.collections.values()}
        found |= {(name, 0) for name in content.attachments.values()}
        return found

    all_of_it = load_site(files, include_drafts=True, memory=loads).content
    left_out = shown(all_of_it) - shown(load_site(files, memory=loads).content)
    return any(name in changed for name, _ in left_out)


def check_change(
    root: Path, files: Mapping[str, bytes | None], memory: CheckMemory | None = None, base_url: str | None = None
) -> Outcome:
    """What building the site would say with these files changed (None: deleted).

    memory: what the last check kept (the editor's); without it, the site is built from nothing."""
    if memory is None:
        return _check(root, files, None, base_url)
    with memory.lock:
        return _check(root, files, memory, base_url)


def _check(root: Path, files: Mapping[str, bytes | None], memory: CheckMemory | None, base_url: str | None) -> Outcome:
    kept = memory.files if memory else None
    changed = _changed_project(root, files, kept)
    found = _problems(changed, base_url, False, memory)  # what the published build says
    if any(problem.file == "site" for problem in found):
        # Nothing can be checked (SITEGEN_TODAY is not a date, say): the change is refused, saying why,
        # never let through as a problem the site "already had".
        return Outcome(tuple(found), ())
    if drafted(changed.files, files, memory.published.loads if memory else None):
        # A draft is left out of the build but shown in the preview: its own mistakes count too.
        seen = set(found)
        found += [p for p in _problems(changed, base_url, True, memory) if p not in seen]
    errors = [p for p in found if not p.is_warning]
    warnings = tuple(p for p in found if p.is_warning and p.blocks_strict)  # What publishing refuses.
    outside = [p for p in errors if p.file not in files]
    if not outside:
        return Outcome(tuple(errors), warnings)
    unchanged = read_project(root, kept)
    before = {(p.file, p.message) for p in _problems(unchanged, base_url, True, memory) if not p.is_warning}
    before |= {(p.file, p.message) for p in _problems(unchanged, base_url, False, memory) if not p.is_warning}
    old = tuple(p for p in outside if (p.file, p.message) in before)
    return Outcome(tuple(p for p in errors if p not in old), warnings, old)
