"""Which words in capitals need no explaining, and which a text explains itself.

The check for words in capitals (markdown/terms_and_sentences.py) asks that each abbreviation be explained.
Following the GOV.UK style guide ("Abbreviations and acronyms", in the A to Z at
https://www.gov.uk/guidance/style-guide/a-to-z): explain an abbreviation in full the
first time it is used on each page, "unless it's well known, like UK, DVLA, US, EU, VAT
and MP" (well known: about 80% of the UK population would recognise it), and give the
full words followed by the letters in brackets. So a word in capitals needs no glossary
entry when it is:

- in WELL_KNOWN below, or in `known_abbreviations` in site_config.yaml (a site's own);
- explained in the same text: "West Mercia Police (WMP)" or "WMP (West Mercia Police)";
- a Roman numeral written with I, V and X (Part II, Schedule IV, XII).

A text is one page's Markdown, or one entry of a list: an entry is also shown on its own
(a filtered timeline, a search result, the open data), so it explains its own letters.
"""

from __future__ import annotations

import re

# Abbreviations most readers in the UK know without being told. The start of the list is
# the GOV.UK style guide's own examples (UK, DVLA, US, EU, VAT, MP) and the ones it uses
# unexplained across GOV.UK (NHS, BBC, HMRC, GP, ID…); the rest are everyday words of
# computing and daily life that the site's readers meet everywhere (PDF, MB, URL, OK…).
# Keep it short: a word belongs here only if nearly everyone knows it. A site adds its
# own in site_config.yaml (`known_abbreviations`), not here.
WELL_KNOWN: frozenset[str] = frozenset(
    {
        # The GOV.UK style guide's examples of well-known abbreviations
        "UK",
        "DVLA",
        "US",
        "EU",
        "VAT",
        "MP",
        # Countries, bodies and services nearly everyone knows by their letters
        "GB",
        "USA",
        "UN",
        "NATO",
        "NHS",
        "BBC",
        "ITV",
        "HMRC",
        "GP",
        "A&E",
        "RAF",
        "MOT",
        # Everyday words
        "OK",
        "TV",
        "ID",
        "PIN",
        "CCTV",
        "DNA",
        "CV",
        "FAQ",
        "DIY",
        "ATM",
        "SMS",
        "GPS",
        "COVID",
        "HIV",
        "AIDS",
        "GMT",
        "BST",
        # Computing and files
        "IT",
        "PC",
        "PDF",
        "HTML",
        "URL",
        "USB",
        "KB",
        "MB",
        "TB",
    }
)

# Roman numerals up to 39 written with I, V and X only. Letters like C, D, L and M are
# left out on purpose: DC, DI, CV or MI are far more often abbreviations than numbers.
_ROMAN_NUMERAL = re.compile(r"X{0,3}(?:IX|IV|V?I{0,3})")

# Words that an abbreviation usually leaves out: "Police and Crime Commissioner (PCC)".
_SMALL_WORDS = frozenset({"a", "an", "and", "&", "at", "by", "for", "in", "of", "on", "the", "to", "with"})
# How far before "(WMP)" to look for the words it stands for.
_MAX_WORDS_PER_LETTER = 2
_FULL_THEN_LETTERS = re.compile(r"\(([A-Z][A-Z&]+)(s?)\)")
_LETTERS_THEN_FULL = re.compile(r"\b([A-Z][A-Z&]+)(s?)\s*\(([^()]+)\)")
_WORD = re.compile(r"[^\s/–—]+")  # A hyphenated word is one word: "closed-circuit television (CCTV)".


def is_roman_numeral(word: str) -> bool:
    return bool(word) and _ROMAN_NUMERAL.fullmatch(word) is not None


def defined_in(text: str) -> dict[str, str]:
    """The abbreviations the text explains itself, each with the words it stands for.

    "West Mercia Police (WMP)" and "WMP (West Mercia Police)" both explain WMP: the words
    must give the letters in order, each word (but small ones like 'and' or 'of') giving
    its first letter and perhaps more of its own ("HyperText Markup Language (HTML)").
    """
    found: dict[str, str] = {}
    if "(" not in text:
        return found
    for match in _FULL_THEN_LETTERS.finditer(text):
        letters = match[1]
        words = _words_before(text[: match.start()])
        # The shortest run of words just before the brackets that gives the letters.
        for count in range(1, min(len(words), _MAX_WORDS_PER_LETTER * len(letters)) + 1):
            run = words[-count:]
            if run[0].lower() not in _SMALL_WORDS and _spells(letters, tuple(_letters_of(w) for w in run)):
                found.setdefault(letters, " ".join(run))
                break
    for match in _LETTERS_THEN_FULL.finditer(text):
        words = _WORD.findall(match[3].strip().rstrip(".,;:"))
        while words and words[0].lower() in _SMALL_WORDS:  # "NCA (the National Crime Agency)"
            words = words[1:]
        if words and _spells(match[1], tuple(_letters_of(w) for w in words)):
            found.setdefault(match[1], " ".join(words))
    return found


def _words_before(text: str) -> list[str]:
    """The words of the clause that ends where the text ends ("In 2019, West Mercia Police")."""
    words = _WORD.findall(text)
    for index in range(len(words) - 2, -1, -1):
        if words[index][-1] in ".,;:!?)":
            return [w.strip("\"'‘’“”") for w in words[index + 1 :]]
    return [w.strip("\"'‘’“”") for w in words]


def _letters_of(word: str) -> str:
    return word if word == "&" else "".join(ch for ch in word if ch.isalnum())


def _spells(letters: str, words: tuple[str, ...]) -> bool:
    """Whether `words`, in order, give `letters`: each word its first letter and maybe more."""
    known: dict[tuple[str, int], bool] = {}  # Remembered for this question only: no state is kept.

    def spells(letters: str, start: int) -> bool:
        if (letters, start) not in known:
            known[letters, start] = _spells_from(letters, start)
        return known[letters, start]

    def _spells_from(letters: str, start: int) -> bool:
        if start == len(words):
            return not letters
        word = words[start]
        if word.lower() in _SMALL_WORDS and spells(letters, start + 1):
            return True  # A small word may be left out ...
        if not word or not letters or word[0].upper() != letters[0]:
            return False  # ... every other word gives at least its first letter.
        tail = word[1:].upper()
        for taken in range(len(letters)):  # The first letter, and `taken` more from the word.
            if taken and not _is_subsequence(letters[1 : 1 + taken], tail):
                break
            if spells(letters[1 + taken :], start + 1):
                return True
        return False

    return spells(letters.replace("&", "").upper(), 0)


def _is_subsequence(part: str, word: str) -> bool:
    position = 0
    for letter in part:
        position = word.find(letter, position) + 1
        if not position:
            return False
    return True
