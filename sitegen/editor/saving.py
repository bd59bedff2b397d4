"""Open a content file for a form, and save a change: checked first, written whole, or not at all."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from ..errors import Problem
from . import joining, store
from .checks import Outcome, check_change
from .context import EditorContext, Notice
from .ui import Request, Response, message_page

MAX_NOTICES = 50


@dataclass(frozen=True)
class Opened:
    name: str  # "content/timeline.yaml"
    path: Path
    raw: bytes
    text: str  # with "\n" line breaks, whatever the file uses, and without a byte order mark
    newline: str  # what the file uses
    bom: str = ""  # "\ufeff" when the file starts with a byte order mark (the build accepts one)

    @classmethod
    def of(cls, name: str, path: Path, raw: bytes) -> Opened:
        """The file's text, as the editor changes it; `encode` gives back the file's own bytes."""
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise NotText(name) from None
        bom = "\ufeff" if text.startswith("\ufeff") else ""
        text = text.removeprefix(bom)
        # Only a file whose every line ends in CR LF is read as one: a file with both keeps
        # its CRs in the text, so that its untouched lines keep their bytes.
        crlf = "\r\n" in text and text.count("\r\n") == text.count("\n")
        return cls(name, path, raw, text.replace("\r\n", "\n") if crlf else text, "\r\n" if crlf else "\n", bom)

    @property
    def version(self) -> str:
        return version_of(self.raw)

    def encode(self, text: str) -> bytes:
        return (self.bom + (text.replace("\n", self.newline) if self.newline != "\n" else text)).encode("utf-8")


class NotText(Exception):
    pass


class Conflict(Exception):
    """The file changed (in another window, or by someone else) since the form was opened:
    saving would undo that change, so nothing is saved."""

    def __init__(self, name: str):
        super().__init__(name)
        self.name = name


version_of = store.version_of


def open_file(editor: EditorContext, name: str, roles: tuple[str, ...], version: str = "") -> Opened:
    """The file as it is now; or, for a form sent from an older `version` of it, as it was then
    (when that version can be found): the change is made to what the person saw, and `save`
    joins it with what was saved meanwhile."""
    _, path = store.content_file(editor.root, name, roles)
    raw = store.read(path)
    if version and version != store.version_of(raw):
        base = joining.base_of(editor, name, version)
        if base is not None:
            return Opened.of(name, path, base)
    joining.remember(editor, raw)
    return Opened.of(name, path, raw)


def site_title(editor: EditorContext) -> str:
    content = editor.content
    return content.config.title if content is not None else "the site"


def common(editor: EditorContext, request: Request | None = None, **context: object) -> dict[str, object]:
    """What every screen's template needs."""
    base: dict[str, object] = {
        "site_title": site_title(editor),
        "token": editor.token,
        "notice": take_notice(editor, request) if request is not None else None,
    }
    base.update(context)
    return base


def save(
    editor: EditorContext,
    changed: dict[str, bytes],
    new_files: tuple[str, ...] = (),
    based_on: tuple[Opened, Request] | None = None,
) -> Outcome:
    """Check the site with these files changed; write them only if nothing fails.

    based_on: the file the change was made from, and the form that was sent: the form must
    have been opened on that version, and the file must still be it when it is replaced
    (compared at the moment of writing, see `store.write`), or `Conflict` is raised.
    """
    version = None
    if based_on is not None:
        opened, request = based_on
        if request.value("version") != opened.version:
            raise Conflict(opened.name)
        version = opened.version
        changed, version = _joined(opened, request, changed)
    outcome = check_change(editor.root, changed)
    if not outcome.ok:
        return outcome
    written: list[Path] = []
    with store.WRITING:
        # Documents first, then the pages linking to them: the preview never sees a broken link.
        for name in sorted(changed, key=lambda n: n.endswith((".md", ".yaml", ".yml"))):
            _, path = store.content_file(editor.root, name, must_exist=name not in new_files)
            expected = version if based_on is not None and name == based_on[0].name else None
            try:
                store.write(path, changed[name], new=name in new_files, version=expected)
            except store.ChangedMeanwhile:
                for added in written:  # The documents added for the page go with it.
                    added.unlink(missing_ok=True)
                raise Conflict(name) from None
            if name in new_files:
                written.append(path)
    editor.after_save()
    return outcome


def _joined(opened: Opened, request: Request, changed: dict[str, bytes]) -> tuple[dict[str, bytes], str]:
    """The change, joined with what was saved since the form was opened (`joining`), and the
    version it must now replace; `Conflict` when it cannot be joined item by item."""
    try:
        current = Opened.of(opened.name, opened.path, store.read(opened.path))
    except (OSError, NotText):  # removed, or no longer text, meanwhile: nothing to join with
        raise Conflict(opened.name) from None
    if current.version == opened.version or opened.name not in changed:
        return changed, opened.version
    ours = Opened.of(opened.name, opened.path, changed[opened.name]).text
    try:
        text = joining.joined(opened.name, opened.text, ours, current.text, current.version, request.value("resolve"))
    except joining.ItemClash as clash:
        clash.form, clash.path, clash.query = request.form, request.path, request.query
        clash.uploaded = [upload.filename for upload in request.uploads.values() if upload.filename]
        raise
    if text is None:
        raise Conflict(opened.name)
    return {**changed, opened.name: current.encode(text)}, current.version


def remember(
    editor: EditorContext, text: str, warnings: tuple[Problem, ...] = (), link: tuple[str, str] | None = None
) -> str:
    """A message for the next screen (after a redirect): its key goes in the address."""
    key = secrets.token_urlsafe(8)
    editor.notices[key] = Notice(text, tuple(warnings), link)
    while len(editor.notices) > MAX_NOTICES:
        editor.notices.pop(next(iter(editor.notices)))
    return key


def take_notice(editor: EditorContext, request: Request | None) -> Notice | None:
    if request is None:
        return None
    return editor.notices.get(request.arg("done"))


def not_text_page(editor: EditorContext, name: str) -> Response:
    """The answer for a file that is not UTF-8 text: the forms cannot show it."""
    return message_page(
        400,
        "This file cannot be edited here",
        f"{name} is not saved as UTF-8 text. Open it in a "
        "text editor and save it as UTF-8; the preview shows the same message.",
        site_title(editor),
        ("/edit/", "All pages and lists"),
    )
