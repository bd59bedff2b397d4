"""Request bodies reach the preview's app from a file as they stream in, never whole in memory.

Tornado (under livereload) reads a request's whole body into memory before a WSGI app sees
it, then copies it twice more on the way in: a 21 MB upload that the editor refuses made the
preview grow by about 80 MB, and four sent at once by 150 MB. Here every request for the app
goes through one handler that takes the body as it streams (`web.stream_request_body`):

- a body longer than the editor takes (`editor.bodies.limit_for`, by its Content-Type: the
  limits live there alone), as its Content-Length says, is answered before a byte of it is
  read: the app is asked with nothing to read, and refuses it from that length by itself;
- any other body is written, piece by piece as it arrives (64 KB at a time), to a temporary
  file (in memory up to 1 MB, on disk past that) and counted: a body of unknown length
  ("chunked") that passes the limit is answered at once, the app given the first bytes
  past the limit (it refuses them as too long), and the rest is never read;
- the app then reads the body from that file (`wsgi.input`), with its true length.

So a request costs the server a piece of its body at a time, whatever its size or however
many come at once; what the app does with a body it accepts is the app's own bound (the
editor's, see editor/bodies.py). The answer is made exactly as livereload's own WSGI
container makes it (its reload script added to pages), and the app still decides every
answer, refusals included (wrong Host, form from elsewhere, too long).
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Iterable
from typing import IO, Any
from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

from livereload import Server
from livereload.server import LiveScriptContainer
from tornado import iostream, web

from ..editor.bodies import IN_MEMORY, limit_for

# Reads the client may make without a limit per request: livereload's own handlers (its script,
# its WebSocket) take no body at all. The handler below sets each request's own.
NO_BODY = 0
# Tornado stops a body of unknown length at the connection's limit with a bare "400" of its own;
# the handler counts the body itself and answers first, so it lifts tornado's count out of the way.
UNCOUNTED = 2**62


def given_body(app: WSGIApplication, body: IO[bytes], length: int | None) -> WSGIApplication:
    """`app`, reading the request's body from `body`: `length` bytes, or None: to its end."""

    def with_body(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        environ["wsgi.input"] = body
        if length is None:
            environ.pop("CONTENT_LENGTH", None)
            environ["wsgi.input_terminated"] = True
        elif "CONTENT_LENGTH" in environ or "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower():
            environ["CONTENT_LENGTH"] = str(length)  # A request that said neither has no body, and says so.
        return app(environ, start_response)

    return with_body


@web.stream_request_body
class StreamedBody(web.RequestHandler):
    """Every request for the preview's app: its body kept in a file as it arrives, then the app."""

    SUPPORTED_METHODS = ("GET", "HEAD", "POST", "DELETE", "PATCH", "PUT", "OPTIONS")

    def initialize(self, app: WSGIApplication, script: bytes) -> None:
        self.app, self.script = app, script
        self.body: IO[bytes] | None = None
        self.received = 0
        self.limit = 0

    def prepare(self) -> None:
        self.limit = limit_for(self.request.headers.get("Content-Type", ""))
        said = self.request.headers.get("Content-Length", "")  # not checked yet: tornado does, next
        self.request.connection.set_max_body_size(UNCOUNTED)  # type: ignore[union-attr]
        if said.isascii() and said.isdigit() and int(said) > self.limit:
            # Answered from the length alone: the app refuses it (or, not the editor, ignores it).
            self.answer(io.BytesIO(), int(said))
            return
        self.body = tempfile.SpooledTemporaryFile(max_size=IN_MEMORY)  # noqa: SIM115 (closed in answer)

    def data_received(self, chunk: bytes) -> None:
        if self.body is None or self._finished:
            return  # Answered already: the rest is not kept.
        keep = chunk[: self.limit + 1 - self.received]
        self.body.write(keep)
        self.received += len(keep)
        if self.received > self.limit:  # Only a body of unknown length can get here.
            self.answer(self.body, None)

    def whole_body(self) -> None:
        assert self.body is not None
        self.answer(self.body, self.received)

    get = head = post = delete = patch = put = options = whole_body

    def answer(self, body: IO[bytes], length: int | None) -> None:
        body.seek(0)
        try:
            LiveScriptContainer(given_body(self.app, body, length), self.script)(self.request)
        finally:
            body.close()
            self.body = None
        self._finished = True
        self.on_finish()

    def on_connection_close(self) -> None:
        if self.body is not None:
            self.body.close()
            self.body = None
        super().on_connection_close()

    def log_exception(self, kind: Any, value: BaseException | None, trace: Any) -> None:
        if isinstance(value, iostream.StreamClosedError) and self._finished:
            return  # The client stopped sending a body already answered.
        super().log_exception(kind, value, trace)


class PreviewServer(Server):  # type: ignore[misc]  # livereload publishes no type information
    """livereload's server, with its app behind `StreamedBody` rather than tornado's
    whole-body `FallbackHandler`."""

    def get_web_handlers(self, script: bytes) -> list[tuple[str, type[web.RequestHandler], dict[str, Any]]]:
        return [(r".*", StreamedBody, {"app": self.app, "script": script})]
