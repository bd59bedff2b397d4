"""The editor's screens for lists (timelines, plain lists, steps and the glossary): the items
with buttons to edit, move and remove each, an item's form, and the list's own settings.

Every change is a splice of the file's text (`yaml_edit`), checked as a build checks it
before it is written; the buttons are forms that POST, so they work without JavaScript.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from ..errors import Problem
from ..model.site_content import plural
from . import saving
from .checks import Outcome
from .context import EditorContext
from .form_parts import as_sent, first_values
from .form_parts import at_item as _at_item
from .form_parts import item_article as _article
from .form_parts import item_name_of as _item_name
from .forms import FILE_MODELS, Field, changes, fields_of, form_of, item_fields, values
from .freshness import freshened, is_correction, with_updated
from .history import history_context, offer_undo, save_and_record
from .item_addresses import after_move, after_removal, kept
from .saving import NotText, Opened, common, open_file
from .ui import Request, Response, Shown, by_field, message_page, place, redirect, render
from .value_types import YamlMapping
from .value_types import mappings_in as _entries
from .yaml_edit import EditError, Location, compose, line_spans, load, node_at, set_fields
from .yaml_items import insert_item
from .yaml_items import move_item as move
from .yaml_items import remove_item as remove

PER_SCREEN = 100


class _Unreadable(Exception):
    pass


def _open(editor: EditorContext, name: str, version: str) -> tuple[Opened, YamlMapping, str, str]:
    """The list's file (as the form was opened on, see `open_file`), its data, its kind and the key of its items."""
    opened = open_file(editor, name, ("data",), version)
    try:
        data = load(opened.text)
        compose(opened.text)
    except Exception:
        raise _Unreadable(name) from None
    kind = data.get("kind") if isinstance(data, dict) else None
    if not isinstance(data, dict) or not isinstance(kind, str) or kind not in FILE_MODELS:
        raise _Unreadable(name)
    key = "terms" if kind == "glossary" else "entries"
    items = data.get(key)
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise _Unreadable(name)
    return opened, data, kind, key


ListView = Callable[
    [EditorContext, Request, Opened, YamlMapping, str, str], Response
]  # a screen of the list opened (_open)


def _guarded(view: ListView) -> Callable[[EditorContext, Request], Response]:
    """A list's screen, given the list opened; or the reason it cannot be (not text, unreadable)."""

    def wrapped(editor: EditorContext, request: Request) -> Response:
        name = request.arg("file")
        try:
            return view(editor, request, *_open(editor, name, request.value("version")))
        except NotText:
            return saving.not_text_page(editor, name)
        except _Unreadable:
            return redirect("/edit/text", file=name, why="list")

    wrapped.__name__ = view.__name__
    return wrapped


def _label(item: Mapping[str, object], position: int, kind: str) -> str:
    if kind == "glossary":
        return str(item.get("term", f"Term {position + 1}"))
    text = " ".join(str(item.get("text", "")).split())
    text = text or first_values(item)  # A list with its own fields: "2 May 2024 · Wendle Print Works".
    short = text if len(text) <= 90 else text[:87].rsplit(" ", 1)[0] + "…"
    return short or f"Item {position + 1}"


def _items(data: YamlMapping, key: str, kind: str) -> list[YamlMapping]:
    return [
        {
            "index": i,
            "label": _label(item, i, kind),
            "period": item.get("period"),
            "status": item.get("status"),
            "term": item.get("term"),
            "draft": item.get("draft") is True,
            "id": item.get("id"),
        }
        for i, item in enumerate(_entries(data, key))
    ]


def _list_context(
    editor: EditorContext, request: Request, opened: Opened, data: YamlMapping, kind: str, key: str
) -> dict[str, object]:
    items = _items(data, key, kind)
    start = max(0, _number(request.arg("from"), 0))
    return common(
        editor,
        request,
        **history_context(editor, opened.name),
        title=f"Edit: {data.get('title', opened.name)}",
        file=opened.name,
        kind=kind,
        data=data,
        version=opened.version,
        items=items[start : start + PER_SCREEN],
        start=start,
        total=len(items),
        per_screen=PER_SCREEN,
        current="index",
        item_name=data.get("item_name", "term" if kind == "glossary" else "item"),
        item_names=data.get("item_name_plural") or plural(_item_name(data, kind)),
    )


def _number(text: str, default: int) -> int:
    """A position sent in an address or a form: plain digits 0-9, at most six of them."""
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 6 else default


@_guarded
def show_list(
    editor: EditorContext, request: Request, opened: Opened, data: YamlMapping, kind: str, key: str
) -> Response:
    return render("list.html", **_list_context(editor, request, opened, data, kind, key))


def _order(data: YamlMapping, key: str, fields: list[Field]) -> list[str]:
    """Where a new field goes among the others: as the file's items have them, then the schema's order."""
    seen: dict[str, None] = {}
    for item in _entries(data, key)[:50]:
        seen.update(dict.fromkeys(item))
    return list(seen) + [f.name for f in fields if f.name not in seen]


def _problems_on(
    outcome: Outcome, name: str, text: str, location: Location, fields: list[Field]
) -> tuple[list[Shown], list[Shown]]:
    try:
        lines = line_spans(text, node_at(compose(text), location))
    except EditError:
        lines = {}
    ids = {f.name: f.id for f in fields}
    shown = place(list(outcome.errors) + list(outcome.warnings), name, lines, ids)
    return [s for s in shown if not s.problem.is_warning], [s for s in shown if s.problem.is_warning]


@_guarded
def edit_item(
    editor: EditorContext, request: Request, opened: Opened, data: YamlMapping, kind: str, key: str
) -> Response:
    fields = item_fields(kind, data)
    is_new = request.arg("index") == "new"
    entries = _entries(data, key)
    index = len(entries) if is_new else _number(request.arg("index"), -1)
    if not is_new and not 0 <= index < len(entries):
        return message_page(
            404,
            "No such item",
            "This list has no such item (any more?).",
            saving.site_title(editor),
            (f"/edit/list?file={opened.name}", "Back to the list"),
        )
    old: YamlMapping = {} if is_new else entries[index]
    item_name = _item_name(data, kind)
    context = common(
        editor,
        request,
        file=opened.name,
        fields=fields,
        version=opened.version,
        index=index,
        is_new=is_new,
        values=form_of(fields, old),
        list_title=data.get("title", opened.name),
        title=(f"Add {_article(item_name)} {item_name}" if is_new else f"Edit {item_name} {index + 1}")
        + f" – {data.get('title', '')}",
        item_name=item_name,
        current="index",
    )
    if request.method == "GET":
        return render("item.html", **context)
    unread = as_sent(context, opened.name, fields, request)
    if unread:
        return render("item.html", **{**context, "problems": unread, "errors_by_field": by_field(unread)})
    try:
        item_changes: dict[str, object] = {}
        if is_new:
            new_text = insert_item(opened.text, key, index, values(fields, request.form))
        else:
            item_changes = changes(fields, old, request.form)
            new_text = set_fields(opened.text, (key, index), item_changes, _order(data, key, fields))
        if is_new or item_changes:
            new_text = freshened(new_text, data, (), is_correction(request.form))
    except EditError as error:
        return render("item.html", **{**context, "problems": _not_written(opened.name, error), "errors_by_field": {}})
    label = _label(values(fields, request.form) if is_new else {**old, **item_changes}, index, kind)
    message = (
        f"Added {item_name} {index + 1} “{label}” to {opened.name}"
        if is_new
        else f"Changed {item_name} {index + 1} “{label}” in {opened.name}"
    )
    outcome, _commit, note = save_and_record(
        editor, {opened.name: opened.encode(new_text)}, message, based_on=(opened, request)
    )
    if not outcome.ok:
        errors, warnings = _problems_on(outcome, opened.name, new_text, (key, index), fields)
        return render(
            "item.html", **{**context, "problems": errors, "warnings": warnings, "errors_by_field": by_field(errors)}
        )
    said = f"{item_name.capitalize()} {index + 1} {'added' if is_new else 'saved'}.{note}"
    done = saving.remember(
        editor,
        said,
        outcome.warnings,
        ("/" + opened.name.removeprefix("content/").rsplit(".", 1)[0] + "/", "See the list in the preview"),
    )
    return _at_item(
        redirect("/edit/list", file=opened.name, done=done, **{"from": str(index // PER_SCREEN * PER_SCREEN)}), index
    )


def _problem(name: str, text: str) -> Problem:
    return Problem(name, text)


def _list_change(
    editor: EditorContext,
    request: Request,
    opened: Opened,
    data: YamlMapping,
    kind: str,
    key: str,
    new_text: str,
    said: str,
    message: str,
    focus: int,
    undo_words: str = "",
) -> Response:
    outcome, commit, note = save_and_record(
        editor, {opened.name: opened.encode(new_text)}, message, based_on=(opened, request)
    )
    if not outcome.ok:
        shown = place(list(outcome.errors), opened.name, {}, {})
        context = _list_context(editor, request, opened, data, kind, key)
        return render("list.html", **{**context, "problems": shown, "warnings": []})
    done = saving.remember(editor, said + note, outcome.warnings)
    if undo_words:
        offer_undo(editor, done, opened.name, commit, undo_words)
    return _at_item(
        redirect("/edit/list", file=opened.name, done=done, **{"from": str(focus // PER_SCREEN * PER_SCREEN)}), focus
    )


@_guarded
def move_item(
    editor: EditorContext, request: Request, opened: Opened, data: YamlMapping, kind: str, key: str
) -> Response:
    index, to = _number(request.value("index"), -1), _number(request.value("to"), -1)
    if request.value("position"):  # "Move to position": one step, wherever it goes.
        to = _number(request.value("position").strip(), 0) - 1
    entries = _entries(data, key)
    total = len(entries)
    if not (0 <= index < total and 0 <= to < total):
        return message_page(
            400,
            "Not moved",
            f"Choose a position from 1 to {total}. Nothing was changed.",
            saving.site_title(editor),
            (f"/edit/list?file={opened.name}#item-{max(0, min(index, total - 1))}", "Back to the list"),
        )
    try:
        new_text = opened.text
        for place_now in range(index, to, 1 if to > index else -1):  # neighbour by neighbour, each checked
            new_text = move(new_text, key, place_now, place_now + (1 if to > index else -1))
        if key == "entries":
            new_text = kept(opened.name, opened.text, new_text, after_move(total, index, to))
    except EditError as error:
        return message_page(
            400,
            "Not moved",
            f"{str(error).capitalize()}. Nothing was changed.",
            saving.site_title(editor),
            (f"/edit/list?file={opened.name}", "Back to the list"),
        )
    return _list_change(
        editor,
        request,
        opened,
        data,
        kind,
        key,
        new_text,
        f"Moved item {index + 1} {'up' if to < index else 'down'}: it is now item {to + 1}."
        if to != index
        else f"Item {index + 1} is already at position {to + 1}.",
        f"Moved {_item_name(data, kind)} {index + 1} “{_label(entries[index], index, kind)}” to position "
        f"{to + 1} in {opened.name}",
        to,
    )


@_guarded
def remove_item(
    editor: EditorContext, request: Request, opened: Opened, data: YamlMapping, kind: str, key: str
) -> Response:
    index = _number(request.value("index"), -1)
    try:
        new_text = remove(opened.text, key, index)
        if key == "entries":
            new_text = kept(opened.name, opened.text, new_text, after_removal(len(_entries(data, key)), index))
        new_text = freshened(new_text, data, ())
    except EditError as error:
        return message_page(
            400,
            "Not removed",
            f"{str(error).capitalize()}. Nothing was changed.",
            saving.site_title(editor),
            (f"/edit/list?file={opened.name}", "Back to the list"),
        )
    label = _label(_entries(data, key)[index], index, kind)
    return _list_change(
        editor,
        request,
        opened,
        data,
        kind,
        key,
        new_text,
        f"Removed item {index + 1} (“{label}”). Until you publish, the published site still has it. "
        "Undo brings it back at its place and its address.",
        f"Removed {_item_name(data, kind)} {index + 1} “{label}” from {opened.name}",
        min(index, len(_entries(data, key)) - 2),
        f"the removal of {_item_name(data, kind)} {index + 1}",
    )


@_guarded
def edit_settings(
    editor: EditorContext, request: Request, opened: Opened, data: YamlMapping, kind: str, key: str
) -> Response:
    fields = fields_of(FILE_MODELS[kind])
    context = common(
        editor,
        request,
        file=opened.name,
        fields=fields,
        version=opened.version,
        values=form_of(fields, data),
        title=f"Settings – {data.get('title', opened.name)}",
        list_title=data.get("title", opened.name),
        current="index",
    )
    if request.method == "GET":
        return render("settings.html", **context)
    unread = as_sent(context, opened.name, fields, request)
    if unread:
        return render("settings.html", **{**context, "problems": unread, "errors_by_field": by_field(unread)})
    try:
        new_text = set_fields(
            opened.text,
            (),
            with_updated(changes(fields, data, request.form), data, request.form),
            [f.name for f in fields] + ["entries", "terms"],
        )
    except EditError as error:
        return render(
            "settings.html", **{**context, "problems": _not_written(opened.name, error), "errors_by_field": {}}
        )
    message = f"Changed the settings of “{data.get('title', opened.name)}” ({opened.name})"
    outcome, _commit, note = save_and_record(
        editor, {opened.name: opened.encode(new_text)}, message, based_on=(opened, request)
    )
    if not outcome.ok:
        errors, warnings = _problems_on(outcome, opened.name, new_text, (), fields)
        return render(
            "settings.html",
            **{**context, "problems": errors, "warnings": warnings, "errors_by_field": by_field(errors)},
        )
    done = saving.remember(editor, "Settings saved." + note, outcome.warnings)
    return redirect("/edit/list", file=opened.name, done=done)


def _not_written(name: str, error: EditError) -> list[Shown]:
    """The message when the change could not be spliced into the file safely: nothing is saved."""
    return [
        Shown(_problem(name, f"The editor could not write this change safely ({error}). Nothing was saved."), "", "")
    ]
