"""Compiled templates kept between runs, in the user's cache folder.

Compiling the templates takes about 80 ms, more than rendering a small site does, and the
templates rarely change between builds. Jinja can keep the compiled code and reuse it while
a template's text is the same (it checks a hash of the text), so a build of a small site
starts that much sooner. The cache only ever saves time: if its folder cannot be made or
written, or a cached file is damaged, the templates are compiled as before.

This is the one place besides `sources`, `write` and `serve` that touches the disk, and
it touches only its own folder: `$SITEGEN_CACHE_DIR`, else `$XDG_CACHE_HOME/sitegen`, else
`~/.cache/sitegen`. Set `SITEGEN_CACHE_DIR=off` to turn it off.
"""

from __future__ import annotations

import os
import stat
from functools import lru_cache
from pathlib import Path

import jinja2


class TemplateCache(jinja2.FileSystemBytecodeCache):
    """Jinja's file cache, made harmless when the disk is not: failures mean "compile"."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # A damaged or truncated file (marshal raises several kinds).
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:  # Read-only or full disk: the cache is only an optimisation.
            pass


def cache_folder(environ: dict[str, str] | os._Environ[str] = os.environ) -> Path | None:
    """Where compiled templates are kept, or None when the cache is turned off."""
    chosen = environ.get("SITEGEN_CACHE_DIR")
    if chosen:
        return None if chosen.lower() in {"off", "0", "no", "false"} else Path(chosen)
    base = environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "sitegen" / "templates"


@lru_cache(maxsize=1)
def user_cache() -> TemplateCache | None:
    """The cache in the user's own folder; None if it is off or could be tampered with."""
    folder = cache_folder()
    if folder is None:
        return None
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.stat()
    except OSError:
        return None
    # The cache holds code that is run: use it only if nobody else can write to it.
    owner = os.getuid() if hasattr(os, "getuid") else info.st_uid  # Windows has no owner ids here.
    if info.st_uid != owner or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return None
    return TemplateCache(str(folder))
