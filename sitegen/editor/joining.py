"""A save made from an older version of its file, joined with what was saved meanwhile.

A form carries the version of the file it was opened on (`store.version_of`). When the file
changed since (a colleague saved, or what was published elsewhere was taken in), the form's
change is made to that older version, the base, as it was shown, and then joined with the
file as it is now, item by item (`item_merge`): different items, or different fields, are
both kept without asking. The base is found among the versions this editor opened lately
(kept in memory, bounded) or in the file's recorded history (git). When the base cannot be
found, or the file cannot be joined item by item, the save is refused as before
(`saving.Conflict`): nothing is overwritten.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import gitrepo, store
from .item_merge import Clash, FieldClash, NotMergeable, Prefer, merge

if TYPE_CHECKING:
    from .context import EditorContext

KEPT_VERSIONS = 12  # versions opened lately, per editor (per person in the office)
KEPT_BYTES = 1_000_000  # and at most this much text: older ones are found in git
HISTORY_SEARCHED = 30  # the recorded versions of a file looked through for a base


class ItemClash(Exception):
    """Both changed the same field of the same item: the person saving chooses (`clash_screen`)."""

    def __init__(self, name: str, clashes: list[FieldClash], current_version: str):
        super().__init__(name)
        self.name = name
        self.clashes = clashes
        self.current_version = current_version
        self.form: dict[str, list[str]] = {}  # what the person sent: kept on the screen that asks them
        self.path = ""
        self.query: dict[str, list[str]] = {}
        self.uploaded: list[str] = []  # documents chosen with the form: a page cannot send them again


def remember(editor: EditorContext, raw: bytes) -> None:
    """Keep a version a form is being opened on, so that a later save can be joined from it."""
    kept, version = editor.opened_versions, store.version_of(raw)
    kept.pop(version, None)  # put back at the end: the oldest is forgotten first
    kept[version] = raw
    while len(kept) > KEPT_VERSIONS or (len(kept) > 1 and sum(map(len, kept.values())) > KEPT_BYTES):
        kept.pop(next(iter(kept)))


def base_of(editor: EditorContext, name: str, version: str) -> bytes | None:
    """The file as it was at `version`, if this editor opened it lately or git recorded it."""
    if version in editor.opened_versions:
        return editor.opened_versions[version]
    if not version.isalnum() or len(version) > 64:
        return None
    try:
        repo = gitrepo.repository(editor.root)
        path = repo.prefix + name
        listed = gitrepo.run(editor.root, "log", f"-n{HISTORY_SEARCHED}", "--format=%H", "--", name, check=False)
        for commit in listed.stdout.decode().split():
            shown = gitrepo.run(editor.root, "show", f"{commit}:{path}", check=False)
            if shown.returncode == 0 and store.version_of(shown.stdout) == version:
                return shown.stdout
    except gitrepo.GitProblem:
        return None
    return None


def joined(name: str, base: str, ours: str, theirs: str, theirs_version: str, prefer: str) -> str | None:
    """Our change (base to ours) made in theirs: the joined text; None when it cannot be joined
    item by item (the save is then refused as a plain conflict); `ItemClash` when both changed
    the same thing and nobody chose yet."""
    choice: Prefer = "ours" if prefer == "ours" else "theirs" if prefer == "theirs" else ""
    try:
        return merge(name, base, ours, theirs, choice)
    except Clash as clash:
        raise ItemClash(name, clash.clashes, theirs_version) from None
    except NotMergeable:
        return None
