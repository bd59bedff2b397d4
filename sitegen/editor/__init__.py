"""The web editor: change and publish the site in a browser, inside the live preview.

`mount` puts the editor at /edit/ in front of the preview's WSGI app, and adds an "Edit this
page" bar to every previewed page. It is mounted only when the preview listens on this
computer alone (127.0.0.1); `build.py build` never touches it, so nothing of it reaches the
published site.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from urllib.parse import quote
from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

from markupsafe import escape

from ..model.site_content import SiteContent
from .app import LOOPBACK, Editor
from .context import LastBuild

__all__ = ["Editor", "mount", "source_of"]


def source_of(content: SiteContent | None, path: str) -> tuple[str, str] | None:
    """The file that made the page at `path` ("timeline/2021/"), and its editor screen."""
    if content is None:
        return None
    for page in content.pages:
        if page.path == path:
            return page.file, "page"
    owners = [(c.path, c.file) for c in content.collections.values()]
    if content.glossary is not None:
        owners.append((content.glossary.path, content.glossary.file))
    found = max((owner for owner in owners if path.startswith(owner[0])), key=lambda o: len(o[0]), default=None)
    return (found[1], "list") if found else None


def _edit_bar(content: SiteContent | None, page: str) -> bytes:
    source = source_of(content, page)
    edit = (
        (
            f'<li><a href="/edit/{source[1]}?file={quote(source[0])}">Edit this '
            f'{"page" if source[1] == "page" else "list"}<span class="visually-hidden"> ({escape(source[0])})'
            "</span></a></li>"
        )
        if source
        else ""
    )
    return (
        f'<nav class="preview-edit" aria-label="Editor"><div class="wrapper"><ul>{edit}'
        '<li><a href="/edit/">All pages and lists</a></li>'
        '<li><a href="/edit/changes">Changes and publishing</a></li></ul></div></nav>'
    ).encode()


def mount(
    preview_app: WSGIApplication,
    root: Path,
    state: LastBuild | None,
    host: str,
    port: int,
    after_save: Callable[[], None] = lambda: None,
) -> WSGIApplication:
    """The preview's app with the editor at /edit/ (on this computer only)."""
    if host not in LOOPBACK:
        return preview_app
    editor = Editor(root, host, port, state, after_save)

    def app(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "/")
        if path == "/edit" or path.startswith("/edit/"):
            return editor(environ, start_response)
        seen: dict[str, str] = {}
        kept: list[list[tuple[str, str]]] = []

        def remember(status: str, headers: list[tuple[str, str]], exc_info: object = None) -> Callable[[bytes], object]:
            seen["status"] = status
            kept.append(headers)
            return lambda data: None

        body = b"".join(preview_app(environ, remember))
        headers = kept[-1]
        is_html = any(k.lower() == "content-type" and v.startswith("text/html") for k, v in headers)
        if is_html and seen["status"].startswith("200") and not path.startswith("/__preview__"):
            page = path.lstrip("/")
            page = page if page.endswith("/") or page == "" else page.removesuffix("index.html")
            body = body.replace(b"</head>", b'<link rel="stylesheet" href="/edit/editor.css"></head>', 1)
            body = body.replace(b"<main", _edit_bar(state.content if state is not None else None, page) + b"<main", 1)
            headers = [(k, v) for k, v in headers if k.lower() != "content-length"]
        start_response(seen["status"], headers)
        return [body]

    return app
