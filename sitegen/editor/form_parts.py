"""Parts of the page and item forms: the editor's own reading of what was typed (dates), and
the documents already on the site, which a page can link again instead of uploading again."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from ..errors import Problem
from ..model.addresses import ContentFile, classify
from ..read.project_files import read_project
from . import store
from .forms import Field, submitted, unreadable
from .freshness import is_correction
from .ui import Request, Response, Shown
from .uploads import Document

if TYPE_CHECKING:
    from .context import EditorContext


def unread_problems(name: str, fields: Sequence[Field], form: Mapping[str, list[str]]) -> list[Shown]:
    """A problem on each field whose value the editor cannot read (a date it cannot make out)."""
    ids = {f.name: f.id for f in fields}
    return [Shown(Problem(name, text), "#" + ids[field], "") for field, text in unreadable(fields, form).items()]


def documents(editor: EditorContext) -> list[dict[str, str]]:
    """The documents and pictures already in content/, to link again from a page."""
    found = []
    for name in sorted(read_project(editor.root).files):
        item = classify(name) if name.startswith("content/") else None
        if isinstance(item, ContentFile) and item.role == "attachment":
            found.append({"name": name, "label": "/" + item.path})
    return found


def _words_of(name: str) -> str:
    """Link words from a file name, until the editor types better ones: "annual-report-2024" → "Annual report 2024"."""
    words = name.rpartition("/")[2].rpartition(".")[0].replace("-", " ").replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def link_existing(editor: EditorContext, request: Request, known: list[dict[str, str]], body: str) -> str | None:
    """The page's text with a link to the chosen document added at its end (None: none chosen)."""
    chosen = request.value("existing")
    if chosen not in {d["name"] for d in known}:
        return None
    _, path = store.content_file(editor.root, chosen, ("attachment",))
    link = Document(chosen, store.read(path)).link(request.value("existing_text") or _words_of(chosen))
    return (body.rstrip("\n") + ("\n\n" if body.strip() else "") + link).strip("\n")


def at_item(response: Response, index: int) -> Response:
    """The redirect to the list, at the item (#item-3): the list screen puts focus on it."""
    response.headers = [(k, v + f"#item-{index}" if k == "Location" else v) for k, v in response.headers]
    return response


def item_article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def item_name_of(data: Mapping[str, object], kind: str) -> str:
    return str(data.get("item_name", "term" if kind == "glossary" else "item"))


def first_values(item: Mapping[str, object]) -> str:
    """An item of a list with its own fields, named by its first values: "2 May 2024 · Wendle Print Works"."""
    given = [v for k, v in item.items() if k not in ("id", "themes", "draft", "reviewed") and v is not None]
    return " · ".join(str(value) for value in given[:2] if not isinstance(value, (list, dict)))


def as_sent(context: dict[str, object], name: str, fields: Sequence[Field], request: Request) -> list[Shown]:
    """The form keeps exactly what was sent (and the correction tick); what could not be read
    (a date like "31 February") comes back as problems on its fields."""
    context["values"] = submitted(fields, request.form)
    context["correction"] = is_correction(request.form)
    return unread_problems(name, fields, request.form)
