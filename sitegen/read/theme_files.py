"""The default theme, read from the package, with a site's own files laid over it one by one.

The theme (`sitegen/theme/templates/` and `sitegen/theme/static/`) ships inside the package;
a site's `templates/` and `static/` hold only what it overrides. A file there with the same
name as a theme file replaces it; any other is added. So `page.html` in a site's templates/
is used instead of the theme's, and every other template is the theme's, which an upgrade
of the package brings up to date.

A `README.md` at the top of a site's templates/ or static/ says what goes there: it is
neither a template nor published.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path

from ..theme import THEME_DIR
from .project_layout import STATIC_DIR, TEMPLATES_DIR

FOLDER_NOTES = frozenset({f"{TEMPLATES_DIR}/README.md", f"{STATIC_DIR}/README.md"})
_NOT_THEME = frozenset({"__pycache__", ".DS_Store"})


def theme_files(theme: Path = THEME_DIR) -> dict[str, bytes]:
    """Every theme file by its path in a site ("templates/page.html", "static/css/site.css")."""
    found = {}
    for folder in (TEMPLATES_DIR, STATIC_DIR):
        for path in sorted((theme / folder).rglob("*")):
            relative = path.relative_to(theme)
            if path.is_file() and not _NOT_THEME.intersection(relative.parts):
                found[relative.as_posix()] = path.read_bytes()
    return found


def theme_templates(theme: Path = THEME_DIR) -> dict[str, str]:
    """The theme's templates by template name ("page.html")."""
    prefix = f"{TEMPLATES_DIR}/"
    return {
        name[len(prefix) :]: data.decode("utf-8")
        for name, data in theme_files(theme).items()
        if name.startswith(prefix)
    }


def theme_static(theme: Path = THEME_DIR) -> dict[str, bytes]:
    """The theme's static files by output path ("static/css/site.css")."""
    return {name: data for name, data in theme_files(theme).items() if name.startswith(f"{STATIC_DIR}/")}


def file_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def released_themes(theme: Path = THEME_DIR) -> Mapping[str, Mapping[str, str]]:
    """For each release ("0.1.0"), the hash of each of its theme files (`theme/released.json`)."""
    path = theme / "released.json"
    loaded: dict[str, dict[str, str]] = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    return loaded


def release_of(name: str, digest: str, theme: Path = THEME_DIR) -> str | None:
    """The earliest release whose theme file `name` had this hash, if any."""
    for version, hashes in sorted(released_themes(theme).items(), key=lambda item: _version_key(item[0])):
        if hashes.get(name) == digest:
            return version
    return None


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split(".") if part.isdigit())
