"""The rule that spells out an abbreviation the first time a page uses it (GOV.UK style):
"SOCJAGs (Serious Organised Crime Joint Advisory Groups)", from the glossary, after the
`<abbr>` that terms_and_sentences.py put on that first use.

The words are added at render time, in `<span class="abbr-expansion">`, so the content's
own text is unchanged: its source, its open data, its search text and its descriptions
keep the editor's words alone, and the page shows which words the site added. Readers see
the expansion without hovering, so it works by touch and keyboard as well as by mouse.

Not added where the text explains the letters itself ("Police and Crime Commissioner
(PCC)" or "PCC (Police and Crime Commissioner)"), in a heading (kept short) or inside a link
(its text is what the link says).

Separate from terms_and_sentences.py because that rule decides what is marked; this one
only adds words after what it marked.
"""

from __future__ import annotations

from markdown_it.common.utils import escapeHtml
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from .text_env import site_env

EXPANSION = "abbr_expansion"


def add_first_use_expansions(state: StateCore) -> None:
    if site_env(state) is None:
        return
    for index, block in enumerate(state.tokens):
        if block.type != "inline" or not block.children or not _marks_a_term(block.children):
            continue
        if index and state.tokens[index - 1].type == "heading_open":
            continue
        block.children = list(_with_expansions(block.children))


def _marks_a_term(children: list[Token]) -> bool:
    return any(child.type == "abbr_open" and child.meta.get("expansion") for child in children)


def _with_expansions(children: list[Token]) -> list[Token]:
    out: list[Token] = []
    inside_link = False
    expansion: str | None = None
    for position, child in enumerate(children):
        out.append(child)
        if child.type == "link_open":
            inside_link = True
        elif child.type == "link_close":
            inside_link = False
        elif child.type == "abbr_open" and child.meta.get("expansion") and not inside_link:
            before = children[position - 1].content if position and children[position - 1].type == "text" else ""
            expansion = (
                None if before.rstrip().endswith("(") else _plural(child.meta["expansion"], child.meta["plural"])
            )
        elif child.type == "abbr_close" and expansion is not None:
            after = children[position + 1].content if position + 1 < len(children) else ""
            if not after.lstrip().startswith("("):
                token = Token(EXPANSION, "span", 0)
                token.content = expansion
                out.append(token)
            expansion = None
    return out


def _plural(words: str, plural: str) -> str:
    """ "Serious Organised Crime Joint Advisory Group" for SOCJAGs: "… Groups"; the noun
    before "of" for "Associations of Police and Crime Commissioners"."""
    if not plural:
        return words
    head, of, rest = words.partition(" of ")
    if head.endswith("s"):  # already plural ("Guidelines"), or a word we had better not guess
        return words
    if head.endswith(("x", "ch", "sh")):
        head += "es"
    elif head.endswith("y") and head[-2:-1] not in ("a", "e", "i", "o", "u"):
        head = head[:-1] + "ies"
    else:
        head += "s"
    return head + of + rest


def render_expansion(renderer: object, tokens: list[Token], index: int, options: object, env: object) -> str:
    return f'<span class="abbr-expansion"> ({escapeHtml(tokens[index].content)})</span>'
