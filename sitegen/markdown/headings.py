"""The rule for headings: each gets an id from its words (unique within the text, by the
same rule page_ids.py uses on a whole page), and the outline is checked: no second top
heading, no skipped levels, no empty headings.

Separate because headings are the page's outline for screen-reader users, and these ids
are what page_ids.py later makes unique on the page.
"""

from __future__ import annotations

from markdown_it.rules_core import StateCore

from ..model.ids import slugify, unique_id
from .text_env import site_env


def check_headings(state: StateCore) -> None:
    env = site_env(state)
    if env is None:
        return
    previous_level = 1  # The page title is the h1.
    tokens = state.tokens
    given: set[str] = set()
    for index, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        level = int(token.tag[1])
        inline = tokens[index + 1]
        # An id to link to, from the heading's words. Given here rather than by mdit's anchors
        # plugin, so that repeats follow the same rule (-2, -3…) as page_ids.py on a whole page.
        if level > 1:
            wanted = slugify("".join(c.content for c in inline.children or () if c.type in ("text", "code_inline")))
            heading_id = unique_id(wanted, given.__contains__)
            given.add(heading_id)
            token.attrSet("id", heading_id)
            env.headings.append((wanted, heading_id))
        if level == 1:
            env.report(
                token,
                "a heading uses '#', but the page title is already the top heading",
                "start headings in the text with '##'",
            )
        elif level > previous_level + 1:
            env.report(
                token,
                f"the heading skips from level {previous_level} to level {level}",
                f"use {'#' * (previous_level + 1)} for this heading",
                warning=True,
            )
        if not inline.content.strip():
            env.report(token, "a heading is empty", "write the heading text after the '#' marks", warning=True)
        previous_level = level
