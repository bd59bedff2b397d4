"""The editor's first screen: every page, list and document of the site, grouped by topic."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict

from ..model.addresses import ContentFile, classify
from ..model.loading import load_site
from ..read.project_files import read_project
from .restoring import deletions
from .saving import common
from .ui import Request, Response, render

if TYPE_CHECKING:
    from .context import EditorContext


class SiteFile(TypedDict):
    """A page, list or document as the first screen lists it."""

    name: str  # "content/plan.md"
    title: str
    draft: bool
    role: str  # page, data or attachment
    path: str  # its address
    folder: str  # its topic's folder ("" for the top of the site)
    edit: str  # the screen that edits it ("" for a document)
    loaded: bool  # whether the last build read it (a title of its own)
    drafted: int  # how many of a list's items are drafts


class Topic(TypedDict):
    folder: str
    title: str
    files: list[SiteFile]


def site_files(editor: EditorContext) -> list[SiteFile]:
    """Every page, list and document of the content, with its title, address and draft mark."""
    project = read_project(editor.root)
    # The preview's last good build (drafts included) has every title; load only without it.
    loaded = getattr(editor.state, "content", None) or load_site(project.files, include_drafts=True).content
    titles: dict[str, tuple[str, bool]] = {page.file: (page.title, page.draft) for page in loaded.pages}
    titles |= {c.file: (c.title, c.draft) for c in loaded.collections.values()}
    if loaded.glossary is not None:
        titles[loaded.glossary.file] = (loaded.glossary.title, False)
    found: list[SiteFile] = []
    for name in project.files:
        item = classify(name) if name.startswith("content/") else None
        if not isinstance(item, ContentFile) or item.role == "unused":
            continue
        title, draft = titles.get(name, (name.removeprefix("content/"), False))
        screen = {"page": "page", "data": "list", "attachment": ""}[item.role]
        found.append(
            {
                "name": name,
                "title": title,
                "draft": draft,
                "role": item.role,
                "path": item.path,
                "folder": item.folder,
                "edit": f"/edit/{screen}?file={name}" if screen else "",
                "loaded": name in titles or item.role == "attachment",
                "drafted": sum(1 for c in loaded.collections.values() if c.file == name for e in c.entries if e.draft),
            }
        )
    return found


def topics(files: list[SiteFile]) -> list[Topic]:
    """The files grouped by topic folder: the top of the site first."""
    groups: dict[str, Topic] = {}
    for item in sorted(files, key=lambda f: (f["folder"], f["role"] == "attachment", f["title"].lower())):
        folder = item["folder"]
        if item["role"] == "attachment":
            folder = "documents"
        group = groups.setdefault(folder, {"folder": folder, "title": "", "files": []})
        group["files"].append(item)
        if item["name"] == f"content/{item['folder']}index.md" and folder != "documents":
            group["title"] = "Home page and top-level pages" if not folder else f"Topic: {item['title']}"
    for group in groups.values():
        group["title"] = group["title"] or (
            "Documents and pictures" if group["folder"] == "documents" else f"Folder content/{group['folder']}"
        )
    return sorted(groups.values(), key=lambda g: (g["folder"] == "documents", g["folder"]))


def index(editor: EditorContext, request: Request) -> Response:
    return render(
        "index.html",
        **common(
            editor,
            request,
            title="Pages and lists",
            current="index",
            groups=topics(site_files(editor)),
            deleted=deletions(editor.root),
        ),
    )
