"""Which files the project has: its source folders listed from disk, links followed only inside them.

Links (symbolic links) are followed only to files and folders inside the project's own
source folders (content/, templates/, static/ and site_config.yaml): what is there is
published anyway. Anything else is refused, the rest of the project included: its .git
folder can hold the credentials a CI checkout uses, and a `.env` file secrets. A link out,
a link loop, a name that is not UTF-8 or a folder that cannot be looked into becomes a
`Problem` in the `Listing`. Editors' and file managers' litter (backup and swap files,
.DS_Store) is left out.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field
from types import MappingProxyType

from ..errors import Problem
from .project_layout import CONFIG_FILE, CONTENT_DIR, SOURCE_FOLDERS, STATIC_DIR, TEMPLATES_DIR
from .reading_problems import link_problem, unreadable, unreadable_name

IGNORED_NAMES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})


@dataclass
class Listing:
    """What listing found: the files to read, where links lead, and what was refused."""

    names: list[str] = field(default_factory=list)  # relative to the root, "/" separators
    real: dict[str, str] = field(default_factory=dict)  # a name reached through a link -> the file it reaches
    problems: list[Problem] = field(default_factory=list)
    # Content files that must not be read (a link out of the project), with the reason: listed,
    # so that the loader reports the reason rather than "the file is missing".
    refused: dict[str, Problem] = field(default_factory=dict)


def _is_editor_litter(name: str) -> bool:
    return name in IGNORED_NAMES or name.endswith(("~", ".swp", ".swx")) or name.startswith(".#")


def _is_readable_name(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # Bytes that are not UTF-8, which Python carries as surrogates.
        return False
    return True


def _is_source(relative: str) -> bool:
    """A path, relative to the root, in the project's own source folders."""
    return relative == CONFIG_FILE or relative.split("/")[0] in SOURCE_FOLDERS


def _link_problem(name: str, path: str, error: OSError | None, why: str = "") -> Problem:
    """Why the link `name` (at `path`) was not followed, with where it leads."""
    try:
        pointed = os.readlink(path)
    except OSError:
        pointed = "?"
    return link_problem(name, pointed, error, why)


_MISSING_FOLDER_HINTS = MappingProxyType(
    {
        TEMPLATES_DIR: "the site's pages are made from the templates kept in templates/: restore the folder from git "
        "or from the last published version",
        STATIC_DIR: "the site's styles, scripts and pictures are kept in static/: restore the folder from git or from "
        "the last published version",
    }
)


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


def walk_folder(root: str, top: str, listing: Listing, required: bool = False) -> None:
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
            listing.problems.append(unreadable(name, error, "folder"))
            continue
        for entry in entries:
            child, child_real = f"{name}/{entry.name}", f"{real}/{entry.name}"
            try:
                is_folder = entry.is_dir(follow_symlinks=False)
                if not _is_readable_name(entry.name):
                    listing.problems.append(unreadable_name(child, is_folder))
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
                    listing.problems.append(unreadable(child, error))
    listing.names.extend(sorted(found))


def _start_of_walk(root: str, top: str, listing: Listing, required: bool) -> str | None:
    """The folder `top` really is (itself, or where its link leads), or None to list nothing."""
    try:
        info = os.lstat(os.path.join(root, top))
    except FileNotFoundError:
        if required:
            listing.problems.append(Problem(f"{top}/", "the folder is missing", hint=_MISSING_FOLDER_HINTS[top]))
        return None
    except OSError as error:
        listing.problems.append(unreadable(top, error, "folder"))
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
    listing: Listing,
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


def list_config(root: str, listing: Listing) -> None:
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
