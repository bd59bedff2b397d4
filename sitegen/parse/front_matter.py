"""A Markdown page split into its YAML front matter (between two '---' lines) and its body.

The front matter is parsed by `safe_yaml`, its lines numbered as in the whole file, so that
its messages point at the page's own lines; the body's first line is kept, for the messages
about the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..errors import Problem
from ..read.source_text import SourceFile
from .safe_yaml import LineMap, parse_yaml

_FENCE = re.compile(r"^---[ \t]*$")


@dataclass(frozen=True)
class FrontMatterDocument:
    front_matter: Any
    line_map: LineMap
    body: str
    body_first_line: int


def split_front_matter(source: SourceFile) -> FrontMatterDocument | list[Problem]:
    """Split a Markdown file into its YAML front matter and its body."""
    lines = source.text.split("\n")
    if not lines or not _FENCE.match(lines[0]):
        return [
            source.problem(
                "the page has no front matter",
                1,
                "start the file with a line '---', then 'title: Your title', "
                "'updated: 2026-11-26', then another '---' line, then the text",
            )
        ]
    for index in range(1, len(lines)):
        if _FENCE.match(lines[index]):
            closing = index
            break
    else:
        return [
            source.problem(
                "the front matter is not closed",
                1,
                "add a line with only '---' after the last front matter field",
            )
        ]
    front = SourceFile(source.name, "\n".join(lines[1:closing]))
    parsed = parse_yaml(front, line_offset=1)
    if isinstance(parsed, list):
        return [Problem(p.file, p.message, p.line, p.hint, source.line(p.line)) for p in parsed]
    body = "\n".join(lines[closing + 1 :])
    return FrontMatterDocument(parsed.data, parsed.line_map, body, closing + 2)
