"""The only part of the editor that touches the project's files: inside content/, nowhere else.

Every name the browser sends is checked against the site's own naming rules
(`addresses.classify`), and every folder on the way is checked to be a real folder inside
content/ (no `..`, no absolute paths, no symbolic links, no hidden or odd names). Files are
written whole or not at all: into a hidden temporary file beside the target, then renamed
over it, so the preview never reads half a file. A file is replaced only if it is still the
version the change was made from, compared under a lock right before the rename: a change
written meanwhile (by another window, or by someone in a text editor) is never overwritten.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import stat
import threading
from pathlib import Path

from ..model.addresses import CONTENT_PREFIX, ContentFile, classify

CONTENT = "content"
# Far longer than any address a reader would type, and well inside every file system's limits
# (255 bytes a name, 4096 a path), so a name sent in a form is refused in words, not by the disk.
MAX_NAME = 200
MAX_PART = 100


# One save at a time: its versions are compared and its files renamed while no other save runs.
WRITING = threading.RLock()


class PathRefused(Exception):
    """A name the editor will not read or write: it says why, in plain words."""


class ChangedMeanwhile(Exception):
    """The file is no longer the version the change was made from: nothing was written."""


def version_of(raw: bytes) -> str:
    """Tells whether a file changed between opening a form and saving it."""
    return hashlib.sha256(raw).hexdigest()[:20]


def content_file(
    root: Path, name: str, roles: tuple[str, ...] = ("page", "data", "attachment"), must_exist: bool = True
) -> tuple[ContentFile, Path]:
    """The content file called `name` ("content/plan.md") and its path, or `PathRefused`."""
    if (
        not isinstance(name, str)
        or not name.startswith(CONTENT_PREFIX)
        or "\\" in name
        or "\x00" in name
        or not re.fullmatch(r"[A-Za-z0-9._/-]+", name)
    ):
        raise PathRefused("The editor only opens files in the content folder, by their names as listed.")
    parts = name.split("/")
    if len(name) > MAX_NAME or any(len(part) > MAX_PART for part in parts):
        raise PathRefused(
            f"The name is too long: the editor opens names of up to {MAX_NAME} characters, "
            f"with up to {MAX_PART} between two '/'. Go back to the list of pages."
        )
    if any(part in ("", ".", "..") or part.startswith(".") for part in parts):
        raise PathRefused("The editor only opens files in the content folder, by their names as listed.")
    item = classify(name)
    if item is None or not isinstance(item, ContentFile) or item.role not in roles:
        raise PathRefused(f"{name} is not a page, list or document the editor can change.")
    path = _inside_content(root, parts[1:])
    if must_exist:
        try:
            info = os.lstat(path)
        except FileNotFoundError:
            raise PathRefused(f"{name} does not exist (any more?). Go back to the list of pages.") from None
        if not stat.S_ISREG(info.st_mode):
            raise PathRefused(f"{name} is not an ordinary file, so the editor leaves it alone.")
    elif os.path.lexists(path):
        raise PathRefused(f"{name} already exists: choose another name.")
    return item, path


def _inside_content(root: Path, parts: list[str]) -> Path:
    """The path of content/<parts>, refusing any symbolic link on the way."""
    base = Path(os.path.realpath(root)) / CONTENT
    if os.path.islink(base) or not base.is_dir():
        raise PathRefused("The content folder is missing or is a link: the editor will not write there.")
    path = base
    for part in parts[:-1]:
        path = path / part
        if os.path.islink(path) or (os.path.lexists(path) and not path.is_dir()):
            raise PathRefused(f"content/{'/'.join(parts)} goes through a link or a file, not a folder.")
    path = path / parts[-1]
    if os.path.islink(path):
        raise PathRefused(f"content/{'/'.join(parts)} is a link: the editor will not follow it.")
    if os.path.commonpath([os.path.realpath(path.parent), str(base)]) != str(base):
        raise PathRefused("The editor only writes inside the content folder.")
    return path


def read(path: Path) -> bytes:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(fd, "rb") as handle:
        return handle.read()


def write(path: Path, data: bytes, new: bool = False, version: str | None = None) -> None:
    """Write the whole file at once: a hidden file beside it, renamed over it.

    new: the file must not exist yet. version: the file must still be this version
    (`version_of`), or `ChangedMeanwhile` is raised and nothing is written.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if os.path.islink(path.parent):
        raise PathRefused("The editor will not write through a link.")
    temporary = path.parent / f".{path.name}.{secrets.token_hex(6)}.saving"
    mode = stat.S_IMODE(os.lstat(path).st_mode) if not new and os.path.lexists(path) else 0o644
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), mode)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        with WRITING:
            if new and os.path.lexists(path):
                raise PathRefused(f"{path.name} was made by someone else meanwhile: choose another name.")
            if version is not None and (not os.path.lexists(path) or version_of(read(path)) != version):
                raise ChangedMeanwhile(path.name)
            os.replace(temporary, path)
    finally:
        if os.path.lexists(temporary):
            os.unlink(temporary)
