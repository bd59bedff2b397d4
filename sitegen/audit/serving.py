"""The built site served over http on 127.0.0.1 for the browser checks (never file://).

It is served at the server's root and also under the published base path (like /soc/), which
the not-found page links by, since it is served at any depth.
"""

from __future__ import annotations

import functools
import http.server
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """The site's folder at the server root, and under `alias` (the published base path)."""

    alias = ""

    def translate_path(self, path: str) -> str:
        if self.alias and (
            path == self.alias or path.startswith(self.alias + "/") or path.startswith(self.alias + "?")
        ):
            path = path[len(self.alias) :] or "/"
        return super().translate_path(path)

    def log_message(self, format: str, *args: object) -> None:
        pass


def base_path(base_url: str) -> str:
    """The path a site is published under: "https://example.org/soc/" -> "/soc", or ""."""
    path = urlparse(base_url).path.strip("/")
    return f"/{path}" if path else ""


@contextmanager
def served(site_dir: Path, alias: str = "") -> Iterator[str]:
    """http://127.0.0.1:PORT serving `site_dir` (no trailing slash) while the block runs."""
    handler_class = type("SiteHandler", (QuietHandler,), {"alias": alias})
    handler = functools.partial(handler_class, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def url_path_for(site_dir: Path, html_file: Path) -> str:
    """The URL path a built file is served at: index.html -> its folder."""
    relative = html_file.relative_to(site_dir).as_posix()
    if relative == "index.html":
        return "/"
    if relative.endswith("/index.html"):
        return "/" + relative[: -len("index.html")]
    return "/" + relative


def page_paths(site_dir: Path) -> list[str]:
    """Every built HTML page's path below the site's root, like "/", "/timeline/2021/", "/404.html"."""
    return sorted(url_path_for(site_dir, path) for path in site_dir.rglob("*.html"))


def is_redirect(html_file: Path) -> bool:
    """A page that only sends the reader on (a moved page's old address, by meta refresh)."""
    return 'http-equiv="refresh"' in html_file.read_text(encoding="utf-8", errors="replace")[:4000]


def reader_pages(site_dir: Path) -> list[str]:
    """`page_paths` but the redirects: the browser checks look at the page a redirect leads to."""
    return sorted(url_path_for(site_dir, path) for path in site_dir.rglob("*.html") if not is_redirect(path))


_ELEMENT_ID = re.compile(r'\bid="([^"]+)"')


def one_page_of_each_kind(site_dir: Path, layout_ids: frozenset[str]) -> dict[str, str]:
    """One page of each kind the site has (the home page, a plain page, a list, a list's year
    page, the glossary, the not-found page…), by a name for it: for checks too slow to run on
    every page (Lighthouse). A page's kind is its depth and which of `layout_ids` (the ids the
    templates themselves give elements: `shape.layout_ids`) it has."""
    chosen: dict[tuple[int, frozenset[str]], str] = {}
    for html_file in sorted(site_dir.rglob("*.html"), key=lambda path: (len(path.parts), path.as_posix())):
        if is_redirect(html_file):
            continue
        ids = layout_ids.intersection(_ELEMENT_ID.findall(html_file.read_text(encoding="utf-8", errors="replace")))
        path = url_path_for(site_dir, html_file)
        kind = (-1, frozenset({path})) if path in ("/", "/404.html") else (len(html_file.parts), ids)
        chosen.setdefault(kind, path)
    return {("home" if path == "/" else path.strip("/")): path for path in sorted(chosen.values())}
