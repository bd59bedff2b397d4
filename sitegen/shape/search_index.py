"""The offline search index: every word of every page, list entry and glossary term.

No server and no third-party service: static JSON files that static/js/search.js fetches
from the site itself, only on the search page, and only the parts a query needs, so the
first search stays small however big the site grows (docs/performance.md has the figures).

    start.json           {"shards": the names of the dictionary's files, "glossary":
                         [[abbreviation, [stems of what it stands for]], ...]}: the
                         browser turns a query's "child sexual exploitation" into "cse"
    terms/<prefix>.json  the dictionary, split by the first letters of each stem (a
                         stem is in the file of the longest name it starts with):
                         {stem: [word, documents, body, title]}: the commonest spelling
                         (what "Did you mean" offers), how many documents have it, and
                         which: `body` is the documents with the word anywhere (or 0 when
                         they are in postings/<stem>.json, for a common word), `title`
                         those with it in their title (ranked first)
    postings/<stem>.json the documents of a common word
    docs/<n>.json        what a result shows, DOCS_PER_FILE documents a file:
                         [title, address, what it is, its first words]

A set of documents is written as the smaller of a JSON list of gaps between document
numbers and a base64 bitmap (one bit a document): the common words of a big site cost a
bit a page. Every document holding a glossary term's expansion is indexed under the
abbreviation too, so one look-up finds both spellings.

Everything sits in a folder named by a hash of its contents: a reader's browser never
mixes files of two builds.
"""

from __future__ import annotations

import base64
import decimal
import hashlib
import json
from array import array
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from itertools import pairwise
from typing import Any

from ..model.fields import money_text
from ..model.site_content import SiteContent
from .search_words import stem, stems, words

DOCS_PER_FILE = 8
INLINE_LIMIT = 48  # characters of an encoded set kept in the dictionary; more goes to its own file
SNIPPET = 160
Glossary = Sequence[tuple[str, tuple[str, ...]]]  # (an abbreviation's stem, the stems it stands for)
Reuse = Callable[[Hashable, Callable[[], Any]], Any]  # reused(key, compute): see build_search_index
TITLE_WORDS = 10
SHARD_LIMIT = 6_000  # bytes: a dictionary file bigger than this is split by the next letter


@dataclass(frozen=True)
class SearchIndex:
    folder: str  # "search/<hash>/", relative to the site's root
    files: dict[str, bytes]  # path -> bytes
    documents: int


def search_record(title: str, url: str, text: str, what: str = "", glossary: Glossary = ()) -> bytes:
    """One document of the index, encoded: what its result shows (the text's first words),
    each word it is found by once, and the abbreviations whose expansions it spells out. A
    page's record is made where the page is rendered; a big site's are all held until the
    index is made, so they keep each word once, not the whole text."""
    found = words(title) + words(text)
    roots = {word: stem(word) for word in set(found)}  # a page's words repeat: each stemmed once
    stemmed = [roots[word] for word in found]
    starting = _by_first_stem(glossary)
    abbreviations = sorted(
        {
            abbreviation
            for i, root in enumerate(stemmed)
            for abbreviation, phrase in starting.get(root, ())
            if stemmed[i : i + len(phrase)] == phrase
        }
    )
    record = [title, url, what, _snippet(text), " ".join(dict.fromkeys(found)), abbreviations]
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _by_first_stem(glossary: Glossary) -> dict[str, list[tuple[str, list[str]]]]:
    starting: dict[str, list[tuple[str, list[str]]]] = defaultdict(list)
    for abbreviation, phrase in glossary:
        starting[phrase[0]].append((abbreviation, list(phrase)))
    return starting


def content_records(content: SiteContent, plain_text: Callable[[str], str]) -> list[bytes]:
    """The lists' introductions and entries, and the glossary's terms, as documents."""
    records = []
    glossary = expansions(content)
    for collection in content.collections.values():
        records.append(search_record(collection.title, collection.path, plain_text(collection.intro), "", glossary))
        for entry in collection.entries:
            # A list's own fields are found too: a payment by its supplier, a duty by its law.
            own = [_field_text(value) for value in entry.values.values() if value is not None]
            text = " ".join([plain_text(entry.text), *(part for part in own if part)]).strip()
            what = f"{collection.title}, {entry.period.label}" if entry.period else collection.title
            records.append(search_record(first_words(text), f"{collection.path}#{entry.id}", text, what, glossary))
    terms = content.glossary
    for term in terms.terms if terms else ():
        assert terms is not None
        title = f"{term.term} ({term.expansion})" if term.expansion else term.term
        text = " ".join(part for part in (term.expansion, term.description) if part)
        records.append(search_record(title, f"{terms.path}#{term.id}", text, terms.title, glossary))
    return records


def _field_text(value: object) -> str:
    """A field's value as readers see it: a date as written, money as £1,240.50; not yes or no."""
    if isinstance(value, bool):
        return ""
    if isinstance(value, decimal.Decimal):
        return money_text(value)
    label = getattr(value, "label", None)
    return str(label if label is not None else value)


def first_words(text: str, count: int = TITLE_WORDS) -> str:
    """An entry's title in results: its opening words, cut at a word."""
    parts = text.split()
    return " ".join(parts) if len(parts) <= count else " ".join(parts[:count]).rstrip(",;:.") + " …"


def expansions(content: SiteContent) -> Glossary:
    """Each abbreviation with the stems of what it stands for."""
    glossary = content.glossary
    found = []
    for term in glossary.terms if glossary else ():
        phrase = stems(term.expansion) if term.expansion else []
        if len(phrase) > 1:
            found.append((stem(term.term.lower()), tuple(phrase)))
    return tuple(found)


@dataclass(frozen=True)
class RecordReading:
    """What the index takes from one document's record (see `read_record`)."""

    shown: tuple[str, str, str, str]  # title, address, what it is, first words: what its result shows
    first_spellings: dict[str, str]  # each of its words' stems: the document's first word with it
    also_found_by: tuple[str, ...]  # the abbreviations it spells out, if not words of it too
    title_stems: frozenset[str]


def read_record(record: bytes, roots: dict[str, str] | None = None) -> RecordReading:
    """One record, read for the index. roots: each word's stem, shared by the records of one
    index so that each word is stemmed once (the preview keeps each page's reading instead)."""
    roots = {} if roots is None else roots
    title, url, what, snippet, indexed, abbreviations = json.loads(record)
    first_spellings: dict[str, str] = {}
    for word in indexed.split():  # each word once, in the order of the text
        root = roots.get(word) or roots.setdefault(word, stem(word))
        first_spellings.setdefault(root, word)
    title_stems = frozenset(roots.get(word) or roots.setdefault(word, stem(word)) for word in words(title))
    # "child sexual exploitation" is found by "CSE" too
    also_found_by = tuple(abbreviation for abbreviation in abbreviations if abbreviation not in first_spellings)
    return RecordReading((title, url, what, snippet), first_spellings, also_found_by, title_stems)


def _made_now(key: Hashable, compute: Callable[[], Any]) -> Any:
    return compute()


def build_search_index(records: Iterable[bytes], glossary: Glossary, reused: Reuse = _made_now) -> SearchIndex:
    """The index of the documents, in order: their numbers are their places.

    reused(key, compute): compute(), or what it gave for an equal key in the last build. The
    preview passes its memory, so that after a save only the saved page's record is read
    again, and only the entries of the words whose pages changed are made again."""
    roots: dict[str, str] = {}  # each word stemmed once

    def read(record: bytes) -> RecordReading:
        reading: RecordReading = reused(("search reading", record), partial(read_record, record, roots))
        return reading

    # Arrays of 4-byte numbers, not lists of ints: a big site's index has millions.
    body: dict[str, array[int]] = defaultdict(lambda: array("I"))
    titled: dict[str, array[int]] = defaultdict(lambda: array("I"))
    spellings: dict[str, str] = {}  # the first spelling met: what "Did you mean" offers
    shown: list[tuple[str, str, str, str]] = []
    for number, record in enumerate(records):
        reading = read(record)
        shown.append(reading.shown)
        for root, word in reading.first_spellings.items():
            body[root].append(number)
            if root not in spellings:
                spellings[root] = word
        for root in reading.also_found_by:
            body[root].append(number)
        for root in reading.title_stems:
            titled[root].append(number)
    total = len(shown)
    files: dict[str, bytes] = {}
    dictionary: dict[str, list[object]] = {}
    for root in sorted(body):
        word, documents, title_documents = spellings.get(root, root), body[root], titled.get(root)
        title_key = b"" if title_documents is None else title_documents.tobytes()
        entry, postings = reused(
            ("search entry", word, documents.tobytes(), title_key, total),
            partial(_entry, word, documents, title_documents, total),
        )
        dictionary[root] = entry
        if postings is not None:
            files[f"postings/{root}.json"] = postings
    shards: dict[str, dict[str, list[object]]] = {}
    _split("", sorted(dictionary), dictionary, shards)
    for name, shard in shards.items():
        files[f"terms/{name}.json"] = _json(shard)
    for first in range(0, total, DOCS_PER_FILE):
        files[f"docs/{first // DOCS_PER_FILE}.json"] = _json(shown[first : first + DOCS_PER_FILE])
    start = {"shards": sorted(shards), "glossary": [[abbreviation, phrase] for abbreviation, phrase in glossary]}
    files["start.json"] = _json(start)
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.encode() + b"\0" + files[path] + b"\0")
    folder = f"search/{digest.hexdigest()[:10]}/"
    return SearchIndex(folder, {folder + path: data for path, data in files.items()}, total)


def _entry(
    word: str, documents: array[int], title_documents: array[int] | None, total: int
) -> tuple[list[object], bytes | None]:
    """A word's entry in the dictionary: [its first spelling, how many documents have it,
    those documents (0 when they are in a file of their own), those whose title has it];
    and that file's bytes, if it has one."""
    encoded = _encode(documents, total)
    in_titles = "" if title_documents is None else _encode(title_documents, total)
    if json_length(encoded) > INLINE_LIMIT:
        return [word, len(documents), 0, in_titles], _json(encoded)
    return [word, len(documents), encoded, in_titles], None


def _split(
    prefix: str, roots: list[str], dictionary: dict[str, list[object]], shards: dict[str, dict[str, list[object]]]
) -> None:
    """Files of the dictionary: one a first letter, split by the next letter while too big."""
    shard = {root: dictionary[root] for root in roots}
    if prefix and (len(_json(shard)) <= SHARD_LIMIT or all(root == prefix for root in roots)):
        shards[prefix] = shard
        return
    children: dict[str, list[str]] = defaultdict(list)
    for root in roots:
        if root == prefix:  # a stem as long as its prefix stays in the prefix's own file
            shards.setdefault(prefix, {})[root] = dictionary[root]
        else:
            children[root[: len(prefix) + 1]].append(root)
    for child, under in children.items():
        _split(child, under, dictionary, shards)


def decode(encoded: object, total: int) -> list[int]:
    """The document numbers of an encoded set (what search.js does; for tests and the benchmark)."""
    if isinstance(encoded, str):
        bits = base64.b64decode(encoded)
        return [i for i in range(min(total, len(bits) * 8)) if bits[i >> 3] & (1 << (i & 7))]
    assert isinstance(encoded, list)
    numbers, last = [], 0
    for gap in encoded:
        last += gap
        numbers.append(last)
    return numbers


def _encode(documents: Sequence[int], total: int) -> list[int] | str:
    """A set of document numbers as JSON will hold it: a bitmap (base64) or the gaps between
    the numbers, whichever is shorter. The bitmap's length is known without making it, and
    most words are in a few documents: it is made only when it is the shorter."""
    gaps = [documents[0]] + [b - a for a, b in pairwise(documents)]
    size = (total + 7) // 8  # bytes of the bitmap, a bit a document
    if not 4 * ((size + 2) // 3) + 2 < json_length(gaps, separator=","):  # base64 in quotes
        return gaps
    bits = bytearray(size)
    for number in documents:
        bits[number >> 3] |= 1 << (number & 7)
    return base64.b64encode(bits).decode("ascii")


def json_length(encoded: Sequence[int] | str, separator: str = ", ") -> int:
    """len(json.dumps(encoded, separators=(separator, ...))), counted rather than written: it
    is asked twice for every word of the site. A bitmap is base64, which JSON writes as it
    is, in quotes."""
    if isinstance(encoded, str):
        return len(encoded) + 2
    return 2 + len(separator.join(map(str, encoded)))


def _snippet(text: str) -> str:
    if len(text) <= SNIPPET:
        return text
    return text[:SNIPPET].rsplit(" ", 1)[0] + " …"


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def documents_in(files: Mapping[str, bytes]) -> list[dict[str, str]]:
    """Every document of a built index as results show it (for tests and the benchmark)."""
    found: dict[int, list[list[str]]] = {}
    for path, data in files.items():
        folder, _, name = path.rpartition("/docs/")
        if folder.startswith("search/") and name.endswith(".json"):
            found[int(name.removesuffix(".json"))] = json.loads(data)
    return [
        dict(zip(("title", "url", "what", "text"), doc, strict=True))
        for number in sorted(found)
        for doc in found[number]
    ]
