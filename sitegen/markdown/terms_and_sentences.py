"""The rule for the words of a text: the first use of each glossary term on a page is
marked `<abbr title>`, and so is the first use of letters the text explains itself ("West
Mercia Police (WMP)"); words in capitals that nothing explains and very long sentences are
warnings (see abbreviations.py for what counts as explained).

Separate because it is about how the text reads, not about safety (links.py) or the
outline (headings.py); one rule, so that a definition anywhere in the text is known before
any capitals are judged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from .abbreviations import defined_in, is_roman_numeral
from .text_env import TextEnv, site_env

LONG_SENTENCE_WORDS = 45
ALL_CAPS_WORD = re.compile(r"\b([A-Z][A-Z&]{1,})(s?)\b")


def check_text_and_mark_terms(state: StateCore) -> None:
    env = site_env(state)
    if env is None:
        return
    with_capitals = [
        block
        for block in state.tokens
        if block.type == "inline" and block.children and ALL_CAPS_WORD.search(block.content)
    ]  # Most paragraphs have no capitals to look at.
    for block in with_capitals:  # First: a definition anywhere in the text explains the letters.
        if "(" in block.content:
            for letters, words in defined_in(_words_of_block(block)).items():
                env.defined.setdefault(letters, words)
    for block in state.tokens:
        if block.type == "inline" and block.children:
            _check_sentences(block, env)
    for block in with_capitals:
        block.children = list(_mark_terms(block.children or [], env))


def _words_of_block(block: Token) -> str:
    """The words of a paragraph or heading as read, without its markup or code."""
    return "".join(
        " " if child.type in ("softbreak", "hardbreak") else child.content
        for child in block.children or ()
        if child.type in ("text", "softbreak", "hardbreak")
    )


def _check_sentences(block: Token, env: TextEnv) -> None:
    if block.content.count(" ") < LONG_SENTENCE_WORDS:
        return  # Too few words for any sentence to be long: skip the split.
    for sentence in re.split(r"(?<=[.!?])\s+", block.content):
        if len(sentence.split()) > LONG_SENTENCE_WORDS:
            env.report(
                block,
                f"a sentence has {len(sentence.split())} words; long sentences are hard to follow",
                f"split it into sentences of fewer than {LONG_SENTENCE_WORDS} words",
                warning=True,
            )


def _mark_terms(children: list[Token], env: TextEnv) -> Iterable[Token]:
    """Wrap in <abbr title="…"> the first use of each glossary term, and the first use after
    its explanation of letters the text explains; note capitals that nothing explains."""
    inside_link = False
    for child in children:
        if child.type == "link_open":
            inside_link = True
        elif child.type == "link_close":
            inside_link = False
        if child.type != "text":
            yield child
            continue
        position = 0
        text = child.content
        for match in ALL_CAPS_WORD.finditer(text):
            word, plural = match[1], match[2]
            term = word if word in env.glossary else None
            if term is None and (word + plural) in env.glossary:
                term, plural = word + plural, ""
            if term is None:
                if word in env.defined:
                    title = env.defined[word]  # A later use of letters the text explains: mark it once.
                    if inside_link or word in env.defined_marked or _is_where_defined(text, match):
                        continue
                    env.defined_marked.add(word)
                elif word in env.known or is_roman_numeral(word):
                    continue
                elif word == "TODO" and text.startswith(":", match.end()):
                    continue  # A "TODO:" note, which placeholders.py reports as one.
                else:
                    env.unknown_caps.add(word)
                    continue
            else:
                env.terms_used.add(term)
                title = env.glossary[term]
                if not title or term not in env.terms_to_mark or inside_link:
                    continue
                env.terms_to_mark = env.terms_to_mark - {term}
            yield _text_token(text[position : match.start()])
            abbr = Token("abbr_open", "abbr", 1)
            abbr.attrSet("title", title)
            if term is not None:  # first_use_expansions.py spells a glossary term out after it
                abbr.meta = {"expansion": title, "plural": plural}
            yield abbr
            yield _text_token(word + plural)
            yield Token("abbr_close", "abbr", -1)
            position = match.end()
        yield _text_token(text[position:]) if position else child


def _is_where_defined(text: str, match: re.Match[str]) -> bool:
    """Whether these letters are the ones in "West Mercia Police (WMP)" or "WMP (West…)"."""
    return text[match.start() - 1 : match.start()] == "(" or text[match.end() :].lstrip().startswith("(")


def _text_token(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token
