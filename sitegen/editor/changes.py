"""What changed since the last publish, in plain words, and the Publish button.

The last published version of each file comes from git (`gitrepo`); lists are compared
item by item by their ids (as the site addresses them), so a moved item reads as moved, not
as removed and added again. Every text file also gets a readable line-by-line diff.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..errors import Problem
from ..model.addresses import ContentFile, attachment_type, classify
from ..model.documents import file_size
from ..model.list_loading import load_data_file
from ..model.loading import load_site
from ..model.site_content import Collection, Glossary
from ..read.project_files import read_project
from . import gitrepo, publishing, saving
from .context import EditorContext
from .saving import common
from .ui import Request, Response, Shown, redirect, render
from .yaml_edit import load, split_page

MAX_DIFF_LINES = 400


@dataclass
class FileChange:
    name: str
    status: str  # added, changed, removed
    what: str  # "Page “Plan”", "Timeline “In West Mercia”", "Document files/report.pdf (PDF, 1 MB)"
    details: list[str] = field(default_factory=list)
    diff: list[tuple[str, str]] = field(default_factory=list)  # (added|removed|same|gap, line)
    diff_cut: bool = False


def _text(data: bytes | None) -> str:
    return "" if data is None else data.decode("utf-8", "replace").replace("\r\n", "\n")


def _excerpt(text: object, limit: int = 70) -> str:
    words = " ".join(str(text or "").split())
    return words if len(words) <= limit else words[: limit - 1].rsplit(" ", 1)[0].rstrip(".,;:") + "…"


def describe(name: str, status: str, old: bytes | None, new: bytes | None) -> FileChange:
    item = classify(name) if name.startswith("content/") else None
    if name == "site_config.yaml":
        change = FileChange(name, status, "The site's settings (site_config.yaml)")
    elif isinstance(item, ContentFile) and item.role == "attachment":
        data = new if new is not None else old
        size = f" ({attachment_type(name)}, {file_size(len(data or b''))})"
        return FileChange(
            name,
            status,
            f"Document /{item.path}{size}",
            ["A new version replaces the published one."] if status == "changed" else [],
        )
    elif isinstance(item, ContentFile) and item.role == "page":
        change = FileChange(name, status, f"Page “{_title(new if new is not None else old)}” (/{item.path})")
        change.details = _page_details(old, new) if status == "changed" else []
    elif isinstance(item, ContentFile) and item.role == "data":
        change = _list_change(name, status, item.path, old, new)
    else:
        change = FileChange(name, status, f"The file {name} (not used by the site)")
    _add_diff(change, _text(old), _text(new))
    return change


def _title(data: bytes | None) -> str:
    parts = split_page(_text(data))
    try:
        meta = load(parts[0]) if parts else None
    except Exception:
        meta = None
    return str(meta.get("title")) if isinstance(meta, dict) and meta.get("title") else "(no title)"


def _page_details(old: bytes | None, new: bytes | None) -> list[str]:
    before, after = split_page(_text(old)), split_page(_text(new))
    if before is None or after is None:
        return []
    details = []
    try:
        old_loaded, new_loaded = load(before[0]), load(after[0])
    except Exception:
        old_loaded = new_loaded = None
    # Front matter that is not 'name: value' lines has no fields to compare.
    old_meta = old_loaded if isinstance(old_loaded, dict) else {}
    new_meta = new_loaded if isinstance(new_loaded, dict) else {}
    for key in dict.fromkeys([*old_meta, *new_meta]):
        if old_meta.get(key) != new_meta.get(key):
            details.append(f"“{key}” changed from “{_excerpt(old_meta.get(key))}” to “{_excerpt(new_meta.get(key))}”.")
    if before[2].strip() != after[2].strip():
        details.append("The text changed (see the lines below).")
    return details


def _list_change(name: str, status: str, path: str, old: bytes | None, new: bytes | None) -> FileChange:
    new_loaded = load_data_file(name, new, path)[0] if new is not None else None
    old_loaded = load_data_file(name, old, path)[0] if old is not None else None
    shown = new_loaded or old_loaded
    label = "Glossary" if isinstance(shown, Glossary) else (shown.kind.capitalize() if shown else "List")
    title = shown.title if shown else name
    change = FileChange(name, status, f"{label} “{title}” (/{path})")
    if status != "changed":
        return change
    if isinstance(old_loaded, Collection) and isinstance(new_loaded, Collection):
        change.details = _item_details(old_loaded, new_loaded)
    elif isinstance(old_loaded, Glossary) and isinstance(new_loaded, Glossary):
        change.details = _term_details(old_loaded, new_loaded)
    else:
        change.details = ["The file has mistakes, so its items cannot be compared: see the lines below."]
    return change


_ENTRY_FIELDS = (
    ("text", "text"),
    ("period", "period"),
    ("themes", "themes"),
    ("status", "status"),
    ("target", "target"),
    ("draft", "draft"),
    ("reviewed", "last reviewed"),
)


def _item_details(old: Collection, new: Collection) -> list[str]:
    one = new.items.one
    before = {entry.id: entry for entry in old.entries}
    after = {entry.id: entry for entry in new.entries}
    details = []
    for key in ("title", "description", "intro", "nav_title", "nav_order", "updated", "reviewed", "draft"):
        if getattr(old, key) != getattr(new, key):
            details.append(f"The list's “{key}” changed.")
    if dict(old.themes) != dict(new.themes):
        details.append("The list's themes changed.")
    for entry in new.entries:
        if entry.id not in before:
            details.append(f"Added {one} “{_excerpt(entry.text)}”" + (" (a draft)." if entry.draft else "."))
    for entry in old.entries:
        if entry.id not in after:
            details.append(f"Removed {one} “{_excerpt(entry.text)}”.")
    for entry in new.entries:
        was = before.get(entry.id)
        if was is None:
            continue
        changed = [
            label
            for attribute, label in _ENTRY_FIELDS
            if _shown(getattr(was, attribute)) != _shown(getattr(entry, attribute))
        ]
        if changed:
            details.append(f"Changed the {', '.join(changed)} of {one} “{_excerpt(entry.text)}”.")
    common_ids = [entry.id for entry in new.entries if entry.id in before]
    if common_ids != [entry.id for entry in old.entries if entry.id in after]:
        details.append(f"The order of the {new.items.many} changed.")
    return details


def _shown(value: object) -> object:
    return getattr(value, "label", value)  # a period compares by what readers see


def _term_details(old: Glossary, new: Glossary) -> list[str]:
    before = {t.term: t for t in old.terms}
    after = {t.term: t for t in new.terms}
    details = [f"Added the term {t}." for t in after if t not in before]
    details += [f"Removed the term {t}." for t in before if t not in after]
    details += [f"Changed the term {t}." for t in after if t in before and before[t] != after[t]]
    return details


def _add_diff(change: FileChange, old: str, new: str) -> None:
    lines = []
    for line in difflib.unified_diff(old.split("\n"), new.split("\n"), lineterm="", n=2):
        if line.startswith(("---", "+++")):
            continue
        if line.startswith("@@"):
            start = line.split("+", 1)[1].split(",")[0].split(" ")[0]
            lines.append(("gap", f"From line {start}" if start != "0" else "The whole file"))
        else:
            lines.append(({"+": "added", "-": "removed"}.get(line[:1], "same"), line[1:]))
    change.diff = lines[:MAX_DIFF_LINES]
    change.diff_cut = len(lines) > MAX_DIFF_LINES


def drafts(editor: EditorContext) -> list[str]:
    content = editor.content or load_site(read_project(editor.root).files, include_drafts=True).content
    found = [f"Page “{page.title}” (/{page.path})" for page in content.pages if page.draft]
    for collection in content.collections.values():
        if collection.draft:
            found.append(f"{collection.kind.capitalize()} “{collection.title}” (/{collection.path}), the whole list")
        count = sum(1 for entry in collection.entries if entry.draft)
        if count:
            found.append(f"{collection.items.count(count)} in “{collection.title}” (/{collection.path})")
    return found


def show_changes(
    editor: EditorContext,
    request: Request,
    problem: str = "",
    message: str = "",
    about_message: bool = False,
    blocking: Sequence[Problem] = (),
) -> Response:
    found: list[FileChange] = []
    git_problem, unsent, remote = "", 0, None
    try:
        repo = gitrepo.repository(editor.root)
        for status, name in gitrepo.changed_files(repo):
            new = (editor.root / name).read_bytes() if status != "removed" else None
            found.append(describe(name, status, gitrepo.published(repo, name), new))
        unsent, remote = gitrepo.unsent(repo), gitrepo.remote_of(repo)
    except gitrepo.GitProblem as error:
        git_problem = str(error)
    problems = [Shown(saving_problem(problem), "#f-message" if about_message else "", "")] if problem else []
    problems += [Shown(p, "", f"{p.file}, line {p.line}" if p.line else p.file) for p in blocking]
    lead = (
        "Nothing was published. The host checks the site as --strict does, warnings included, and would "
        "refuse it: fix these first."
        if blocking
        else "Nothing was published."
    )
    return render(
        "changes.html",
        **common(
            editor,
            request,
            title="Changes and publishing",
            current="changes",
            changes=found,
            drafts=drafts(editor),
            git_problem=git_problem,
            unsent=unsent,
            remote=remote[0] if remote else "",
            message=message,
            problems=problems,
            summary_lead=lead,
            errors_by_field={"f-message": problems} if about_message else {},
        ),
    )


def saving_problem(text: str) -> Problem:
    return Problem("", text)


def publish(editor: EditorContext, request: Request) -> Response:
    message = " ".join(request.value("message").split())
    if not message:
        return show_changes(
            editor,
            request,
            "Describe your change in a sentence, like “Added the 2024 entries to the timeline”.",
            about_message=True,
        )
    try:
        said = publishing.publish(gitrepo.repository(editor.root), message)
    except publishing.Blocked as blocked:
        return show_changes(editor, request, message=message, blocking=blocked.problems)
    except gitrepo.GitProblem as error:
        return show_changes(editor, request, str(error), message)
    return redirect("/edit/changes", done=saving.remember(editor, said))
