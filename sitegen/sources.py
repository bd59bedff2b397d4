"""Read the project's files from disk: the only module, with `write` and `serve`, that does.

Everything is read into memory as bytes (content) or text (templates), so the
rest of the pipeline is pure and can be tested without files.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Mapping

CONFIG_FILE = "site_config.yaml"
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


def _is_editor_litter(name: str) -> bool:
    return name in IGNORED_NAMES or name.endswith(("~", ".swp", ".swx")) or name.startswith(".#")


def _walk(folder: Path) -> list[str]:
    """Every file under `folder`, relative to it with "/" separators, sorted.

    Plain strings and os.scandir, not pathlib: the preview walks this after every save.
    """
    found: list[str] = []
    stack = [str(folder)]
    while stack:
        try:
            with os.scandir(stack.pop()) as entries:
                for entry in entries:
                    if entry.is_dir(follow_symlinks=False):
                        stack.append(entry.path)
                    elif entry.is_file() and not _is_editor_litter(entry.name):
                        found.append(entry.path)
        except (FileNotFoundError, NotADirectoryError):
            continue
    prefix = len(str(folder)) + 1
    return sorted(path[prefix:].replace(os.sep, "/") for path in found)


class LazyFiles(Mapping[str, bytes]):
    """Content files by path, each read from disk when asked for and not kept.

    Loading asks for each file once, so a build holds one page's bytes at a time rather than
    the whole site's (about 30 MB of a 10,000-page build's peak). Tests can still pass a dict.

    reuse: keep what was read for the next project read (the preview's), and give a file's
    kept bytes again while its size, times and inode are unchanged: a stat instead of a read.
    """

    def __init__(self, root: Path, names: list[str], reuse: bool = False):
        self._root, self._names, self._known = root, names, frozenset(names)
        self._reuse = reuse

    def __getitem__(self, name: str) -> bytes:
        if name not in self._known:
            raise KeyError(name)
        path = os.path.join(self._root, name)
        return _read_reusing(path) if self._reuse else _read(path)

    def __contains__(self, name: object) -> bool:
        return name in self._known

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


def read_project(root: Path, reuse: bool = False) -> Project:
    """The project's files. reuse: the preview's repeated reads (see `LazyFiles`)."""
    root = root.resolve()
    names = [CONFIG_FILE] if (root / CONFIG_FILE).is_file() else []
    names += [f"{CONTENT_DIR}/{name}" for name in _walk(root / CONTENT_DIR)]
    files = LazyFiles(root, names, reuse)
    if reuse:  # Forget files that were deleted or renamed since.
        listed = {os.path.join(root, name) for name in names}
        for gone in [path for path in _kept if path not in listed and path.startswith(str(root))]:
            del _kept[gone]
    templates = {}
    for name in _walk(root / TEMPLATES_DIR):
        try:
            templates[name] = _read(os.path.join(root, TEMPLATES_DIR, name)).decode("utf-8")
        except UnicodeDecodeError:
            raise SiteError(f"{TEMPLATES_DIR}/{name}: the template is not saved as UTF-8 text") from None
    static = {f"{STATIC_DIR}/{name}": _read(os.path.join(root, STATIC_DIR, name)) for name in _walk(root / STATIC_DIR)}
    return Project(root, files, templates, static)


def _read(path: str) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        return b""  # Deleted between listing and reading (an editor mid-save): read as empty.


# The preview's kept files: path -> (what stat said, when it was read, the bytes).
_kept: dict[str, tuple[tuple[int, ...], int, bytes]] = {}
# File times tick coarsely (every few ms on Linux, every 2 s on FAT and some network
# folders): a file read in the same tick as it was written could change again without its
# time changing. Such a read is not trusted later; the file is read again next time.
_TICK_NS = 2_000_000_000


def _read_reusing(path: str) -> bytes:
    try:
        info = os.stat(path)
    except FileNotFoundError:
        _kept.pop(path, None)
        return b""
    signature = (info.st_mtime_ns, info.st_ctime_ns, info.st_size, info.st_ino, info.st_dev)
    kept = _kept.get(path)
    if kept is not None and kept[0] == signature and max(info.st_mtime_ns, info.st_ctime_ns) < kept[1] - _TICK_NS:
        return kept[2]
    read_at = time.time_ns()
    data = _read(path)
    _kept[path] = (signature, read_at, data)
    return data


def watched_paths(root: Path) -> list[Path]:
    """What the preview watches: a change to any of these rebuilds the site."""
    return [root / CONFIG_FILE, root / CONTENT_DIR, root / TEMPLATES_DIR, root / STATIC_DIR]
