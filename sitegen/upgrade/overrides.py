"""`python build.py override FILE`: start changing one theme file in a site, on the record.

It copies the theme's file (say `templates/page.html`) into the site, where it is used instead
of the theme's, and writes the hash of what it copied into `theme.lock`. When a later release
changes the theme's file, `check` says so (`read.theme_overrides`). `--accept FILE` records the
installed theme's file as the one the site's copy now follows, once the changes are brought over.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import UsageError
from ..read.theme_files import file_hash, theme_files
from ..read.theme_overrides import LOCK_FILE, format_lock, read_lock


def override(root: Path, name: str, accept: bool = False) -> str:
    """Copy (or with accept, only record) the theme file `name`; return what was done, for a person."""
    name = name.replace("\\", "/").strip("/")
    theme = theme_files()
    if name not in theme:
        raise UsageError(
            f"'{name}' is not a file of the theme",
            "give its path as the site would have it, like templates/page.html or static/css/site.css; "
            "the theme's files are: " + ", ".join(sorted(theme)),
        )
    target = root / name
    if accept and not target.is_file():
        raise UsageError(
            f"this site has no {name} to accept", f"to start changing it, run 'python build.py override {name}'"
        )
    if not accept and target.exists():
        raise UsageError(
            f"this site already has its own {name} (nothing was changed)",
            f"once it has the theme's latest changes, run 'python build.py override --accept {name}'",
        )
    lock = read_lock(str(root))
    if not isinstance(lock, dict):
        raise UsageError(lock.message, lock.hint)
    lock[name] = file_hash(theme[name])
    if not accept:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(theme[name])
    (root / LOCK_FILE).write_text(format_lock(lock), encoding="utf-8")
    if accept:
        return f"Recorded in {LOCK_FILE} that {name} follows this release's theme."
    return (
        f"Copied the theme's {name} into this site, where it is used instead of the theme's; recorded in {LOCK_FILE}."
    )
