"""Read the project's files from disk: the only module, with `write` and `serve`, that does.

Everything is read into memory as bytes (content) or text (templates), so the
rest of the pipeline is pure and can be tested without files.

Whatever is on the disk, reading never fails with a traceback and never reads what it
must not. A file that cannot or must not be read (a link out of the project, a link loop,
no permission, too big, a name that is not UTF-8) becomes a `Problem` naming it: for
content files through `file_text.UnreadFile`, which the loader reports like any mistake in
the file; for the rest in `Project.problems`.

Links (symbolic links) are followed only to files and folders inside the project's own
source folders (content/, templates/, static/ and site_config.yaml): what is there is
published anyway. Anything else is refused, the rest of the project included: its .git
folder can hold the credentials a CI checkout uses, and a `.env` file secrets. Files are
opened one folder at a time, each without following links (O_NOFOLLOW), so a link that
appears between listing and reading is refused too, and no more than a file's size limit
is ever read, even from a file that grows meanwhile.
"""

from __future__ import annotations

import errno
import os
import stat
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .errors import Problem
from .file_text import MAX_FILE_BYTES, UnreadFile, decode_source, too_big

CONFIG_FILE = "site_config.yaml"

CONTENT_DIR = "content"
TEMPLATES_DIR = "templates"
STATIC_DIR = "static"
SOURCE_FOLDERS = (CONTENT_DIR, TEMPLATES_DIR, STATIC_DIR)
IGNORED_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini"}

# Size limits, checked before reading (content files: `file_text.MAX_FILE_BYTES`). A template is
# a few kilobytes. Static files include documents and pictures; 25 MiB is the largest file
# some static hosts (Cloudflare Pages) will serve, and every static file is held in memory.
MAX_TEMPLATE_BYTES = 1_000_000
MAX_STATIC_BYTES = 25 * 1024 * 1024
_READ_CHUNK = 1 << 16


@dataclass(frozen=True)
class Project:
    root: Path
    files: Mapping[str, bytes]  # site_config.yaml and content/**, by path relative to the root
    templates: dict[str, str]
    static: dict[str, bytes]  # by output path, like "static/css/site.css"
    # Files and folders that could not or must not be read, besides content files (whose
    # problems come with their bytes, see `LazyFiles`): the build stops on these too.
    problems: tuple[Problem, ...] = ()


@dataclass
class _Listing:
    names: list[str] = field(default_factory=list)  # relative to the root, "/" separators
    real: dict[str, str] = field(default_factory=dict)  # a name reached through a link -> the file it reaches
    problems: list[Problem] = field(default_factory=list)
    # Content files that must not be read (a link out of the project), with the reason: listed,
    # so that the loader reports the reason rather than "the file is missing".
    refused: dict[str, Problem] = field(default_factory=dict)


def _is_editor_litter(name: str) -> bool:
    return name in IGNORED_NAMES or name.endswith(("~", ".swp", ".swx")) or name.startswith(".#")


def shown_name(relative: str) -> str:
    """A path as messages show it: bytes of a name that is not UTF-8 as \\xNN, never raw."""
    return os.fsencode(relative).decode("utf-8", "backslashreplace")


def _is_readable_name(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # Bytes that are not UTF-8, which Python carries as surrogates.
        return False
    return True


def _is_source(relative: str) -> bool:
    """A path, relative to the root, in the project's own source folders."""
    return relative == CONFIG_FILE or relative.split("/")[0] in SOURCE_FOLDERS


# --- messages ---------------------------------------------------------------------------------

_PUT_THE_FILE_HERE = (
    "put a copy of the file here instead of the link: the site publishes only files kept in the project"
)


def _link_problem(name: str, path: str, error: OSError | None, why: str = "") -> Problem:
    try:
        pointed = os.readlink(path)
    except OSError:
        pointed = "?"
    shown, target = shown_name(name), shown_name(pointed)
    if why == "outside":
        return Problem(
            shown,
            f"this is a link to '{target}', which is outside the project's content/, templates/ "
            "and static/ folders, so it was not read",
            hint=_PUT_THE_FILE_HERE,
        )
    if why == "circle":
        return Problem(
            shown,
            f"this is a link to '{target}', a folder that holds the link itself, so reading it would never end",
            hint="delete the link",
        )
    if error is not None and error.errno == errno.ELOOP:
        return Problem(
            shown,
            f"this is a link to '{target}', which leads round in a circle and never reaches a file",
            hint="delete the link, and put the file itself here",
        )
    if error is not None and error.errno in (errno.ENOENT, errno.ENOTDIR):
        return Problem(
            shown,
            f"this is a link to '{target}', which does not exist",
            hint="delete the link, or put the file itself here",
        )
    return _unreadable(name, error or OSError(errno.EIO, "cannot be read"))


def _unreadable(name: str, error: OSError, what: str = "file") -> Problem:
    shown = shown_name(name)
    if error.errno in (errno.EACCES, errno.EPERM):
        return Problem(
            shown,
            f"the {what} cannot be read: permission denied",
            hint=f"give yourself permission to read the {what} (or ask whoever looks after this "
            "computer to), then try again",
        )
    if error.errno in (errno.ELOOP, errno.EMLINK):  # O_NOFOLLOW met a link that was not there when listed.
        return Problem(
            shown,
            f"the {what} became a link while it was being read, so it was not read",
            hint="build again; if this message stays, replace the link with the file itself",
        )
    reason = (error.strerror or str(error)).lower()
    return Problem(
        shown,
        f"the {what} cannot be read ({reason})",
        hint=f"check that the {what} is still there and not open in another program, then try again",
    )


def _folder_not_file(name: str) -> Problem:
    return Problem(
        shown_name(name),
        "this is a folder, but a file is expected here",
        hint="rename or move the folder, then put the file here (from git or the last published version)",
    )


def _not_ordinary(name: str) -> Problem:
    return Problem(
        shown_name(name),
        "this is not an ordinary file (it is a pipe, a device or a socket), so it was not read",
        hint="delete it, or put an ordinary file here",
    )


def _unreadable_name(name: str, is_folder: bool) -> Problem:
    what = "folder" if is_folder else "file"
    return Problem(
        shown_name(name),
        f"the {what} name is not readable text (it is not UTF-8), so the {what} was not read",
        hint=f"rename the {what} using only letters, digits and hyphens",
    )


def _template_too_big(name: str, size: int) -> Problem:
    return Problem(
        name,
        f"the file is {size:,} bytes; templates are limited to {MAX_TEMPLATE_BYTES:,}",
        hint="check that a picture or document was not saved over this template by mistake",
    )


def _static_too_big(name: str, size: int) -> Problem:
    return Problem(
        name,
        f"the file is {size:,} bytes; files in static/ are limited to {MAX_STATIC_BYTES:,} "
        "(25 MiB, the most some web hosts serve)",
        hint="make it smaller (save a PDF for the web, or resize a picture), or publish it elsewhere and link to it",
    )


_MISSING_FOLDER_HINTS = {
    TEMPLATES_DIR: "the site's pages are made from the templates kept in templates/: restore the folder from git "
    "or from the last published version",
    STATIC_DIR: "the site's styles, scripts and pictures are kept in static/: restore the folder from git or from "
    "the last published version",
}


# --- listing ----------------------------------------------------------------------------------


def _follow(root: str, name: str) -> str | Problem:
    """Where the link `name` leads, relative to the root, if it may be followed."""
    path = os.path.join(root, name)
    try:
        real = os.path.realpath(path, strict=True)
    except OSError as error:  # A loop, a link to nothing, a folder that may not be looked into.
        return _link_problem(name, path, error)
    try:
        relative = os.path.relpath(real, root).replace(os.sep, "/")
    except ValueError:  # Another drive (Windows).
        return _link_problem(name, path, None, "outside")
    if relative.startswith("../") or relative == ".." or not _is_source(relative):
        return _link_problem(name, path, None, "outside")
    return relative


_CONTENT_ENDINGS = (".md", ".yaml", ".yml")  # What the loader reads


def _walk(root: str, top: str, listing: _Listing, required: bool = False) -> None:
    """Add every file under the folder `top` (relative to `root`) to `listing`, sorted.

    Plain strings and os.scandir, not pathlib: the preview walks this after every save.
    """
    start = _start_of_walk(root, top, listing, required)
    if start is None:
        return
    found: list[str] = []
    # Each folder: its name in the project, the folder it really is, and the folders it is in
    # (really), so that a link back to one of them is a loop rather than an endless walk.
    stack = [(top, start, frozenset({start}))]
    while stack:
        name, real, within = stack.pop()
        try:
            with os.scandir(os.path.join(root, real)) as scanned:
                entries = list(scanned)
        except FileNotFoundError:  # Deleted since it was listed (an editor tidying up).
            continue
        except OSError as error:
            listing.problems.append(_unreadable(name, error, "folder"))
            continue
        for entry in entries:
            child, child_real = f"{name}/{entry.name}", f"{real}/{entry.name}"
            try:
                is_folder = entry.is_dir(follow_symlinks=False)
                if not _is_readable_name(entry.name):
                    listing.problems.append(_unreadable_name(child, is_folder))
                elif entry.is_symlink():
                    _add_link(root, child, within, stack, found, listing)
                elif is_folder:
                    if top == CONTENT_DIR and entry.name.endswith(_CONTENT_ENDINGS):
                        found.append(child)  # Read as a file, which says that it is a folder.
                        listing.real[child] = child_real
                    else:
                        stack.append((child, child_real, within | {child_real}))
                elif not _is_editor_litter(entry.name):
                    found.append(child)  # Files of every kind: reading says if one is not ordinary.
                    if child_real != child:
                        listing.real[child] = child_real
            except OSError as error:  # Gone, or not to be looked at, between listing and here.
                if error.errno != errno.ENOENT:
                    listing.problems.append(_unreadable(child, error))
    listing.names.extend(sorted(found))


def _start_of_walk(root: str, top: str, listing: _Listing, required: bool) -> str | None:
    """The folder `top` really is (itself, or where its link leads), or None to list nothing."""
    try:
        info = os.lstat(os.path.join(root, top))
    except FileNotFoundError:
        if required:
            listing.problems.append(Problem(f"{top}/", "the folder is missing", hint=_MISSING_FOLDER_HINTS[top]))
        return None
    except OSError as error:
        listing.problems.append(_unreadable(top, error, "folder"))
        return None
    real = top
    if stat.S_ISLNK(info.st_mode):
        followed = _follow(root, top)
        if isinstance(followed, Problem):
            listing.problems.append(followed)
            return None
        real = followed
    if not os.path.isdir(os.path.join(root, real)):
        listing.problems.append(
            Problem(
                f"{top}",
                "this is a file, but a folder is expected here",
                hint=f"rename or move the file, then put the {top}/ folder back "
                "(from git or the last published version)",
            )
        )
        return None
    return real


def _add_link(
    root: str,
    name: str,
    within: frozenset[str],
    stack: list[tuple[str, str, frozenset[str]]],
    found: list[str],
    listing: _Listing,
) -> None:
    followed = _follow(root, name)
    if isinstance(followed, Problem):
        listing.problems.append(followed)
        if name.startswith(f"{CONTENT_DIR}/") and name.endswith(_CONTENT_ENDINGS):
            found.append(name)
            listing.refused[name] = followed
    elif os.path.isdir(os.path.join(root, followed)):
        if any(followed == folder or folder.startswith(followed + "/") for folder in within):
            listing.problems.append(_link_problem(name, os.path.join(root, name), None, "circle"))
        else:
            stack.append((name, followed, within | {followed}))
    elif not _is_editor_litter(name.rsplit("/", 1)[-1]):
        found.append(name)
        listing.real[name] = followed


def _list_config(root: str, listing: _Listing) -> None:
    path = os.path.join(root, CONFIG_FILE)
    if os.path.islink(path):
        followed = _follow(root, CONFIG_FILE)
        if isinstance(followed, Problem):
            listing.problems.append(followed)
            listing.refused[CONFIG_FILE] = followed
        else:
            listing.real[CONFIG_FILE] = followed
    elif not os.path.lexists(path):
        return  # The loader says that it is missing.
    listing.names.append(CONFIG_FILE)


# --- reading ----------------------------------------------------------------------------------

_FILE_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
    # Opening a pipe put in place of a file would wait for ever without this.
    | getattr(os, "O_NONBLOCK", 0)
)
_FOLDER_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
_CAN_OPEN_BENEATH = os.open in os.supports_dir_fd and hasattr(os, "O_NOFOLLOW") and hasattr(os, "O_DIRECTORY")


def _open_in(root: str, relative: str) -> int:
    """Open `relative` (a real path, no links on the way) under `root`, following no link.

    Each folder on the way is opened from the one before without following links, so a
    folder swapped for a link after listing cannot lead the read out of the project.
    """
    parts = relative.split("/")
    if not _CAN_OPEN_BENEATH:  # Windows: check, then open; a link made in between is not caught.
        for depth in range(1, len(parts) + 1):
            if os.path.islink(os.path.join(root, *parts[:depth])):
                raise OSError(errno.ELOOP, "a link", relative)
        return os.open(os.path.join(root, *parts), _FILE_FLAGS)
    folder = os.open(root, _FOLDER_FLAGS & ~getattr(os, "O_NOFOLLOW", 0))
    try:
        for depth, part in enumerate(parts[:-1], start=1):
            try:
                inner = os.open(part, _FOLDER_FLAGS, dir_fd=folder)
            except NotADirectoryError:  # What O_NOFOLLOW with O_DIRECTORY says of a link, on Linux.
                if os.path.islink(os.path.join(root, *parts[:depth])):
                    raise OSError(errno.ELOOP, "a link", relative) from None
                raise
            os.close(folder)
            folder = inner
        return os.open(parts[-1], _FILE_FLAGS, dir_fd=folder)
    finally:
        os.close(folder)


def _read_at_most(handle: int, count: int, expected: int) -> bytes:
    """Up to `count` bytes: never more is asked for, however big the file is or grows.

    expected: the size stat gave, asked for at once (and one byte more, to see the end).
    """
    parts = []
    want = expected + 1
    while count > 0:
        part = os.read(handle, min(count, want))
        if not part:
            break
        parts.append(part)
        count -= len(part)
        want = _READ_CHUNK  # It grew: read on in small steps up to the limit.
    return b"".join(parts)


def read_file(
    root: str, name: str, real: str, limit: int, too_big_problem: Callable[[str, int], Problem]
) -> bytes | Problem:
    """The bytes of the file `name` (found at `real`), or the problem that stopped the read.

    A file deleted between listing and reading (an editor mid-save) reads as empty.
    """
    try:
        handle = _open_in(root, real)
    except FileNotFoundError:
        return b""
    except OSError as error:
        return _unreadable(name, error)
    try:
        info = os.fstat(handle)
        if stat.S_ISDIR(info.st_mode):
            return _folder_not_file(name)
        if not stat.S_ISREG(info.st_mode):
            return _not_ordinary(name)
        if info.st_size > limit:  # Told without reading any of it.
            return too_big_problem(shown_name(name), info.st_size)
        data = _read_at_most(handle, limit + 1, info.st_size)
        if len(data) > limit:  # It grew while being read.
            return too_big_problem(shown_name(name), max(os.fstat(handle).st_size, len(data)))
        return data
    except OSError as error:
        return _unreadable(name, error)
    finally:
        os.close(handle)


def _read_content(root: str, name: str, real: str) -> bytes:
    data = read_file(root, name, real, MAX_FILE_BYTES, too_big)
    return UnreadFile(data) if isinstance(data, Problem) else data


class LazyFiles(Mapping[str, bytes]):
    """Content files by path, each read from disk when asked for and not kept.

    Loading asks for each file once, so a build holds one page's bytes at a time rather than
    the whole site's (about 30 MB of a 10,000-page build's peak). Tests can still pass a dict.
    A file that cannot be read is given as a `file_text.UnreadFile`, which carries the problem.

    kept: the preview's memory of the files it read (`KeptFiles`): a file's kept bytes are
    given again while its size, times and inode are unchanged, a stat instead of a read.
    real: for names reached through a link, the file (relative to the root) it leads to.
    refused: names never to be read, with the reason (a link out of the project).
    """

    def __init__(
        self,
        root: Path,
        names: list[str],
        kept: KeptFiles | None = None,
        real: Mapping[str, str] | None = None,
        refused: Mapping[str, Problem] | None = None,
    ):
        self._root, self._names, self._known = root, names, frozenset(names)
        self._kept = kept
        self._real = dict(real or {})
        self._refused = dict(refused or {})

    def __getitem__(self, name: str) -> bytes:
        if name not in self._known:
            raise KeyError(name)
        if name in self._refused:
            return UnreadFile(self._refused[name])
        real = self._real.get(name, name)
        root = str(self._root)
        if self._kept is not None:
            return self._kept.read(os.path.join(root, real), lambda: _read_content(root, name, real))
        return _read_content(root, name, real)

    def __contains__(self, name: object) -> bool:
        return name in self._known

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


def read_project(root: Path, kept: KeptFiles | None = None) -> Project:
    """The project's files. kept: the preview's memory of its last reads (see `KeptFiles`)."""
    root = root.resolve()
    base = str(root)
    content = _Listing()
    _list_config(base, content)
    _walk(base, CONTENT_DIR, content)
    files = LazyFiles(root, content.names, kept, content.real, content.refused)
    if kept is not None:  # Forget files that were deleted or renamed since.
        kept.keep_only({os.path.join(base, content.real.get(name, name)) for name in content.names})
    problems = content.problems  # The refused files' too: the loader may never ask for them.
    templates: dict[str, str] = {}
    listing = _Listing()
    _walk(base, TEMPLATES_DIR, listing, required=True)
    problems += listing.problems
    for name in listing.names:
        data = read_file(base, name, listing.real.get(name, name), MAX_TEMPLATE_BYTES, _template_too_big)
        source = data if isinstance(data, Problem) else decode_source(shown_name(name), data)
        if isinstance(source, Problem):
            problems.append(source)
        else:
            templates[name[len(TEMPLATES_DIR) + 1 :]] = source.text
    static: dict[str, bytes] = {}
    listing = _Listing()
    _walk(base, STATIC_DIR, listing, required=True)
    problems += listing.problems
    for name in listing.names:
        data = read_file(base, name, listing.real.get(name, name), MAX_STATIC_BYTES, _static_too_big)
        if isinstance(data, Problem):
            problems.append(data)
        else:
            static[name] = data
    return Project(root, files, templates, static, tuple(problems))


# File times tick coarsely (every few ms on Linux, every 2 s on FAT and some network
# folders): a file read in the same tick as it was written could change again without its
# time changing. Such a read is not trusted later; the file is read again next time.
_TICK_NS = 2_000_000_000


class KeptFiles:
    """The preview's memory of the content files it read: the preview rebuilds after every
    save, and a stat costs less than a read. Owned by the preview; a build keeps nothing."""

    def __init__(self) -> None:
        # path -> (what stat said, when it was read, the bytes)
        self._kept: dict[str, tuple[tuple[int, ...], int, bytes]] = {}

    def read(self, path: str, read: Callable[[], bytes]) -> bytes:
        """The file's bytes: those kept, while stat says the file is the same; else `read()`."""
        try:
            info = os.lstat(path)
        except FileNotFoundError:
            self._kept.pop(path, None)
            return b""
        except OSError:  # Reading says what is wrong.
            self._kept.pop(path, None)
            return read()
        signature = (info.st_mtime_ns, info.st_ctime_ns, info.st_size, info.st_ino, info.st_dev)
        kept = self._kept.get(path)
        if kept is not None and kept[0] == signature and max(info.st_mtime_ns, info.st_ctime_ns) < kept[1] - _TICK_NS:
            return kept[2]
        read_at = time.time_ns()
        data = read()
        self._kept[path] = (signature, read_at, data)
        return data

    def keep_only(self, paths: set[str]) -> None:
        """Forget the files not listed any more (deleted or renamed)."""
        for gone in [path for path in self._kept if path not in paths]:
            del self._kept[gone]


def watched_paths(root: Path) -> list[Path]:
    """What the preview watches: a change to any of these rebuilds the site."""
    return [root / CONFIG_FILE, root / CONTENT_DIR, root / TEMPLATES_DIR, root / STATIC_DIR]
