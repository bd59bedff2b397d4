"""Compiled templates kept between runs, in the user's cache folder.

Compiling the templates takes about 80 ms, more than rendering a small site does, and the
templates rarely change between builds. Jinja can keep the compiled code and reuse it while
a template's text is the same (it checks a hash of the text), so a build of a small site
starts that much sooner. The cache only ever saves time: if its folder cannot be made or
written, or a cached file is damaged, the templates are compiled as before.

This is the one place besides `project_files` (and the reading modules it calls), `write`
and `serve` that touches the disk, and it touches only its own folder: `$SITEGEN_CACHE_DIR`,
else `$XDG_CACHE_HOME/sitegen/templates`, else `~/.cache/sitegen/templates`. Set
`SITEGEN_CACHE_DIR=off` to turn it off.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
from pathlib import Path

import jinja2


class TemplateCache(jinja2.FileSystemBytecodeCache):
    """Jinja's file cache, made harmless when the disk is not: failures mean "compile".

    Jinja keys compiled code by the template's name and text only. The same text compiles
    differently under another Jinja version or other environment settings (without
    autoescaping, say), so those are part of the key here too: a cache folder shared by two
    versions of this tool can never hand one the other's code.
    """

    def get_bucket(
        self, environment: jinja2.Environment, name: str, filename: str | None, source: str
    ) -> jinja2.bccache.Bucket:
        return super().get_bucket(environment, f"{_flavour(environment)}/{name}", filename, source)

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # A damaged or truncated file (marshal raises several kinds).
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):  # Read-only or full disk: the cache is only an optimisation.
            super().dump_bytecode(bucket)


def _flavour(environment: jinja2.Environment) -> str:
    """Everything besides a template's text that changes the code it compiles to."""
    settings = (
        jinja2.__version__,
        environment.autoescape,
        environment.undefined.__qualname__,
        environment.trim_blocks,
        environment.lstrip_blocks,
        environment.keep_trailing_newline,
        environment.newline_sequence,
        environment.optimized,
        sorted(environment.extensions),
        environment.block_start_string,
        environment.block_end_string,
        environment.variable_start_string,
        environment.variable_end_string,
        environment.comment_start_string,
        environment.comment_end_string,
        environment.line_statement_prefix,
        environment.line_comment_prefix,
    )
    return hashlib.blake2b(repr(settings).encode(), digest_size=8).hexdigest()


def cache_folder(environ: dict[str, str] | os._Environ[str] = os.environ) -> Path | None:
    """Where compiled templates are kept, or None when the cache is turned off."""
    chosen = environ.get("SITEGEN_CACHE_DIR")
    if chosen:
        return None if chosen.lower() in {"off", "0", "no", "false"} else Path(chosen)
    base = environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "sitegen" / "templates"


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
