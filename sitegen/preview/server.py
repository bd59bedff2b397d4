"""Live preview: rebuild on every save, reload the browser, and never die on a mistake.

The site is served from memory (the last good build) by a small WSGI app inside
livereload's server, which injects its reload script and speaks its WebSocket
protocol. A change to content/, templates/, static/ or site_config.yaml (reported by
the operating system, see `SourceWatcher`) triggers a rebuild, then a reload; the
rebuild reuses what the last one made from files that did not change. When a rebuild
fails, the last good pages stay up with the problems shown in a banner at the top of
every page (file, line, message, hint) and in the terminal; fixing the file clears it
by itself. Warnings (which `--strict`, and so publishing, refuses) are shown the same way
in a panel of their own (both made in notices.py); with `--strict` they are
errors. The preview's own script (preview.js, served under /__preview__/ and never
published) brings these messages into view and focus after every reload, whatever the
scroll position.
"""

from __future__ import annotations

import base64
import hashlib
import mimetypes
import os
import posixpath
import re
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

import watchfiles
from livereload.handlers import LiveReloadHandler
from livereload.watcher import Watcher
from tornado import ioloop, web
from tornado.httpserver import HTTPServer

from ..errors import ContentError, Problem, SiteError, UsageError, printable
from ..model.load_cache import RememberingLoads
from ..pipeline import PreviewMemory, check_base_url, output_folder, render_project
from ..read.file_cache import KeptFiles
from ..read.project_files import read_project
from ..read.project_layout import watched_paths
from ..render import RenderMemory
from ..render.template_cache import user_cache
from ..write.staged_site import update_site
from .hosts import answering_only, served_hosts
from .notices import error_banner, error_page, warnings_panel
from .streamed_bodies import NO_BODY, PreviewServer

POLL_MS = 50  # without file events
SAFETY_POLL_MS = 1000  # with them
EVENT_STEP_MS = 5  # a save is often several events (write, rename): gather those that come this close
EVENT_WAIT_MS = 100  # but answer within this long even if a tool keeps writing

# livereload 2.7.1 injects exactly this inline script (with liveport unset); the preview's
# Content-Security-Policy allows it by hash, so the preview runs under the same strict policy
# as the published site. tests/test_serve.py checks the hash against the served page.
LIVERELOAD_SNIPPET = (
    '<script type="text/javascript">(function(){'
    'var s=document.createElement("script");'
    "var port=(window.location.port || (window.location.protocol == 'https:' ? 443: 80));"
    's.src="//"+window.location.hostname+":"+port'
    '+ "/livereload.js?port=" + port;'
    "document.head.appendChild(s);"
    "})();</script>"
)


def _snippet_hash() -> str:
    body = LIVERELOAD_SNIPPET.split(">", 1)[1].rsplit("</script>", 1)[0]
    return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"


@dataclass
class PreviewState:
    """The last good build, and the problems of the latest one if it failed."""

    files: dict[str, bytes] = field(default_factory=dict)
    digests: dict[str, bytes] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)  # Of the last good build: the pages shown.
    crash: str = ""
    content: Any = None  # The last good build's content: the editor links each page to its file.
    version: int = 0  # Changes whenever what the preview shows changes (a build or a failure).
    # What the last rebuild made, for the next to reuse (see sitegen/model/load_cache.py).
    memory: PreviewMemory = field(
        default_factory=lambda: PreviewMemory(RememberingLoads(), RenderMemory(), KeptFiles())
    )

    @property
    def is_broken(self) -> bool:
        return bool(self.problems or self.crash)


def rebuild(
    root: Path,
    state: PreviewState,
    output: Path | None,
    strict: bool,
    log: Callable[[str], None],
    base_url: str | None = None,
) -> None:
    """Build into memory; on success publish to the preview (and the output folder)."""
    started = time.perf_counter()
    try:
        project = read_project(root, state.memory.files)
        rendered = render_project(
            project, strict, base_url, include_drafts=True, memory=state.memory, compiled=user_cache()
        )
        # The preview serves from memory. It writes only where asked (--output): its pages carry
        # the preview's own address, so they must never land in the folder that gets published.
        target = output_folder(project, rendered.content, output) if output is not None else None
    except ContentError as error:  # The errors, and the warnings of this same change.
        state.problems = [problem for problem in error.problems if not problem.is_warning]
        state.warnings = [problem for problem in error.problems if problem.is_warning and problem.blocks_strict]
        state.crash = ""
        state.version += 1
        log(error.report())
        return
    except SiteError as error:
        state.problems, state.crash = [error.as_problem()], ""
        state.version += 1
        log(error.report())
        return
    except Exception:  # A bug, not an editor's mistake: show it, keep serving.
        state.problems, state.crash = [], traceback.format_exc()
        state.version += 1
        log(state.crash)
        return
    for warning in rendered.warnings:
        log(warning.format())
    previous_files = state.files
    state.files, state.problems, state.crash = rendered.files, [], ""
    state.content = rendered.content
    state.warnings = [warning for warning in rendered.warnings if warning.blocks_strict]  # What publishing refuses.
    written_to = ""
    if target is not None:
        state.digests, written = update_site(rendered.files, target, state.digests, previous_files)
        written_to = f"; {written} files changed in {target}"
    state.version += 1
    log(f"Rebuilt in {(time.perf_counter() - started) * 1000:.0f} ms{written_to}.")


def _snapshot(paths: Iterable[Path]) -> dict[str, tuple[int, int]]:
    """mtime and size of every watched file: a change, a new file or a deletion alters it."""
    seen: dict[str, tuple[int, int]] = {}
    stack = [str(p) for p in paths]
    while stack:
        path = stack.pop()
        try:
            with os.scandir(path) as entries:
                for entry in entries:
                    if entry.name.startswith(".") and entry.name != ".":
                        continue
                    if entry.is_dir(follow_symlinks=False):
                        stack.append(entry.path)
                    else:  # A link's own times: what it leads to is watched where it is (see folder_listing).
                        info = entry.stat(follow_symlinks=False)
                        seen[entry.path] = (info.st_mtime_ns, info.st_size)
        except NotADirectoryError:
            try:
                info = os.stat(path)
                seen[path] = (info.st_mtime_ns, info.st_size)
            except FileNotFoundError:
                pass
        except FileNotFoundError:
            pass
    return seen


class SourceWatcher(Watcher):  # type: ignore[misc]  # livereload publishes no type information
    """Rebuilds after every change to the sources, then reloads the browser itself.

    The operating system reports each save (inotify on Linux, FSEvents on macOS, through
    watchfiles) within a few milliseconds; the sources are then compared with the last
    snapshot, so only a real change rebuilds. Where file events are not available (some
    network and container folders) the sources are polled every 50 ms instead, and a poll
    every second catches anything an event missed. livereload's own poller waits 800 ms
    and drops reloads within 3 s of the last one, which loses the last of a burst of saves;
    this one never skips a change.
    """

    def __init__(self, paths: list[Path], on_change: Callable[[], None]):
        super().__init__()
        self.paths = paths
        self.on_change = on_change
        self.last = _snapshot(paths)
        self.stopping = threading.Event()

    def start(self, callback: Callable[[], None] | None) -> bool:
        loop = ioloop.IOLoop.current()
        folders = [p for p in self.paths if p.is_dir()]
        files = [p for p in self.paths if not p.is_dir()]
        watched = [(folders, True), ([f.parent for f in files], False)]
        self.events = [
            threading.Thread(target=self._wait_for_events, args=(loop, where, recursive), daemon=True)
            for where, recursive in watched
            if where
        ]
        for thread in self.events:
            thread.start()
        ioloop.PeriodicCallback(self.poll, SAFETY_POLL_MS if self.events else POLL_MS).start()
        return True  # Tells livereload not to start its own poller.

    def _wait_for_events(self, loop: ioloop.IOLoop, paths: list[Path], recursive: bool) -> None:
        events = watchfiles.watch(
            *paths,
            recursive=recursive,
            step=EVENT_STEP_MS,
            debounce=EVENT_WAIT_MS,
            stop_event=self.stopping,
            raise_interrupt=False,
        )
        while not self.stopping.is_set():
            try:
                next(events)
            except StopIteration:
                return
            except Exception as error:  # No file events here (a watch limit, an odd file system): poll.
                print(f"note: watching for changes every {POLL_MS} ms ({error})", file=sys.stderr)
                loop.add_callback(lambda: ioloop.PeriodicCallback(self.poll, POLL_MS).start())
                return
            try:
                loop.add_callback(self.poll)
            except RuntimeError:  # The preview is shutting down.
                return

    def stop(self) -> None:
        self.stopping.set()

    def poll(self) -> None:
        try:
            current = _snapshot(self.paths)
            if current == self.last:
                return
            self.last = current
            self.on_change()
            LiveReloadHandler.reload_waiters(path="*")
        except Exception:  # Never let a surprise stop the preview.
            traceback.print_exc()


# Preview only, never part of the built site: reloads the page when the build changes and
# keeps the preview's messages in view (see the file).
PREVIEW_SCRIPT = (Path(__file__).parent / "preview.js").read_bytes()


def make_app(state: PreviewState, csp_extra: str) -> WSGIApplication:
    """A WSGI app serving the last good build from memory, with the error banner if broken."""
    # A page asks for its stylesheets and scripts by their digests (see _versioned_assets): each
    # file is hashed once, not on every request (which made a page about 50 % slower to serve,
    # 0.30 -> 0.45 ms). The app owns this cache: serve.py keeps no state of its own.
    digest = lru_cache(maxsize=256)(_short_digest)

    def app(environ: WSGIEnvironment, start_response: StartResponse) -> list[bytes]:
        path = environ.get("PATH_INFO", "/").lstrip("/")
        if path == "__preview__/build":
            start_response("200 OK", [("Content-Type", "text/plain"), ("Cache-Control", "no-store")])
            return [str(state.version).encode()]
        if path == "__preview__/preview.js":
            start_response("200 OK", [("Content-Type", "text/javascript"), ("Cache-Control", KEEP)])
            return [PREVIEW_SCRIPT]
        if path and not path.endswith("/") and path not in state.files and path + "/index.html" in state.files:
            start_response("301 Moved Permanently", [("Location", "/" + path + "/")])
            return [b""]
        name = path + "index.html" if path.endswith("/") or path == "" else path
        status = "200 OK"
        body = state.files.get(name)
        if body is None and not state.files:
            body, name, status = error_page(state.problems, state.crash), "error.html", "500 Internal Server Error"
        elif body is None:
            body, name, status = state.files.get("404.html", b"Not found"), "404.html", "404 Not Found"
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        if name.endswith(".html"):
            content_type = "text/html; charset=utf-8"
            text = body.decode("utf-8")
            text = text.replace("script-src 'self'", f"script-src 'self' {csp_extra}", 1)
            if state.files:
                notices = error_banner(state.problems, state.crash) + warnings_panel(state.warnings, state.is_broken)
                text = text.replace("<body>", "<body>" + notices, 1)
            text = text.replace(
                "</head>",
                f'<meta name="sitegen-build" content="{state.version}">'
                f'<script src="/__preview__/preview.js?v={digest(PREVIEW_SCRIPT)}" defer></script></head>',
                1,
            )
            text = _versioned_assets(text, name, state.files, digest)
            body = text.encode("utf-8")
        # A stylesheet or script asked for by its current version (see _versioned_assets) never
        # changes. An older version (the site was rebuilt between the page and this request)
        # gets today's bytes, which must not be kept under yesterday's address.
        versioned = (
            name.startswith("static/")
            and status.startswith("200")
            and environ.get("QUERY_STRING", "") == f"v={digest(body)}"
        )
        start_response(status, [("Content-Type", content_type), ("Cache-Control", KEEP if versioned else "no-store")])
        return [body]

    return app


@contextmanager
def bodies_limited(limit: int) -> Iterator[None]:
    """Tornado reads a whole request body into memory before a handler that does not stream it
    sees it, up to 100 MB by default: its servers are told to refuse, from the Content-Length
    alone, a body longer than `limit`. livereload makes them itself (`web.Application.listen`),
    so the limit is given there while the preview starts. The preview's app is behind a
    handler that streams each body to a file and sets its own limit (streamed_bodies.py); this
    one is for livereload's own handlers, which take none."""
    listen = web.Application.listen

    def limited(app: web.Application, port: int, address: str | None = None, **options: Any) -> HTTPServer:
        options.setdefault("max_body_size", limit)
        return listen(app, port, address, **options)

    setattr(web.Application, "listen", limited)  # noqa: B010 (a method replaced for a while)
    try:
        yield
    finally:
        setattr(web.Application, "listen", listen)  # noqa: B010


KEEP = "max-age=31536000, immutable"
_ASSET = re.compile(r'((?:href|src)="([^"?#]*static/[^"?#]+\.(?:css|js))")')


def _short_digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=6).hexdigest()


def _versioned_assets(html_text: str, page: str, files: dict[str, bytes], digest: Callable[[bytes], str]) -> str:
    """Add `?v=<digest>` to a page's stylesheet and script addresses.

    The browser can then keep them between reloads (the preview reloads after every save) and
    asks again only when a file's content, and so its address, changes. Preview only: the
    built site's addresses are left as they are.
    """

    def versioned(match: re.Match[str]) -> str:
        target = posixpath.normpath(posixpath.join(posixpath.dirname("/" + page), match[2])).lstrip("/")
        data = files.get(target)
        return match[1] if data is None else f'{match[1][:-1]}?v={digest(data)}"'

    return _ASSET.sub(versioned, html_text)


def serve(root: Path, host: str, port: int, output: Path | None, strict: bool, base_url: str | None = None) -> int:
    def log(message: str) -> None:
        print(printable(message, keep_line_breaks=True), file=sys.stderr, flush=True)

    if base_url is not None:
        check_base_url(base_url)
    # Served from the top of this address, so the 404 page's links must start at "/".
    base_url = base_url or f"http://{host}:{port}/"
    state = PreviewState()
    rebuild(root, state, output, strict, log, base_url)
    watcher = SourceWatcher(watched_paths(root), lambda: rebuild(root, state, output, strict, log, base_url))
    from ..editor import mount  # The web editor at /edit/ (this computer only; never in a build).

    app = mount(make_app(state, _snippet_hash()), root, state, host, port, after_save=watcher.poll)
    server = PreviewServer(app=answering_only(app, served_hosts(host, port, base_url)), watcher=watcher)
    if host not in ("127.0.0.1", "localhost", "::1"):
        log(f"warning: listening on {host}: other computers on the network can see this preview.")
    log(f"Previewing at http://{host}:{port}/ (press Ctrl+C to stop). Edits reload the page by themselves.")
    if host in ("127.0.0.1", "localhost", "::1"):
        log(f"Edit the site in your browser at http://{host}:{port}/edit/")
    try:
        with bodies_limited(NO_BODY):
            server.serve(host=host, port=port, debug=False, restart_delay=0)
    except OSError as error:
        raise UsageError(
            f"cannot listen on {host}:{port} ({error.strerror}); try another port, like --port {port + 1}"
        ) from None
    finally:
        watcher.stop()
    return 0
