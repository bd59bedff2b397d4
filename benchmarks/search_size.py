#!/usr/bin/env python3
"""How big the search index is, and how much the first search fetches, at 100, 1,000 and
10,000 pages (docs/performance.md has the results).

    .venv/bin/python benchmarks/search_size.py          # the table
    .venv/bin/python benchmarks/search_size.py --json   # machine-readable

Two kinds of synthetic site, each page about 255 words:

* "synth": the pages of benchmarks/synth.py (the builds' benchmark): a small vocabulary of
  the real pages' words, so every common word is on nearly every page;
* "zipf": words drawn from a 60,000-word made-up vocabulary by Zipf's law, as in real
  prose: the dictionary grows with the site, as a real big site's does.

The index is made by the build's own code (sitegen/shape/search_index.py) from the pages'
plain text. "First search" is what static/js/search.js fetches for a query on a fresh
page: its two scripts, start.json, the dictionary file of each word, a common word's
document list, and the files of the first ten results; the worst of the queries is shown.
No timing: sizes only, the same on any machine.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import synth  # noqa: E402

from sitegen.shape.search_index import (  # noqa: E402
    DOCS_PER_FILE,
    SearchIndex,
    build_search_index,
    decode,
    search_record,
)
from sitegen.shape.search_words import stem, words  # noqa: E402

SIZES = (100, 1_000, 10_000)
SHOWN = 10
SCRIPTS = ("static/js/search.js", "static/js/search-words.js")
GLOSSARY = (("soc", ("serious", "and", "organis", "crim")), ("pcc", ("polic", "and", "crim", "commissioner")))
QUERIES = ("police", "serious organised crime", "drugs", "community safety partnership", "funding review", "soc")


def synth_records(pages: int) -> list[bytes]:
    rng = random.Random(synth.SEED)
    records = []
    for index in range(pages):
        text = synth.page_markdown(index, pages, rng)
        title = re.search(r'title: "([^"]*)"', text)
        body = re.sub(r"[#*\[\]()\-]", " ", text.split("---", 2)[2])
        records.append(search_record(title.group(1) if title else "", f"{synth.page_slug(index)}/", body))
    return records


def zipf_records(pages: int, vocabulary: int = 60_000) -> list[bytes]:
    rng = random.Random(synth.SEED)
    syllables = ["ka", "lo", "mi", "ren", "sto", "vel", "dra", "nu", "po", "tis", "gar", "bel", "fen", "cor", "al"]
    lexicon = ["".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(vocabulary)]
    weights = [1 / rank for rank in range(1, vocabulary + 1)]
    records = []
    for index in range(pages):
        title = " ".join(rng.choices(lexicon, weights, k=4))
        body = " ".join(rng.choices(lexicon, weights, k=synth.PAGE_WORDS))
        records.append(search_record(title, f"page-{index}/", body))
    return records


def first_search_bytes(index: SearchIndex, query: str) -> int:
    """The bytes search.js fetches for `query` on a fresh search page (the page itself aside)."""
    files = {path.removeprefix(index.folder): data for path, data in index.files.items()}
    fetched = {"start.json"}
    start = json.loads(files["start.json"])
    shards = set(start["shards"])
    sets = []
    for root in dict.fromkeys(_clauses([stem(word) for word in words(query)], start["glossary"])):
        names = [root[:length] for length in range(len(root), 0, -1) if root[:length] in shards]
        shard = f"terms/{names[0]}.json" if names else "none"
        fetched.add(shard)
        entry = json.loads(files.get(shard, b"{}")).get(root)
        if entry is None:
            return _total(files, fetched)
        body = entry[2]
        if body == 0:
            fetched.add(f"postings/{root}.json")
            body = json.loads(files[f"postings/{root}.json"])
        sets.append((set(decode(body, index.documents)), set(decode(entry[3] or [], index.documents))))
    found = set.intersection(*(body for body, _ in sets)) if sets else set()
    score = {number: sum(3 if number in titled else 1 for _, titled in sets) for number in found}
    ranked = sorted(found, key=lambda number: (-score[number], number))  # as search.js ranks them
    fetched.update(f"docs/{number // DOCS_PER_FILE}.json" for number in ranked[:SHOWN])
    return _total(files, fetched)


def _clauses(stems: list[str], glossary: list[list[object]]) -> list[str]:
    """The query's stems with each glossary expansion in it turned into its abbreviation."""
    found, i = [], 0
    while i < len(stems):
        for abbreviation, phrase in glossary:
            assert isinstance(phrase, list)
            if stems[i : i + len(phrase)] == phrase:
                found.append(str(abbreviation))
                i += len(phrase)
                break
        else:
            found.append(stems[i])
            i += 1
    return found


def _total(files: dict[str, bytes], fetched: set[str]) -> int:
    scripts = sum(len((REPO / "sitegen" / "theme" / script).read_bytes()) for script in SCRIPTS)
    return scripts + sum(len(files[name]) for name in fetched if name in files)


def measure(kind: str, pages: int) -> dict[str, object]:
    records = synth_records(pages) if kind == "synth" else zipf_records(pages)
    index = build_search_index(records, GLOSSARY)
    sizes = {path: len(data) for path, data in index.files.items()}
    lexicon_queries = QUERIES if kind == "synth" else _zipf_queries(index)
    worst = max((first_search_bytes(index, query), query) for query in lexicon_queries)
    return {
        "kind": kind,
        "pages": pages,
        "files": len(sizes),
        "index_bytes": sum(sizes.values()),
        "largest_file": max(sizes.values()),
        "first_search_bytes": worst[0],
        "worst_query": worst[1],
    }


def _zipf_queries(index: SearchIndex) -> list[str]:
    """The commonest word, a rare one and pairs of common ones: the heaviest look-ups."""
    dictionary: dict[str, list[object]] = {}
    for path, data in index.files.items():
        if "/terms/" in path:
            dictionary.update(json.loads(data))
    by_count = sorted(dictionary, key=lambda root: -int(str(dictionary[root][1])))
    common = [str(dictionary[root][0]) for root in by_count[:6]]
    return [
        common[0],
        f"{common[0]} {common[1]}",
        f"{common[2]} {common[3]} {common[4]}",
        str(dictionary[by_count[-1]][0]),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    rows = [measure(kind, pages) for kind in ("synth", "zipf") for pages in SIZES]
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    print(
        f"{'site':6} {'pages':>7} {'files':>6} {'index KB':>9} {'largest KB':>10} {'first search KB':>15}  worst query"
    )
    for row in rows:
        print(
            f"{row['kind']:6} {row['pages']:>7,} {row['files']:>6,} {int(str(row['index_bytes'])) / 1000:>9,.1f}"
            f" {int(str(row['largest_file'])) / 1000:>10,.1f} {int(str(row['first_search_bytes'])) / 1000:>15,.1f}"
            f"  {row['worst_query']}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
