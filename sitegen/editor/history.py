"""Every save recorded, every change undoable: the history of a file, kept in git.

Each save the editor makes becomes a git commit of the files it wrote, with a plain message
naming the file and the item ("Removed entry 3 “Set up the board” from
content/timeline.yaml"), signed with the name git has for this computer's user. Publishing
sends these commits (see `publishing.publish`); the Changes page still compares with the last
publish (`gitrepo.published_base`).

Undoing a change is a revert of that commit's change to that one file, merged into the file
as it is now (`git merge-file`), so later changes to other lines stay; when later changes
touched the same lines it is refused, with a message, rather than guessed. A removed item
comes back with its address: if the loader would now give it another id, its old id is
written into it.

A project that is not a git repository still saves; it has no history, which the screens say.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
import tempfile
import threading
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict

from ..model.addresses import ContentFile, classify
from ..model.list_loading import load_data_file
from ..model.site_content import Collection
from . import gitrepo, saving
from .checks import Outcome
from .yaml_edit import EditError, set_fields

if TYPE_CHECKING:
    from .context import EditorContext
    from .saving import Opened
    from .ui import Request

MAX_SHOWN = 20
_LOCK = threading.Lock()  # One commit at a time: git's index is shared.
_COMMIT = re.compile(r"[0-9a-f]{40}")
_UPDATED_LINE = re.compile(r"(?m)^updated:[^\n]*$")
_SEPARATOR = "\x1f"


class UndoRefused(Exception):
    """Why a change cannot be undone, in plain words."""


@dataclass(frozen=True)
class Change:
    commit: str
    when: datetime.datetime
    who: str
    what: str
    published: bool
    made_file: bool  # the change that made the file: it cannot be undone

    @property
    def when_said(self) -> str:
        return f"{self.when.day} {self.when:%B %Y} at {self.when:%H:%M}"


def record(root: Path, names: list[str], message: str) -> tuple[str, str]:
    """Commit these files (after a save) with `message`: (the commit, "") or ("", why not).

    A project outside git gives ("", "") with no complaint: it simply has no history.
    """
    with _LOCK:
        try:
            repo = gitrepo.repository(root)
        except gitrepo.GitProblem:
            return "", ""
        try:
            gitrepo.keep_published_base(repo)
            gitrepo.run(root, "add", "--", *names)
            result = gitrepo.run(root, "commit", "--quiet", "--no-verify", "-m", message, "--", *names, check=False)
            if result.returncode != 0:
                text = gitrepo.said(result)
                if "nothing to commit" in text or "no changes added" in text:
                    return "", ""
                if "tell me who you are" in text.lower() or "user.email" in text or "user.name" in text:
                    return "", (
                        "git does not know whose change this is (ask a maintainer to set your name and "
                        "email for git: git config user.name and user.email)"
                    )
                return "", f"git could not record it: {text}"
            return gitrepo.run(root, "rev-parse", "HEAD").stdout.decode().strip(), ""
        except gitrepo.GitProblem as error:
            return "", str(error)


def changes_to(root: Path, name: str, limit: int = MAX_SHOWN) -> tuple[list[Change], str]:
    """The latest recorded changes to a file, newest first, and why there are none if so."""
    try:
        repo = gitrepo.repository(root)
        result = gitrepo.run(
            root,
            "log",
            f"-n{limit}",
            f"--format=%H{_SEPARATOR}%an{_SEPARATOR}%at{_SEPARATOR}%s",
            "--",
            name,
            check=False,
        )
        if result.returncode != 0:
            return [], "This file has no recorded history yet."
        unpublished = set(gitrepo.unpublished_commits(repo))
    except gitrepo.GitProblem as error:
        return [], str(error)
    found = []
    for line in result.stdout.decode("utf-8", "replace").splitlines():
        commit, who, when, what = [*line.split(_SEPARATOR, 3), "", "", ""][:4]
        if not _COMMIT.fullmatch(commit) or not when.isdigit():
            continue
        moment = datetime.datetime.fromtimestamp(int(when), datetime.UTC).astimezone()
        found.append(Change(commit, moment, who, what, commit not in unpublished, False))
    if found and len(found) < limit:  # The whole history is shown: its oldest change made the file.
        found[-1] = dataclasses.replace(found[-1], made_file=True)
    return found, "" if found else "This file has no recorded history yet."


def _at(root: Path, commit: str, name: str) -> bytes | None:
    repo = gitrepo.repository(root)
    result = gitrepo.run(root, "show", f"{commit}:{repo.prefix}{name}", check=False)
    return result.stdout if result.returncode == 0 else None


def undone(root: Path, name: str, commit: str, current: bytes) -> tuple[bytes, str]:
    """The file with one recorded change taken back (later changes kept), and that change's
    description; `UndoRefused` when it cannot be done safely."""
    if not _COMMIT.fullmatch(commit):
        raise UndoRefused("That is not a change the editor recorded.")
    try:
        touched = gitrepo.run(root, "log", "--format=%H%x1f%s", "--", name).stdout.decode("utf-8", "replace")
    except gitrepo.GitProblem as error:
        raise UndoRefused(str(error)) from None
    subjects = dict(line.split("\x1f", 1) for line in touched.splitlines() if "\x1f" in line)
    if commit not in subjects:
        raise UndoRefused(f"That change is not in the history of {name}.")
    after, before = _at(root, commit, name), _at(root, commit + "^", name)
    if before is None:
        raise UndoRefused(
            f"That change made {name}, so undoing it would delete the file. To take a page or list off the "
            "site, make it a draft."
        )
    if after is None:
        raise UndoRefused(f"That change deleted {name}, which is back already.")
    merged = _merge(_dated_like(current, after), _dated_like(current, before), current)
    return _keep_addresses(name, before, after, merged), subjects[commit]


def _dated_like(current: bytes, other: bytes) -> bytes:
    """`other` with the `updated:` line of `current`: every save changes that line, so it is left
    out of the merge (the saved undo sets it anew)."""
    line = _UPDATED_LINE.search(current.decode("utf-8", "replace"))
    if line is None:
        return other
    text = other.decode("utf-8", "replace")
    return _UPDATED_LINE.sub(lambda _: line.group(0), text, count=1).encode("utf-8")


def _merge(base: bytes, other: bytes, current: bytes) -> bytes:
    """`current` with the change from `base` to `other` made in it, by git's three-way merge."""
    with tempfile.TemporaryDirectory(prefix="sitegen-undo-") as folder:
        paths = []
        for label, data in (("current", current), ("base", base), ("other", other)):
            path = Path(folder) / label
            path.write_bytes(data)
            paths.append(str(path))
        result = gitrepo.run(Path(folder), "merge-file", "-p", "--quiet", *paths, check=False)
    if result.returncode != 0:
        raise UndoRefused(
            "Later changes touched the same lines, so this change cannot be undone by itself. Undo the "
            "later changes first (the newest first), or make the change by hand."
        )
    return result.stdout


def _keep_addresses(name: str, before: bytes, after: bytes, merged: bytes) -> bytes:
    """`merged` with each item the change removed back at its old address (its id written in)."""
    item = classify(name)
    if not isinstance(item, ContentFile) or item.role != "data":
        return merged
    old, new, now = (load_data_file(name, data, item.path)[0] for data in (before, after, merged))
    if not (isinstance(old, Collection) and isinstance(new, Collection) and isinstance(now, Collection)):
        return merged
    kept = {entry.id for entry in new.entries}
    present = {entry.id for entry in now.entries}
    text = merged.decode("utf-8")
    newline = "\r\n" if "\r\n" in text else "\n"
    text = text.replace("\r\n", "\n")
    for entry in old.entries:
        if entry.id in kept or entry.id in present:
            continue
        position = next((i for i, e in enumerate(now.entries) if e.text == entry.text and e.id not in kept), None)
        if position is None:
            continue
        try:
            text = set_fields(text, ("entries", position), {"id": entry.id}, ("id",))
        except EditError:
            continue
    return text.replace("\n", newline).encode("utf-8")


# --- for the screens --------------------------------------------------------------------------


def save_and_record(
    editor: EditorContext,
    changed: dict[str, bytes],
    message: str,
    new_files: tuple[str, ...] = (),
    based_on: tuple[Opened, Request] | None = None,
) -> tuple[Outcome, str, str]:
    """Check and write the change (`saving.save`); if it was written, record it in the history.

    Returns the outcome, the commit ("" when not recorded) and a sentence to add to the
    notice when it could not be recorded ("" otherwise)."""
    outcome = saving.save(editor, changed, new_files, based_on)
    if not outcome.ok:
        return outcome, "", ""
    commit, why = record(editor.root, sorted(changed), message)
    return outcome, commit, f" It is saved, but not recorded in the history: {why}." if why else ""


def offer_undo(editor: EditorContext, notice_key: str, name: str, commit: str, words: str) -> None:
    """Put an Undo button in the notice shown after a change (a removal, say)."""
    if commit and notice_key in editor.notices:
        undo = (("file", name), ("commit", commit), ("words", words))
        editor.notices[notice_key] = dataclasses.replace(editor.notices[notice_key], undo=undo)


@dataclass
class FileHistory:
    """What a screen shows of a file's history, read from git only when the screen is shown.

    A save that succeeds answers with a redirect and shows no history: reading it anyway cost
    four runs of git on every save, which under a team's load queued every other save."""

    root: Path
    name: str

    @cached_property
    def _read(self) -> tuple[list[Change], str]:
        return changes_to(self.root, self.name)

    @property
    def changes(self) -> list[Change]:
        return self._read[0]

    @property
    def note(self) -> str:
        return self._read[1]


class HistoryContext(TypedDict):
    history: FileHistory


def history_context(editor: EditorContext, name: str) -> HistoryContext:
    return {"history": FileHistory(editor.root, name)}
