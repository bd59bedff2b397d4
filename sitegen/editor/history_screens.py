"""The Undo button's screen: one recorded change to a file taken back (see `history`)."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from . import history, restoring, saving
from .freshness import freshened
from .history import save_and_record
from .saving import NotText, open_file
from .ui import Request, Response, message_page, redirect
from .yaml_edit import load

if TYPE_CHECKING:
    from .context import EditorContext


def screen_of(name: str) -> str:
    return "/edit/page" if name.endswith(".md") else "/edit/list"


def undo(editor: EditorContext, request: Request) -> Response:
    name = request.value("file")
    if restoring.is_missing(editor.root, name):  # The change deleted it: it comes back.
        return restoring.bring_back(editor, request)
    try:
        opened = open_file(editor, name, ("page", "data"))
    except NotText:
        return saving.not_text_page(editor, name)
    back = screen_of(name)
    try:
        new, what = history.undone(editor.root, name, request.value("commit"), opened.raw)
    except history.UndoRefused as error:
        return message_page(
            409,
            "Not undone",
            f"{error} Nothing was changed.",
            saving.site_title(editor),
            (f"{back}?file={name}#history", "Back"),
        )
    text = new.decode("utf-8").replace("\r\n", "\n")
    if back == "/edit/list":
        with contextlib.suppress(Exception):  # Written as merged: the check below says what is wrong.
            text = freshened(text, load(text), ())
    outcome, _commit, note = save_and_record(
        editor, {name: opened.encode(text)}, f"Undid “{what}” ({name})", based_on=(opened, request)
    )
    if not outcome.ok:
        problems = "; ".join(p.message for p in outcome.errors[:3])
        return message_page(
            409,
            "Not undone",
            f"Undoing “{what}” would leave {name} with mistakes ({problems}), so nothing was changed. Undo the "
            "later changes that depend on it first, or make the change by hand.",
            saving.site_title(editor),
            (f"{back}?file={name}#history", "Back"),
        )
    done = saving.remember(editor, f"Undone: “{what}”.{note}", outcome.warnings)
    return redirect(back, file=name, done=done)
