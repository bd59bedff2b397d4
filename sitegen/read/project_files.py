"""Read the project's files from disk: with `write` and `serve`, the only code that does.

`read_project` lists the source folders (`folder_listing`) and reads each file safely
(`safe_reading`); the preview passes its memory of earlier reads (`kept_files`). Everything
is read into memory as bytes (content) or text (templates), so the rest of the pipeline is
pure and can be tested without files. Content files are read when the loader asks for them
(`LazyFiles`), one at a time.

Whatever is on the disk, reading never fails with a traceback and never reads what it
must not. A file that cannot or must not be read (a link out of the project, a link loop,
no permission, too big, a name that is not UTF-8) becomes a `Problem` naming it: for
content files through `file_text.UnreadFile`, which the loader reports like any mistake in
the file; for the rest in `Project.problems`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import Problem
from .folder_listing import Listing, list_config, walk_folder
from .project_layout import CONTENT_DIR, STATIC_DIR, TEMPLATES_DIR
from .reading_problems import shown_name
from .safe_reading import read_file
from .source_text import MAX_FILE_BYTES, UnreadFile, decode_source, too_big
from .theme_files import FOLDER_NOTES, theme_static, theme_templates
from .theme_overrides import override_notices, stale_copies

if TYPE_CHECKING:
    from .file_cache import KeptFiles


# Size limits, checked before reading (content files: `file_text.MAX_FILE_BYTES`). A template is
# a few kilobytes. Static files include documents and pictures; 25 MiB is the largest file
# some static hosts (Cloudflare Pages) will serve, and every static file is held in memory.
MAX_TEMPLATE_BYTES = 1_000_000
MAX_STATIC_BYTES = 25 * 1024 * 1024


@dataclass(frozen=True)
class Project:
    root: Path
    files: Mapping[str, bytes]  # site_config.yaml and content/**, by path relative to the root
    templates: dict[str, str]  # the theme's, with the site's own laid over them (`theme_files`)
    static: dict[str, bytes]  # by output path, like "static/css/site.css"; the theme's and the site's
    # Files and folders that could not or must not be read, besides content files (whose
    # problems come with their bytes, see `LazyFiles`): the build stops on these too.
    problems: tuple[Problem, ...] = ()


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
    content = Listing()
    list_config(base, content)
    walk_folder(base, CONTENT_DIR, content)
    files = LazyFiles(root, content.names, kept, content.real, content.refused)
    if kept is not None:  # Forget files that were deleted or renamed since.
        kept.keep_only({os.path.join(base, content.real.get(name, name)) for name in content.names})
    problems = content.problems  # The refused files' too: the loader may never ask for them.
    # The theme in the package, then the site's own files over it, one by one (`theme_files`).
    templates: dict[str, str] = theme_templates()
    static: dict[str, bytes] = theme_static()
    own: dict[str, bytes] = {}
    listing = Listing()
    walk_folder(base, TEMPLATES_DIR, listing)
    problems += listing.problems
    for name in listing.names:
        if name in FOLDER_NOTES:
            continue
        data = read_file(base, name, listing.real.get(name, name), MAX_TEMPLATE_BYTES, _template_too_big)
        source = data if isinstance(data, Problem) else decode_source(shown_name(name), data)
        if isinstance(source, Problem):
            problems.append(source)
        elif isinstance(data, bytes):  # Always, once the source decoded.
            templates[name[len(TEMPLATES_DIR) + 1 :]] = source.text
            own[name] = data
    listing = Listing()
    walk_folder(base, STATIC_DIR, listing)
    problems += listing.problems
    for name in listing.names:
        if name in FOLDER_NOTES:
            continue
        data = read_file(base, name, listing.real.get(name, name), MAX_STATIC_BYTES, _static_too_big)
        if isinstance(data, Problem):
            problems.append(data)
        else:
            static[name] = own[name] = data
    notices = override_notices(base, own)
    for name in stale_copies(notices):  # A 0.1.0 site's copies: the current theme's files are used.
        if name.startswith(TEMPLATES_DIR + "/"):
            templates[name[len(TEMPLATES_DIR) + 1 :]] = theme_templates()[name[len(TEMPLATES_DIR) + 1 :]]
        else:
            static[name] = theme_static()[name]
    problems += notices
    return Project(root, files, templates, static, tuple(problems))
