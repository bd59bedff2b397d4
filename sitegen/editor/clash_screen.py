"""The screen for two people who changed the same thing: both versions side by side, in words,
field by field, and a choice: keep mine, keep theirs, or combine them.

Nothing is saved until the person chooses, and nothing they typed is lost: every value they
sent is carried in each choice's form (hidden), and the "combine" form shows their own words,
ready to edit, with the colleague's version beside each field. Each choice sends the same
form again, from the same version, with `resolve` saying which side wins where both changed
the same field (`joining`); everything else either of them changed is kept either way.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from . import gitrepo
from .context import EditorContext
from .item_merge import MISSING
from .joining import ItemClash
from .saving import site_title
from .ui import Response, render

# The screens whose form has a control for each field, by the field's name (not the text screen,
# whose one control is the whole file).
FORMS_BY_FIELD = ("/edit/item", "/edit/page", "/edit/settings")
MAX_SHOWN = 20  # fields side by side on one screen; more are summed up


@dataclass(frozen=True)
class Row:
    where: str
    field: str  # the field's name in the file ("" for a whole item)
    label: str
    base: str
    ours: str
    theirs: str
    editable: bool  # a text the person sent in a field of that name: they can combine it here
    multiline: bool


def _words(value: object) -> str:
    if isinstance(value, datetime.date):
        return f"{value.day} {value:%B %Y}"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return ", ".join(_words(v) for v in value) or MISSING
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_words(v)}" for k, v in value.items())
    return str(value) if value is not None else MISSING


def _label(field: str) -> str:
    return {"": "The whole item", "body": "The page's text"}.get(field, field.replace("_", " ").capitalize())


def who_saved(editor: EditorContext, name: str) -> tuple[str, str]:
    """Who saved the file last, and when (from its history): ("", "") if unknown."""
    try:
        result = gitrepo.run(editor.root, "log", "-1", "--format=%an%x1f%at", "--", name, check=False)
    except gitrepo.GitProblem:
        return "", ""
    who, _, when = result.stdout.decode("utf-8", "replace").strip().partition("\x1f")
    if not who or not when.isdigit():
        return "", ""
    moment = datetime.datetime.fromtimestamp(int(when), datetime.UTC).astimezone()
    return who, f"{moment:%H:%M} on {moment.day} {moment:%B %Y}"


def page(editor: EditorContext, clash: ItemClash) -> Response:
    sent = {key: values for key, values in clash.form.items() if key not in ("resolve", "token")}
    rows = []
    for found in clash.clashes[:MAX_SHOWN]:
        typed = sent.get(found.field, [])
        editable = bool(found.field) and len(typed) == 1 and clash.path.rstrip("/") in FORMS_BY_FIELD
        ours = typed[0] if editable else _words(found.ours)
        rows.append(
            Row(
                found.where,
                found.field,
                _label(found.field),
                _words(found.base),
                ours,
                _words(found.theirs),
                editable,
                "\n" in ours or len(ours) > 80 or found.field in ("text", "body", "intro", "description"),
            )
        )
    who, when = who_saved(editor, clash.name)
    return render(
        "clash.html",
        409,
        title="Someone else changed this while you were editing it",
        site_title=site_title(editor),
        token=editor.token,
        file=clash.name,
        action=clash.path + ("?" + urlencode(clash.query, doseq=True) if clash.query else ""),
        who=who or "Your colleague",
        who_in_words=who or "your colleague",
        when=when,
        rows=rows,
        more=len(clash.clashes) - len(rows),
        kept={key: values for key, values in sent.items()},
        combined={row.field for row in rows if row.editable},
        uploaded=clash.uploaded,
    )
