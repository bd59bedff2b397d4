"""What is told when a file or folder of the project cannot or must not be read.

For the person who fixes it: the file (named safely even when its name is not UTF-8, see
`shown_name`), what is wrong (a link out of the project, a link round in a circle, no
permission, a folder or a pipe where a file belongs, a name that is not text) and what to
do about it. Nothing here looks at the disk: `folder_listing` and `safe_reading` do, and
pass on what they found.
"""

from __future__ import annotations

import errno
import os

from ..errors import Problem


def shown_name(relative: str) -> str:
    """A path as messages show it: bytes of a name that is not UTF-8 as \\xNN, never raw."""
    return os.fsencode(relative).decode("utf-8", "backslashreplace")


_PUT_THE_FILE_HERE = (
    "put a copy of the file here instead of the link: the site publishes only files kept in the project"
)


def link_problem(name: str, pointed: str, error: OSError | None, why: str = "") -> Problem:
    """A link that was not followed. pointed: where the link says it leads ("?" if unknown)."""
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
    return unreadable(name, error or OSError(errno.EIO, "cannot be read"))


def unreadable(name: str, error: OSError, what: str = "file") -> Problem:
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


def folder_not_file(name: str) -> Problem:
    return Problem(
        shown_name(name),
        "this is a folder, but a file is expected here",
        hint="rename or move the folder, then put the file here (from git or the last published version)",
    )


def not_ordinary(name: str) -> Problem:
    return Problem(
        shown_name(name),
        "this is not an ordinary file (it is a pipe, a device or a socket), so it was not read",
        hint="delete it, or put an ordinary file here",
    )


def unreadable_name(name: str, is_folder: bool) -> Problem:
    what = "folder" if is_folder else "file"
    return Problem(
        shown_name(name),
        f"the {what} name is not readable text (it is not UTF-8), so the {what} was not read",
        hint=f"rename the {what} using only letters, digits and hyphens",
    )
