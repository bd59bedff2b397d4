"""A small client for the editor's WSGI app, as a browser on this computer would call it."""

from __future__ import annotations

import io
import re
import secrets
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from sitegen.editor import Editor

HOST = "127.0.0.1:8000"
ORIGIN = "http://127.0.0.1:8000"


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    @property
    def location(self) -> str:
        return self.headers.get("Location", "")


def multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes]]) -> tuple[str, bytes]:
    boundary = "----editor" + secrets.token_hex(8)
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, data) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n".encode()
            + data
            + b"\r\n"
        )
    return f"multipart/form-data; boundary={boundary}", b"".join(parts) + f"--{boundary}--\r\n".encode()


class Client:
    def __init__(self, root: Path):
        self.editor = Editor(root, "127.0.0.1", 8000)

    def call(
        self,
        method: str,
        url: str,
        body: bytes = b"",
        content_type: str = "",
        host: str | None = HOST,
        origin: str | None = ORIGIN,
        length: str | None = None,
    ) -> Answer:
        parts = urlsplit(url)
        environ = {
            "REQUEST_METHOD": method,
            "PATH_INFO": parts.path,
            "QUERY_STRING": parts.query,
            "wsgi.input": io.BytesIO(body),
            "CONTENT_TYPE": content_type,
            "CONTENT_LENGTH": str(len(body)) if length is None else length,
        }
        if host is not None:
            environ["HTTP_HOST"] = host
        if origin is not None and method == "POST":
            environ["HTTP_ORIGIN"] = origin
        seen = {}

        def start_response(status, headers):
            seen["status"], seen["headers"] = int(status.split()[0]), dict(headers)

        data = b"".join(self.editor(environ, start_response))
        return Answer(seen["status"], seen["headers"], data)

    def get(self, url: str, **options) -> Answer:
        return self.call("GET", url, **options)

    def post(
        self,
        url: str,
        fields: dict[str, str | list[str]],
        files: dict[str, tuple[str, bytes]] | None = None,
        token: str | None = "",
        **options,
    ) -> Answer:
        fields = dict(fields)
        if token is not None:
            fields["token"] = token or self.editor.token
        if files is not None:
            kind, body = multipart({k: v for k, v in fields.items() if isinstance(v, str)}, files)
        else:
            kind, body = "application/x-www-form-urlencoded", urlencode(fields, doseq=True).encode()
        return self.call("POST", url, body, kind, **options)

    def form(self, url: str) -> dict[str, str | list[str]]:
        """The values a browser would send from the first editor form on the page, unchanged."""
        fields = form_values(self.get(url).text)
        fields.pop("token", None)
        return fields


def form_values(html: str) -> dict[str, str | list[str]]:
    """The values a browser would send from the first editor form on the page, its token too."""
    form = re.search(r'<form method="post"[^>]*class="editor-form".*?</form>', html, re.DOTALL).group(0)
    fields: dict[str, str | list[str]] = {}
    for tag in re.findall(r"<input[^>]*>", form):
        name = re.search(r'name="([^"]*)"', tag)
        kind = re.search(r'type="([^"]*)"', tag).group(1)
        if not name or kind == "file":
            continue
        value = unescape(re.search(r'value="([^"]*)"', tag).group(1)) if 'value="' in tag else ""
        if kind in ("checkbox", "radio"):
            if " checked" in tag:
                fields.setdefault(name.group(1), []).append(value)  # type: ignore[union-attr]
            continue
        fields[name.group(1)] = value
    for name, value in re.findall(r'<textarea[^>]*name="([^"]*)"[^>]*>\n?(.*?)</textarea>', form, re.DOTALL):
        fields[name] = unescape(value)
    return fields
