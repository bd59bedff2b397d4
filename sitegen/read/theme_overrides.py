"""What an upgrade changed under a site's overrides: told by `check` and the build, file by file.

When a site overrides a theme file (`theme_files`), its `theme.lock` records the hash of the
theme's file it was copied from (`python build.py override FILE` writes it). When the installed
theme's file no longer has that hash, the theme changed it since: the site's copy may lack a fix,
so a warning names both files and the release the copy came from.

A site file that is an unchanged copy of an older release's theme file (as `new` made them
before 0.2.0) keeps that old file in use: a warning names it and `python build.py migrate`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ..errors import Problem
from ..theme import THEME_DIR
from .safe_reading import read_file
from .theme_files import file_hash, release_of, theme_files

LOCK_FILE = "theme.lock"
MAX_LOCK_BYTES = 1_000_000
LOCK_HEADER = (
    "# The theme file each of this site's own templates/ and static/ files was copied from: its SHA-256,\n"
    "# then the file. Written by 'python build.py override FILE'; read by 'python build.py check', which\n"
    "# says when an upgrade changed a theme file this site overrides (docs/upgrading.md).\n"
)
_LINE = re.compile(r"([0-9a-f]{64})\s+(\S.*)")


def parse_lock(text: str) -> dict[str, str]:
    """theme.lock's records: file -> the hash of the theme file it was copied from."""
    recorded = {}
    for line in text.splitlines():
        found = _LINE.fullmatch(line.strip())
        if found:
            recorded[found.group(2)] = found.group(1)
    return recorded


def format_lock(recorded: Mapping[str, str]) -> str:
    return LOCK_HEADER + "".join(f"{digest}  {name}\n" for name, digest in sorted(recorded.items()))


def _lock_too_big(name: str, size: int) -> Problem:
    return Problem(name, f"the file is {size:,} bytes; {LOCK_FILE} is a short list (at most {MAX_LOCK_BYTES:,})")


def read_lock(root: str) -> dict[str, str] | Problem:
    """The site's theme.lock (none, which reads as empty: no records)."""
    data = read_file(root, LOCK_FILE, LOCK_FILE, MAX_LOCK_BYTES, _lock_too_big)
    if isinstance(data, Problem):
        return data
    return parse_lock(data.decode("utf-8", "replace"))


def override_notices(root: str, own: Mapping[str, bytes]) -> list[Problem]:
    """Warnings for the site's own files (by path: "templates/page.html") over a changed theme.

    An unchanged copy of an older release's file, not recorded in theme.lock, is a file the
    previous release's `new` copied, not an override: the build uses the current theme's
    file instead (`stale_copies`), since an old template may no longer fit the code."""
    theme = {name: file_hash(data) for name, data in theme_files(THEME_DIR).items()} if own else {}
    overrides = sorted(name for name in own if name in theme)
    if not overrides:
        return []
    lock = read_lock(root)
    if isinstance(lock, Problem):
        return [lock]
    notices = []
    for name in overrides:
        digest, recorded = file_hash(own[name]), lock.get(name)
        if recorded is not None and recorded != theme[name]:
            notices.append(_theme_changed(name, recorded))
        elif recorded is None and digest != theme[name]:
            copied_from = release_of(name, digest)
            if copied_from is not None:
                notices.append(_old_copy(name, copied_from))
    return notices


def _theme_changed(name: str, recorded: str) -> Problem:
    since = release_of(name, recorded)
    return Problem(
        name,
        f"the theme's {name} changed since this site's copy was made"
        f"{f' (from the theme of {since})' if since else ''}: the copy may lack its fixes",
        hint=f"compare it with {THEME_DIR / name}, bring over what changed, then run "
        f"'python build.py override --accept {name}' to record that it is up to date (docs/upgrading.md)",
        is_warning=True,
    )


def stale_copies(notices: list[Problem]) -> frozenset[str]:
    """The files that `override_notices` found to be unchanged copies of an older release."""
    return frozenset(p.file for p in notices if p.message.startswith(_OLD_COPY_START))


_OLD_COPY_START = "this is an unchanged copy of the theme's "


def _old_copy(name: str, release: str) -> Problem:
    return Problem(
        name,
        f"{_OLD_COPY_START}{name} from release {release}: the build uses the current theme's file instead, "
        "so the copy only gets in the way",
        hint="run 'python build.py migrate' to see which copies it would delete, then "
        "'python build.py migrate --apply' (docs/upgrading.md)",
        is_warning=True,
    )
