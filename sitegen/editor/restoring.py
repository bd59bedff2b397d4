"""Deleted pages, lists and documents brought back from the history.

The editor itself deletes no file (a page or list is taken off the site by making it a draft,
see docs/editing.md); files are deleted outside it, by hand or by a maintainer, and that is
recorded in git like any change (a commit, or the next Publish). The editor's first screen
lists each file of content/ that a recorded change deleted and that is still missing, with
when, by whom and the change's own words. Its Undo brings back every file that change
deleted and that is still missing (a topic's pages and lists come back together), exactly as
they were just before it, checked as any save is and recorded as a change of its own.
"""

from __future__ import annotations

import datetime
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..model.addresses import ContentFile, classify
from . import gitrepo, saving
from .history import MAX_SHOWN, UndoRefused, save_and_record
from .store import PathRefused, content_file
from .ui import Request, Response, message_page, redirect

if TYPE_CHECKING:
    from .context import EditorContext

_COMMIT = re.compile(r"[0-9a-f]{40}")
_RECORD, _FIELD = "\x1e", "\x1f"
ROLES = ("page", "data", "attachment")


@dataclass(frozen=True)
class Deletion:
    commit: str
    when: datetime.datetime
    who: str
    what: str  # the change's own words (its commit message)
    names: tuple[str, ...]  # the files it deleted that are still missing

    @property
    def when_said(self) -> str:
        return f"{self.when.day} {self.when:%B %Y} at {self.when:%H:%M}"


def _restorable(root: Path, name: str) -> bool:
    """A page, list or document of the site, not there now."""
    item = classify(name)
    return isinstance(item, ContentFile) and item.role in ROLES and not os.path.lexists(root / name)


def deletions(root: Path, limit: int | None = MAX_SHOWN) -> list[Deletion]:
    """The latest recorded changes that deleted files still missing, newest first."""
    try:
        repo = gitrepo.repository(root)
        result = gitrepo.run(
            root,
            "log",
            "--diff-filter=D",
            "--no-renames",
            "--name-only",
            f"--format={_RECORD}%H{_FIELD}%an{_FIELD}%at{_FIELD}%s",
            "--",
            "content",
            check=False,
        )
    except gitrepo.GitProblem:
        return []  # Not a git repository: no history, which the other screens say.
    if result.returncode != 0:
        return []
    found: list[Deletion] = []
    seen: set[str] = set()  # A file deleted twice comes back as it was before the latest deletion.
    for record in result.stdout.decode("utf-8", "replace").split(_RECORD)[1:]:
        head, *lines = record.split("\n")
        commit, who, when, what = [*head.split(_FIELD, 3), "", "", ""][:4]
        if not _COMMIT.fullmatch(commit) or not when.isdigit():
            continue
        names = []
        for line in lines:
            name = line.strip().removeprefix(repo.prefix)
            if name and name not in seen:
                seen.add(name)
                if _restorable(root, name):
                    names.append(name)
        if names:
            moment = datetime.datetime.fromtimestamp(int(when), datetime.UTC).astimezone()
            found.append(Deletion(commit, moment, who, what, tuple(sorted(names))))
            if limit is not None and len(found) >= limit:
                break
    return found


def deleted_by(root: Path, commit: str) -> tuple[dict[str, bytes], str]:
    """The files this recorded change deleted that are still missing, as they were just
    before it, and the change's words; `UndoRefused` saying why not."""
    if not _COMMIT.fullmatch(commit):
        raise UndoRefused("That is not a change the editor recorded.")
    deletion = next((d for d in deletions(root, limit=None) if d.commit == commit), None)
    if deletion is None:
        raise UndoRefused("That change deleted nothing that is still missing: it may have been brought back already.")
    prefix = gitrepo.repository(root).prefix
    files = {}
    for name in deletion.names:
        result = gitrepo.run(root, "show", f"{commit}^:{prefix}{name}", check=False)
        if result.returncode != 0:
            raise UndoRefused(f"The history has no earlier version of {name}.")
        files[name] = result.stdout
    return files, deletion.what


def bring_back(editor: EditorContext, request: Request) -> Response:
    """Undo of a change that deleted files: they are written back, checked and recorded."""
    name = request.value("file")
    back = ("/edit/", "All pages and lists")
    try:
        files, what = deleted_by(editor.root, request.value("commit"))
        if name not in files:
            raise UndoRefused(f"That change did not delete {name}.")
    except (UndoRefused, gitrepo.GitProblem) as error:
        return message_page(409, "Not undone", f"{error} Nothing was changed.", saving.site_title(editor), back)
    shown = ", ".join(files)
    outcome, _commit, note = save_and_record(
        editor, files, f"Brought back {shown} (undid “{what}”)", new_files=tuple(files)
    )
    if not outcome.ok:
        problems = "; ".join(p.message for p in outcome.errors[:3])
        return message_page(
            409,
            "Not undone",
            f"Bringing back {shown} would leave the site with mistakes ({problems}), so nothing was changed. "
            "Bring back what it depends on first, or make the change by hand.",
            saving.site_title(editor),
            back,
        )
    done = saving.remember(editor, f"Brought back {shown}: undone “{what}”.{note}", outcome.warnings)
    role = classify(name)
    screen = {"page": "/edit/page", "data": "/edit/list"}.get(role.role if isinstance(role, ContentFile) else "")
    return redirect(screen, file=name, done=done) if screen else redirect("/edit/", done=done)


def is_missing(root: Path, name: str) -> bool:
    """Whether `name` is a page, list or document the editor could write and that is not there."""
    try:
        content_file(root, name, ROLES, must_exist=False)
    except PathRefused:
        return False  # An odd name, or a file that is there: the ordinary undo answers.
    return True
