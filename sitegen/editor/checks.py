"""A change is checked exactly as a build would check it, before anything is written.

The project is read as it is on disk, the changed files' new bytes are put in its place
(in memory), and the whole site is rendered as `build.py` renders it; when the published
build leaves a changed file out as a draft (the loaded site says so, not the file's words),
it is rendered as the preview renders it too, so the draft's own mistakes count. Errors stop the save;
warnings are shown and do not. Errors that were already there before the change, in other
files, are not the change's fault: they are reported, but do not block it.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import ContentError, Problem, SiteError
from ..model.loading import load_site
from ..model.site_content import SiteContent
from ..pipeline import render_project
from ..read.project_files import Project, read_project


@dataclass(frozen=True)
class Outcome:
    errors: tuple[Problem, ...]  # stop the save
    warnings: tuple[Problem, ...]  # shown; publishing (--strict) will refuse them
    elsewhere: tuple[Problem, ...] = ()  # errors the site had before this change, in other files

    @property
    def ok(self) -> bool:
        return not self.errors


def _changed_project(root: Path, files: Mapping[str, bytes | None]) -> Project:
    project = read_project(root)
    merged = {name: project.files[name] for name in project.files}
    for name, data in files.items():
        if data is None:
            merged.pop(name, None)
        else:
            merged[name] = data
    return replace(project, files=merged)


def _problems(changed: Project, base_url: str | None, include_drafts: bool) -> list[Problem]:
    try:
        rendered = render_project(changed, False, base_url, include_drafts=include_drafts)
    except ContentError as error:
        return list(error.problems)
    except SiteError as error:  # Not the content's: the site cannot be built at all (see check_change).
        return [error.as_problem()]
    return list(rendered.warnings)


def drafted(files: Mapping[str, bytes], changed: Collection[str]) -> bool:
    """Whether the published build leaves out any of these files, or part of one, as a draft
    (a draft page, a page in a draft topic, a draft list or item), as the loaded site says."""

    def shown(content: SiteContent) -> set[tuple[str, int]]:
        found = {(page.file, 0) for page in content.pages}
        found |= {(c.file, len(c.entries)) for c in content.collections.values()}
        found |= {(name, 0) for name in content.attachments.values()}
        return found

    left_out = shown(load_site(files, include_drafts=True).content) - shown(load_site(files).content)
    return any(name in changed for name, _ in left_out)


def check_change(root: Path, files: Mapping[str, bytes | None], base_url: str | None = None) -> Outcome:
    """What building the site would say with these files changed (None: deleted)."""
    changed = _changed_project(root, files)
    found = _problems(changed, base_url, include_drafts=False)  # what the published build says
    if any(problem.file == "site" for problem in found):
        # Nothing can be checked (SITEGEN_TODAY is not a date, say): the change is refused, saying why,
        # never let through as a problem the site "already had".
        return Outcome(tuple(found), ())
    if drafted(changed.files, files):
        # A draft is left out of the build but shown in the preview: its own mistakes count too.
        seen = set(found)
        found += [p for p in _problems(changed, base_url, include_drafts=True) if p not in seen]
    errors = [p for p in found if not p.is_warning]
    warnings = tuple(p for p in found if p.is_warning and p.blocks_strict)  # What publishing refuses.
    outside = [p for p in errors if p.file not in files]
    if not outside:
        return Outcome(tuple(errors), warnings)
    unchanged = read_project(root)
    before = {(p.file, p.message) for p in _problems(unchanged, base_url, include_drafts=True) if not p.is_warning}
    before |= {(p.file, p.message) for p in _problems(unchanged, base_url, include_drafts=False) if not p.is_warning}
    old = tuple(p for p in outside if (p.file, p.message) in before)
    return Outcome(tuple(p for p in errors if p not in old), warnings, old)
