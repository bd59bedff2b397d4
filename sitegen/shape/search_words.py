"""Words as search sees them: split, folded and stemmed the same way here and in the browser.

The build stems every word it indexes; static/js/search.js stems only the reader's query
with the same rules (its `stem` and `words` functions are these, line for line), and
tests/test_search_index.py runs both over the site's whole vocabulary to prove they agree.

The stemmer is deliberately light: plurals ("drugs", "agencies", "boxes") and the simple
verb forms ("organised", "organising", "planned") meet their root, and a final "e" is
dropped so "organise" meets "organised". A full Porter or Snowball stemmer would need the
same algorithm written twice (no maintained JavaScript copy of the Python library's exact
rules is available offline); these few rules are easy to keep identical.
"""

from __future__ import annotations

import re
import unicodedata

_NOT_WORD = re.compile(r"[^a-z0-9]+")
_ACCENT = re.compile("[\u0300-\u036f]")  # the combining marks search.js removes too
_VOWEL = re.compile(r"[aeiouy]")
_UNDOUBLE = re.compile(r"([bdfgkmnprt])\1$")


def words(text: str) -> list[str]:
    """The words of a text, lower case, accents and punctuation gone, single letters dropped."""
    folded = _ACCENT.sub("", unicodedata.normalize("NFKD", text.lower()))
    return [word for word in _NOT_WORD.split(folded) if len(word) > 1 or word.isdigit()]


def stem(word: str) -> str:
    """A word's root for matching: "drugs" -> "drug", "organised" -> "organis"."""
    if len(word) < 4 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith(("sses", "xes", "ches", "shes", "zes")):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for ending in ("ing", "ed"):
        rest = word[: -len(ending)]
        if word.endswith(ending) and len(rest) >= 3 and _VOWEL.search(rest) and not word.endswith("eed"):
            word = _UNDOUBLE.sub(r"\1", rest)
            break
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


def stems(text: str) -> list[str]:
    return [stem(word) for word in words(text)]
