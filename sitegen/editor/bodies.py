"""Form bodies read while they stream, within limits: never held whole before they are checked.

A request says how long its body is (Content-Length); one that says more than the editor
takes is refused before a byte of it is read (app.py). The body is then read in small
pieces, counted as it comes (a length that lied, or a body of unknown length, stops at
the limit too): a form of fields is at most `MAX_FORM_BYTES`, a form with a document at
most `MAX_BODY_BYTES`, and the document itself at most `uploads.MAX_UPLOAD_BYTES`, refused
as soon as it passes that, its bytes kept on disk until then (a temporary file, deleted
when closed), not in memory. Multipart forms are read by the `multipart` package's
push parser (it keeps no more than a piece at a time).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from typing import IO
from urllib.parse import parse_qs

from multipart import MultipartError, MultipartSegment, PushMultipartParser, parse_options_header

from ..model.documents import file_size
from .ui import Upload
from .uploads import MAX_UPLOAD_BYTES

MAX_FORM_BYTES = 6_000_000  # A content file may be 5 MB (file_text.MAX_FILE_BYTES), sent as a form.
MAX_BODY_BYTES = 25_000_000  # A document (20 MB) and the page's form with it.
MAX_FIELDS = 1000  # Far more than any editor form has (a list's settings has about 20).
PIECE = 64 * 1024
IN_MEMORY = 1_000_000  # A document up to this size is kept in memory, a bigger one on disk.


class BodyRefused(Exception):
    """A body the editor will not read on: the status and the words to say why."""

    def __init__(self, status: int, title: str, text: str):
        super().__init__(text)
        self.status, self.title, self.text = status, title, text


def too_big(limit: int, what: str = "The form") -> BodyRefused:
    return BodyRefused(
        413,
        "Too big to send",
        f"{what} is more than {file_size(limit)}, more than the editor takes at once. Documents can be up "
        f"to {file_size(MAX_UPLOAD_BYTES)}: make it smaller (for a PDF, save it again 'optimised for web'), "
        "or split it. Nothing was saved.",
    )


def limit_for(content_type: str) -> int:
    return MAX_BODY_BYTES if content_type.startswith("multipart/form-data") else MAX_FORM_BYTES


def pieces(stream: IO[bytes], length: int | None, limit: int) -> Iterator[bytes]:
    """The body in pieces, stopping with 413 as soon as more than `limit` bytes have come.

    length: what the request said (read no further), or None: read to the end.
    """
    received = 0
    while length is None or received < length:
        piece = stream.read(PIECE if length is None else min(PIECE, length - received))
        if not piece:
            return
        received += len(piece)
        if received > limit:
            raise too_big(limit)
        yield piece


def read_form(
    stream: IO[bytes], content_type: str, length: int | None
) -> tuple[dict[str, list[str]], dict[str, Upload]]:
    """The fields and documents of a form body, read within the limits."""
    limit = limit_for(content_type)
    if not content_type.startswith("multipart/form-data"):
        body = b"".join(pieces(stream, length, limit))
        try:
            return parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True, max_num_fields=MAX_FIELDS), {}
        except ValueError:
            raise unreadable() from None
    boundary = parse_options_header(content_type)[1].get("boundary", "")
    if not boundary:
        raise unreadable()
    try:
        return _multipart(pieces(stream, length, limit), boundary)
    except MultipartError:
        raise unreadable() from None


def unreadable() -> BodyRefused:
    return BodyRefused(
        400,
        "The form could not be read",
        "The form arrived damaged or in a shape the editor does not send. Nothing was saved. "
        "Open the page again and repeat your change.",
    )


def _multipart(body: Iterator[bytes], boundary: str) -> tuple[dict[str, list[str]], dict[str, Upload]]:
    form: dict[str, list[str]] = {}
    uploads: dict[str, Upload] = {}
    segment: MultipartSegment | None = None
    kept: IO[bytes] | None = None
    received = 0
    try:
        with PushMultipartParser(boundary, max_segment_count=MAX_FIELDS, strict=True) as parser:
            for piece in body:
                event: object  # a MultipartSegment, a piece of its body, or None at its end
                for event in parser.parse(piece):
                    if isinstance(event, MultipartSegment):
                        segment, received = event, 0
                        # Each part's bytes go to a file of their own, on disk once past IN_MEMORY.
                        kept = tempfile.SpooledTemporaryFile(max_size=IN_MEMORY)  # noqa: SIM115 (closed below)
                    elif isinstance(event, (bytes, bytearray)) and segment is not None and kept is not None:
                        received += len(event)
                        if segment.filename is not None and received > MAX_UPLOAD_BYTES:
                            raise too_big(MAX_UPLOAD_BYTES, "The document")
                        if segment.filename is None and received > MAX_FORM_BYTES:
                            raise too_big(MAX_FORM_BYTES, "A field of the form")
                        kept.write(event)
                    elif event is None and segment is not None and kept is not None:
                        kept.seek(0)
                        _add(form, uploads, segment, kept.read())
                        kept.close()
                        segment = kept = None
    finally:
        if kept is not None:
            kept.close()
    return form, uploads


def _add(form: dict[str, list[str]], uploads: dict[str, Upload], segment: MultipartSegment, data: bytes) -> None:
    name = segment.name
    if not isinstance(name, str) or not name:
        return
    if segment.filename is not None:
        if segment.filename or data:
            uploads[name] = Upload(segment.filename, data)
    else:
        form.setdefault(name, []).append(data.decode("utf-8", "replace"))
