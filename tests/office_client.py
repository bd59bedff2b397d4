"""The office service in tests: a project with a published repository, its settings, and a
browser-like client (cookies, the Origin header) calling the service's WSGI app directly."""

from __future__ import annotations

import io
import re
import subprocess
from dataclasses import dataclass, field
from html import unescape
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from first_builds import shared_first_build

from sitegen.office.app import Office
from sitegen.office.config import load_config
from sitegen.office.store import Store

PUBLIC = "https://editor.example.gov.uk"
PROXY = "127.0.0.1"  # the reverse proxy, as office.yaml trusts it


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def published_project(root: Path, remote: Path) -> None:
    """`root` (a copy of the site) as a clone of the bare repository `remote`, committed by the machine."""
    git(root, "init", "--quiet", "--initial-branch=main")
    git(root, "config", "user.name", "Office Server")
    git(root, "config", "user.email", "server@example.org")
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "-m", "First version")
    git(remote.parent, "init", "--quiet", "--bare", "--initial-branch=main", str(remote))
    git(root, "remote", "add", "origin", str(remote))
    git(root, "push", "--quiet", "--set-upstream", "origin", "main")


def write_settings(folder: Path, public_url: str = PUBLIC, extra: str = "") -> Path:
    path = folder / "office.yaml"
    path.write_text(
        f"listen: 127.0.0.1:8080\npublic_url: {public_url}\ntrusted_proxies: ['{PROXY}']\n"
        "accounts_file: accounts.yaml\ndata_folder: office-data\nreview_required: true\n" + extra,
        encoding="utf-8",
    )
    return path


def make_office(settings: Path, root: Path, clock=None) -> Office:
    """The office over `root`; its first build is shared with the offices started before it
    over the same bytes (tests/first_builds.py), its later rebuilds are its own."""
    config = load_config(settings)
    store = Store(config.data_folder, clock) if clock else Store(config.data_folder)
    with shared_first_build():
        return Office(root, config, store, log=lambda text: None)


@dataclass
class Answer:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    @property
    def location(self) -> str:
        return self.header("Location")

    def header(self, name: str) -> str:
        return next((v for k, v in self.headers if k.lower() == name.lower()), "")

    def all(self, name: str) -> list[str]:
        return [v for k, v in self.headers if k.lower() == name.lower()]


@dataclass
class Browser:
    """One person's browser reaching the service through the office's reverse proxy."""

    office: Office
    public: str = PUBLIC
    via: str = PROXY  # the address the request comes from (the proxy's)
    cookies: dict[str, str] = field(default_factory=dict)

    def call(
        self,
        method: str,
        url: str,
        body: bytes = b"",
        content_type: str = "",
        headers: dict[str, str] | None = None,
        origin: str | None = "",
    ) -> Answer:
        parts = urlsplit(url)
        public = urlsplit(self.public)
        environ = {
            "REQUEST_METHOD": method,
            "PATH_INFO": parts.path,
            "QUERY_STRING": parts.query,
            "wsgi.input": io.BytesIO(body),
            "wsgi.url_scheme": "http",
            "CONTENT_TYPE": content_type,
            "CONTENT_LENGTH": str(len(body)),
            "REMOTE_ADDR": self.via,
            "HTTP_HOST": "127.0.0.1:8080",
            "HTTP_X_FORWARDED_HOST": public.netloc,
            "HTTP_X_FORWARDED_PROTO": public.scheme,
            "HTTP_X_FORWARDED_FOR": "192.0.2.10",
        }
        if self.cookies:
            environ["HTTP_COOKIE"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method == "POST" and origin is not None:
            environ["HTTP_ORIGIN"] = origin or self.public
        for name, value in (headers or {}).items():
            key = "HTTP_" + name.upper().replace("-", "_")
            if value is None:
                environ.pop(key, None)
            else:
                environ[key] = value
        seen = {}

        def start_response(status, response_headers, exc_info=None):
            seen["status"], seen["headers"] = int(status.split()[0]), response_headers

        data = b"".join(self.office(environ, start_response))
        answer = Answer(seen["status"], seen["headers"], data)
        for value in answer.all("Set-Cookie"):
            jar = SimpleCookie()
            jar.load(value)
            for name, morsel in jar.items():
                if morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return answer

    def get(self, url: str, **options) -> Answer:
        return self.call("GET", url, **options)

    def post(self, url: str, fields: dict[str, str], **options) -> Answer:
        return self.call(
            "POST", url, urlencode(fields, doseq=True).encode(), "application/x-www-form-urlencoded", **options
        )

    def token(self, url: str = "/office/sign-in") -> str:
        page = self.get(url).text
        return unescape(re.search(r'name="token" value="([^"]*)"', page).group(1))

    def sign_in(self, username: str, password: str) -> Answer:
        return self.post(
            "/office/sign-in", {"username": username, "password": password, "token": self.token(), "next": "/edit/"}
        )


REPO = Path(__file__).resolve().parent.parent
PASSWORDS = {"alex": "correct horse battery staple", "jo": "another long password"}


def prepare_folder(folder: Path) -> None:
    """A copy of the real site, published to a bare repository, with office.yaml and two local
    accounts: alex (publisher) and jo (editor)."""
    import shutil

    from sitegen.office.accounts import add_user

    root = folder / "project"
    for name in ("content", "templates", "static"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "site_config.yaml", root / "site_config.yaml")
    published_project(root, folder / "remote.git")
    write_settings(folder)
    add_user(folder / "accounts.yaml", "alex", "Alex Morgan", "alex@example.gov.uk", "publisher", PASSWORDS["alex"])
    add_user(folder / "accounts.yaml", "jo", "Jo Bloggs", "jo@example.gov.uk", "editor", PASSWORDS["jo"])


def copy_folder(template: Path, target: Path) -> Path:
    import shutil

    shutil.copytree(template, target, symlinks=True)
    remote = target / "remote.git"
    git(target / "project", "remote", "set-url", "origin", str(remote))
    return target


def editor_form(html: str) -> dict[str, str | list[str]]:
    """The values a browser would send from the first editor form on the page, unchanged."""
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
