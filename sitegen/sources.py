"""Read the project's files from disk: the only module, with `write` and `serve`, that does.

Everything is read into memory as bytes (content) or text (templates), so the
rest of the pipeline is pure and can be tested without files.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Mapping

from .content import CONFIG_FILE
from .errors import SiteError

CONTENT_DIR = "content"
TEMPLATES_DIR = "templates"
STATIC_DIR = "static"
IGNORED_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini"}


@dataclass(frozen=True)
class Project:
    root: Path
    files: Mapping[str, bytes]  # site_config.yaml and content/**, by path relative to the root
    templates: dict[str, str]
    static: dict[str, bytes]  # by output path, like "static/css/site.css"


def _walk(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(
        p for p in folder.rglob("*")
        if p.is_file() and p.name not in IGNORED_NAMES and not p.name.endswith(("~", ".swp", ".swx"))
        and not p.name.startswith(".#")
    )


class LazyFiles(Mapping[str, bytes]):
    """Content files by path, each read from disk when asked for and not kept.

    Loading asks for each file once, so a build holds one page's bytes at a time rather than
    the whole site's (about 30 MB of a 10,000-page build's peak). Tests can still pass a dict.
    """

    def __init__(self, root: Path, names: list[str]):
        self._root, self._names, self._known = root, names, frozenset(names)

    def __getitem__(self, name: str) -> bytes:
        if name not in self._known:
            raise KeyError(name)
        return _read(self._root / name)

    def __contains__(self, name: object) -> bool:
        return name in self._known

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


def read_project(root: Path) -> Project:
    root = root.resolve()
    names = [CONFIG_FILE] if (root / CONFIG_FILE).is_file() else []
    names += [path.relative_to(root).as_posix() for path in _walk(root / CONTENT_DIR)]
    files = LazyFiles(root, names)
    templates = {}
    for path in _walk(root / TEMPLATES_DIR):
        try:
            templates[path.relative_to(root / TEMPLATES_DIR).as_posix()] = _read(path).decode("utf-8")
        except UnicodeDecodeError:
            raise SiteError(f"{path.relative_to(root)}: the template is not saved as UTF-8 text") from None
    static = {path.relative_to(root).as_posix(): _read(path) for path in _walk(root / STATIC_DIR)}
    return Project(root, files, templates, static)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return b""  # Deleted between listing and reading (an editor mid-save): read as empty.


def watched_paths(root: Path) -> list[Path]:
    """What the preview watches: a change to any of these rebuilds the site."""
    return [root / CONFIG_FILE, root / CONTENT_DIR, root / TEMPLATES_DIR, root / STATIC_DIR]
