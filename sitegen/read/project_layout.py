"""Where a project keeps its sources: site_config.yaml and the content/, templates/ and static/ folders.

Only these are read (links are followed only into them), the output folder may not be in
them, and the preview watches them.
"""

from __future__ import annotations

from pathlib import Path

from ..theme import THEME_DIR

CONFIG_FILE = "site_config.yaml"

CONTENT_DIR = "content"
TEMPLATES_DIR = "templates"
STATIC_DIR = "static"
SOURCE_FOLDERS = (CONTENT_DIR, TEMPLATES_DIR, STATIC_DIR)


def watched_paths(root: Path) -> list[Path]:
    """What the preview watches: a change to any of these rebuilds the site. The theme in the
    package too (read.theme_files), for whoever works on the theme itself."""
    sources = [root / CONFIG_FILE, root / CONTENT_DIR, root / TEMPLATES_DIR, root / STATIC_DIR]
    return [*sources, THEME_DIR / TEMPLATES_DIR, THEME_DIR / STATIC_DIR]
