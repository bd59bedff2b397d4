"""The editor's screens for pages: a page's form (its fields, its Markdown, a preview, a
document to attach or link again), a new page or list, and any file as plain text. The list
of everything is in site_index.py."""

from __future__ import annotations

import re

from ..errors import Problem
from ..model.addresses import ContentFile, classify
from ..model.ids import slugify
from ..read.project_files import read_project
from . import preview, saving, store
from .context import EditorContext
from .form_parts import documents, link_existing, unread_problems
from .forms import PAGE_FIELDS, changes, form_of, submitted
from .freshness import is_correction, with_updated
from .freshness import today as today_date
from .history import history_context, save_and_record
from .saving import NotText, common, open_file
from .site_index import index as index
from .site_index import site_files
from .ui import Request, Response, Shown, by_field, place, redirect, render
from .uploads import UploadRefused, check_upload
from .value_types import ControlValue, YamlMapping, YamlValue
from .yaml_edit import EditError, compose, line_spans, load, set_fields, split_page

PAGE_ORDER = tuple(field.name for field in PAGE_FIELDS)
MAX_SLUG = 80  # A page's address, or a new topic's, in letters, digits and hyphens.
NEW_KINDS = (
    ("page", "Page", "text with headings, links and documents"),
    ("timeline", "Timeline", "events in date order, filtered by year and theme"),
    ("list", "List", "items such as services, each with its text"),
    ("steps", "Steps", "steps with a status (planned, in progress, done) and a target date"),
)


# --- a page ----------------------------------------------------------------------------------


def edit_page(editor: EditorContext, request: Request) -> Response:
    name = request.arg("file")
    try:
        opened = open_file(editor, name, ("page",), request.value("version"))
    except NotText:
        return saving.not_text_page(editor, name)
    parts = split_page(opened.text)
    data = _front_matter(parts[0]) if parts else None
    if parts is None or data is None:
        return redirect("/edit/text", file=name, why="front-matter")
    front, fence, body = parts
    known, address = documents(editor), "/" + _address_of(name)
    context = common(
        editor,
        request,
        **history_context(editor, name),
        documents=known,
        title=f"Edit: {data.get('title', name)}",
        file=name,
        fields=PAGE_FIELDS,
        version=opened.version,
        values={**form_of(PAGE_FIELDS, data), "body": body.strip("\n")},
        address=address,
        preview_html=None,
        current="index",
    )
    if request.method == "GET":
        return render("page.html", **context)
    sent_body = request.value("body").replace("\r\n", "\n").replace("\r", "\n")
    sent_values: dict[str, ControlValue] = {**submitted(PAGE_FIELDS, request.form), "body": sent_body.strip("\n")}
    context["values"] = sent_values
    context["correction"] = is_correction(request.form)
    unread = unread_problems(name, PAGE_FIELDS, request.form)
    if unread:
        return render("page.html", **{**context, "problems": unread, "errors_by_field": by_field(unread)})
    new_files: dict[str, bytes] = {}
    action = request.value("action", "save")
    if action == "link":  # A document already on the site, linked again rather than uploaded again.
        linked = link_existing(editor, request, known, sent_body)
        if linked is None:
            return _refused(context, "existing", "Choose a document from the list.")
        sent_body = sent_values["body"] = linked
    upload = request.uploads.get("document")
    if action == "upload" or upload is not None:
        if upload is None:
            return _refused(context, "document", "Choose a document to add.")
        try:
            document = check_upload(upload.filename, upload.data)
        except UploadRefused as error:
            return _refused(context, "document", str(error))
        if document.name in read_project(editor.root).files:
            return _refused(
                context,
                "document",
                f"There is already a document called "
                f"{document.name.removeprefix('content/')}. Rename your file (for example, add the "
                "year) and add it again.",
            )
        link = document.link(request.value("link_text") or upload.filename.rpartition(".")[0])
        sent_body = sent_body.rstrip("\n") + ("\n\n" if sent_body.strip() else "") + link
        sent_values["body"] = sent_body.strip("\n")
        new_files[document.name] = document.data
    try:
        field_changes = changes(PAGE_FIELDS, data, request.form)
        changed = bool(field_changes) or bool(new_files) or sent_body.strip() != body.strip()
        new_front = set_fields(front, (), with_updated(field_changes, data, request.form, changed), PAGE_ORDER)
    except EditError as error:
        return _refused(context, "", f"The editor could not write this change safely ({error}). Nothing was saved.")
    new_body = body if sent_body.strip() == body.strip() else _with_body(body, sent_body)
    head = opened.text[: len(opened.text) - len(front) - len(fence) - len(body)]  # the first '---' line
    new_text = head + new_front + fence + new_body
    page_bytes = opened.encode(new_text)
    if action == "preview":
        context["preview_html"] = preview.page_preview(editor.root, name, {name: page_bytes, **new_files})
        return render("page.html", **context)
    message = f"Changed the page “{request.value('title') or data.get('title', name)}” ({name})" + (
        f" and added {', '.join(new_files)}" if new_files else ""
    )
    outcome, _commit, note = save_and_record(
        editor, {name: page_bytes, **new_files}, message, tuple(new_files), based_on=(opened, request)
    )
    if not outcome.ok:
        lines = _page_lines(new_text)
        ids = {f.name: f.id for f in PAGE_FIELDS} | {"body": "f-body"}
        shown = place(list(outcome.errors) + list(outcome.warnings), name, lines, ids, fallback="f-body")
        return render(
            "page.html",
            **{
                **context,
                "problems": [s for s in shown if not s.problem.is_warning],
                "warnings": [s for s in shown if s.problem.is_warning],
                "errors_by_field": by_field([s for s in shown if not s.problem.is_warning]),
            },
        )
    said = "Saved." + (
        f" Added {new_files and next(iter(new_files)).removeprefix('content/')} and a link to it at "
        "the end of the page."
        if new_files
        else ""
    )
    key = saving.remember(editor, said + note, outcome.warnings, (address, "See the page in the preview"))
    return redirect("/edit/page", file=name, done=key)


def _front_matter(front: str) -> YamlMapping | None:
    try:
        data: YamlValue = load(front) if front.strip() else {}
        if front.strip():
            compose(front)
    except Exception:
        return None
    return data if isinstance(data, dict) else None


def _with_body(old: str, sent: str) -> str:
    """The new body, with the blank lines the old one had around it."""
    leading = old[: len(old) - len(old.lstrip("\n"))]
    return leading + sent.strip("\n") + "\n"


def _page_lines(text: str) -> dict[str, tuple[int, int]]:
    """Which lines of the page each field takes (the body: everything after the front matter)."""
    parts = split_page(text)
    if parts is None:
        return {}
    front, _fence, body = parts
    try:
        spans = line_spans(front, compose(front)) if front.strip() else {}
    except EditError:
        spans = {}
    lines = {name: (first + 1, last + 1) for name, (first, last) in spans.items()}  # after the first '---'
    body_first = text[: len(text) - len(body)].count("\n") + 1
    lines["body"] = (body_first, 10**9)
    return lines


def _refused(context: dict[str, object], field: str, text: str, template: str = "page.html") -> Response:
    """The form again, with one problem of the editor's own (not from the build)."""
    file = str(context["file"])
    shown = place([Problem(file, text)], file, {}, {}, fallback="")
    if field:
        shown = [type(shown[0])(shown[0].problem, f"#f-{field}", "")]
    return render(template, **{**context, "problems": shown, "errors_by_field": by_field(shown)})


# --- a new page or list -------------------------------------------------------------------------


def new_file(editor: EditorContext, request: Request) -> Response:
    files = site_files(editor)
    folders = sorted({f["folder"] for f in files if f["name"] == f"content/{f['folder']}index.md"})
    topic_titles = {f["folder"]: f["title"] for f in files if f["name"] == f"content/{f['folder']}index.md"}
    context = common(
        editor,
        request,
        title="Add a page or list",
        current="new",
        kinds=NEW_KINDS,
        topics=[(folder, topic_titles.get(folder, folder)) for folder in folders],
        values={
            "kind": request.value("kind", "page"),
            "topic": request.value("topic", ""),
            "new_topic": request.value("new_topic"),
            "title": request.value("title"),
            "name": request.value("name"),
            "draft": request.method == "GET" or request.value("draft") == "true",
        },
        file="",
    )
    if request.method == "GET":
        return render("new.html", **context)
    problems: list[tuple[str, str]] = []
    kind, title = request.value("kind"), request.value("title").strip()
    if kind not in {k for k, _, _ in NEW_KINDS}:
        problems.append(("kind-0", "Choose what to add: a page, a timeline, a list or steps."))
    if not title:
        problems.append(("title", "Enter a title."))
    topic = request.value("topic")
    new_topic = slugify(request.value("new_topic")) if request.value("new_topic").strip() else ""
    if topic == "(new)" and not new_topic:
        problems.append(("new_topic", "Enter the new topic's name."))
    if topic not in folders and topic != "(new)":
        problems.append(("topic-0", "Choose where the page goes."))
    if topic == "(new)" and kind != "page":
        problems.append(
            ("kind-0", "A new topic starts with its overview page: add a page first, then add lists to the topic.")
        )
    slug = slugify(request.value("name") or title) if (request.value("name") or title) else ""
    if not request.value("name") and len(slug) > MAX_SLUG:  # From a long title: its first words.
        slug = slug[: MAX_SLUG + 1].rsplit("-", 1)[0]
    if len(slug) > MAX_SLUG or len(new_topic) > MAX_SLUG:
        problems.append(("name", f"The address is too long: use up to {MAX_SLUG} letters, digits and hyphens."))
    folder = f"{new_topic}/" if topic == "(new)" else topic
    name = (
        f"content/{folder}index.md"
        if topic == "(new)"
        else f"content/{folder}{slug}.{'md' if kind == 'page' else 'yaml'}"
    )
    if not problems:
        item = classify(name)
        if isinstance(item, Problem) or item is None:
            problems.append(
                ("name", item.message + ": " + item.hint if isinstance(item, Problem) else "Choose another address.")
            )
        elif name in read_project(editor.root).files or (editor.root / name).exists():
            problems.append(("name", f"/{item.path} is already taken by {name}. Choose another address."))
    if problems:
        shown = [_shown(name, target, text) for target, text in problems]
        return render("new.html", **{**context, "problems": shown, "errors_by_field": by_field(shown)})
    text = starter(kind, title, request.value("draft") == "true")
    try:
        store.content_file(editor.root, name, must_exist=False)
        outcome, _commit, note = save_and_record(editor, {name: text.encode("utf-8")}, f"Added {name}", (name,))
    except store.PathRefused as error:
        shown = [_shown(name, "name", str(error))]
        return render("new.html", **{**context, "problems": shown, "errors_by_field": by_field(shown)})
    if not outcome.ok:
        shown = place(list(outcome.errors), name, {}, {}, fallback="title")
        return render("new.html", **{**context, "problems": shown, "errors_by_field": by_field(shown)})
    key = saving.remember(editor, f"Added {name}. Its address is /{_address_of(name)}.{note}", outcome.warnings)
    return redirect("/edit/page" if kind == "page" else "/edit/list", file=name, done=key)


def _shown(name: str, target: str, text: str) -> Shown:

    return Shown(Problem(name, text), f"#f-{target}", "")


def starter(kind: str, title: str, draft: bool) -> str:
    """A new file with only what the schema requires; the editor fills in the rest."""
    today = today_date().isoformat()
    quoted = saving_quote(title)
    draft_line = "draft: true\n" if draft else ""
    if kind == "page":
        return f"---\ntitle: {quoted}\nupdated: {today}\n{draft_line}---\n\n"
    item = {"timeline": "entry", "list": "item", "steps": "step"}[kind]
    first = {
        "timeline": f'  - period: "{today[:4]}"\n    text: "TODO: write the first entry."\n',
        "list": '  - text: "TODO: write the first item."\n',
        "steps": '  - status: planned\n    text: "TODO: write the first step."\n',
    }[kind]
    return (
        f"kind: {kind}\ntitle: {quoted}\ndescription: {quoted}\nitem_name: {item}\n"
        f"updated: {today}\nreviewed: {today}\n{draft_line}\nentries:\n{first}"
    )


def saving_quote(text: str) -> str:
    from .yaml_edit import scalar_text

    return scalar_text(re.sub(r"\s+", " ", text).strip(), 0, '"')


# --- any file, as text --------------------------------------------------------------------------


def edit_text(editor: EditorContext, request: Request) -> Response:
    name = request.arg("file")
    try:
        opened = open_file(editor, name, ("page", "data"), request.value("version"))
    except NotText:
        return saving.not_text_page(editor, name)
    context = common(
        editor,
        request,
        title=f"Edit as text: {name}",
        file=name,
        version=opened.version,
        values={"text": opened.text},
        why=request.arg("why"),
        current="index",
    )
    if request.method == "GET":
        return render("text.html", **context)
    sent = request.value("text").replace("\r\n", "\n").replace("\r", "\n")
    context["values"] = {"text": sent}
    new_text = opened.text if sent.rstrip("\n") == opened.text.rstrip("\n") else sent.rstrip("\n") + "\n"
    outcome, _commit, note = save_and_record(
        editor, {name: opened.encode(new_text)}, f"Changed {name} as text", based_on=(opened, request)
    )
    if not outcome.ok:
        shown = place(list(outcome.errors) + list(outcome.warnings), name, {}, {}, fallback="f-text")
        return render(
            "text.html",
            **{
                **context,
                "problems": [s for s in shown if not s.problem.is_warning],
                "warnings": [s for s in shown if s.problem.is_warning],
                "errors_by_field": by_field([s for s in shown if not s.problem.is_warning]),
            },
        )
    key = saving.remember(editor, "Saved." + note, outcome.warnings)
    return redirect("/edit/text", file=name, done=key)


def _address_of(name: str) -> str:
    """The address a content file makes ("plan/" for content/plan.md), or "" if it makes none."""
    item = classify(name)
    return item.path if isinstance(item, ContentFile) else ""
