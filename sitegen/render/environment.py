"""The Jinja environment over the site's templates, and the page's Content-Security-Policy."""

from __future__ import annotations

import base64
import datetime
import hashlib
from collections.abc import Mapping

import jinja2

from ..model.fields import money_text
from ..shape.open_data import human_size
from .render_cache import RenderMemory
from .template_problems import TemplateFiles
from .typography import keep_marks_with_links, keep_periods_whole


def long_date(value: datetime.date) -> str:
    """The one date style readers see: "6 November 2026" (the data files keep ISO dates)."""
    return f"{value.day} {value:%B %Y}"


def make_environment(
    templates: Mapping[str, str], compiled: jinja2.BytecodeCache | None = None, memory: RenderMemory | None = None
) -> jinja2.Environment:
    """A Jinja environment over templates held in memory: autoescaped, strict about typos.

    Compiling the templates costs more than rendering a small site, so the preview reuses
    the environment while the templates' text is unchanged (`memory`), and a build can be
    given a cache of compiled templates kept between runs (`template_cache.user_cache()`).
    """
    key = (tuple(sorted(templates.items())), compiled)
    if memory is None:
        return _environment(templates, compiled)
    return memory.environments.get(key, lambda: _environment(templates, compiled))


def _environment(templates: Mapping[str, str], compiled: jinja2.BytecodeCache | None) -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=TemplateFiles(dict(templates)),  # Named templates/NAME in errors (see template_problems).
        bytecode_cache=compiled,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["long_date"] = long_date
    environment.filters["kb"] = human_size
    environment.globals["money"] = money_text  # A function, not a filter: £12,500 from 12500.
    environment.filters["keep_periods_whole"] = keep_periods_whole
    environment.filters["keep_marks_with_links"] = keep_marks_with_links
    return environment


def content_security_policy(inline_script: str) -> str:
    """A strict policy: only this site's files, and the one inline script, by its hash."""
    digest = base64.b64encode(hashlib.sha256(inline_script.encode("utf-8")).digest()).decode()
    return (
        "default-src 'none'; "
        f"script-src 'self' 'sha256-{digest}'; "
        "style-src 'self'; img-src 'self'; connect-src 'self'; manifest-src 'self'; "
        "base-uri 'none'; form-action 'self'"
    )
