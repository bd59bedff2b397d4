"""One file read from disk safely: inside the project, following no link, never more than its limit.

Files are opened one folder at a time, each without following links (O_NOFOLLOW), so a
link that appears between listing and reading is refused too, and no more than a file's
size limit is ever read, even from a file that grows meanwhile. Whatever stops the read (no
permission, a folder or a pipe where the file was, too big) is returned as a `Problem`,
never raised.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable

from ..errors import Problem
from .reading_problems import folder_not_file, not_ordinary, shown_name, unreadable

_READ_CHUNK = 1 << 16


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
        return unreadable(name, error)
    try:
        info = os.fstat(handle)
        if stat.S_ISDIR(info.st_mode):
            return folder_not_file(name)
        if not stat.S_ISREG(info.st_mode):
            return not_ordinary(name)
        if info.st_size > limit:  # Told without reading any of it.
            return too_big_problem(shown_name(name), info.st_size)
        data = _read_at_most(handle, limit + 1, info.st_size)
        if len(data) > limit:  # It grew while being read.
            return too_big_problem(shown_name(name), max(os.fstat(handle).st_size, len(data)))
        return data
    except OSError as error:
        return unreadable(name, error)
    finally:
        os.close(handle)
