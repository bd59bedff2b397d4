"""The search index (issue 21): every word indexed, word forms and glossary spellings meet,
results say what they are, and the first search stays small as a site grows."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Callable, Hashable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from benchmarks.search_size import first_search_bytes, synth_records, zipf_records
from sitegen.shape.search_index import (
    DOCS_PER_FILE,
    INLINE_LIMIT,
    SearchIndex,
    build_search_index,
    decode,
    documents_in,
    json_length,
    search_record,
)
from sitegen.shape.search_words import stem, stems, words

REPO = Path(__file__).resolve().parent.parent
CSE = (("cse", ("child", "sexual", "exploitation")),)


def dictionary(index: SearchIndex) -> dict[str, list[object]]:
    found: dict[str, list[object]] = {}
    for path, data in index.files.items():
        if "/terms/" in path:
            found.update(json.loads(data))
    return found


def documents_with(index: SearchIndex, word: str) -> list[int]:
    (root,) = stems(word)
    entry = dictionary(index)[root]
    body = entry[2]
    if body == 0:
        body = json.loads(index.files[f"{index.folder}postings/{root}.json"])
    return decode(body, index.documents)


@pytest.mark.parametrize(
    "forms",
    [
        ("drug", "drugs"),
        ("agency", "agencies"),
        ("organise", "organised", "organising", "organises"),
        ("plan", "plans", "planned", "planning"),
        ("line", "lines"),
        ("service", "services"),
        ("meeting", "meetings", "meet"),
        ("box", "boxes"),
    ],
)
def test_plurals_and_simple_word_forms_share_a_stem(forms):
    assert len({stem(word) for word in forms}) == 1, [stem(word) for word in forms]


def test_short_words_numbers_and_words_that_only_look_plural_keep_their_letters():
    assert [stem(word) for word in ("bus", "this", "focus", "class", "need", "2018", "red")] == [
        "bus",
        "this",
        "focus",
        "class",
        "need",
        "2018",
        "red",
    ]


def test_words_are_folded_and_split_as_the_browser_splits_them():
    assert words("Café 2018/23: SOCJAGs’ work, a b") == ["cafe", "2018", "23", "socjags", "work"]


def test_the_browser_stems_every_word_of_the_site_as_the_build_does(real_pages):
    text = " ".join(re.sub(r"<[^>]*>", " ", html) for html in real_pages.values())
    vocabulary = sorted(set(words(text)))
    vocabulary += ["agencies", "boxes", "planned", "organising", "Organised", "CAFÉ", "naïve", "2018/23"]
    script = (REPO / "sitegen" / "theme" / "static" / "js" / "search-words.js").read_text(encoding="utf-8")
    program = (
        "global.window = {};" + script + ";const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "process.stdout.write(JSON.stringify(input.map(t => window.searchWords.words(t).map(window.searchWords.stem))));"
    )
    result = subprocess.run(
        ["node", "-e", program], input=json.dumps(vocabulary), capture_output=True, text=True, check=True
    )
    assert json.loads(result.stdout) == [stems(word) for word in vocabulary]
    assert len(vocabulary) > 800  # the whole site, not a sample


def test_every_word_of_a_long_page_is_indexed_not_only_its_opening():
    text = "opening words " + "filler " * 2000 + "zebracrossing at the very end"
    index = build_search_index([search_record("Long page", "long/", text)], [])
    assert documents_with(index, "zebracrossing") == [0]


def test_a_glossary_expansion_is_found_by_its_abbreviation_and_the_abbreviation_by_itself():
    records = [
        search_record("Funding", "funding/", "Support for victims of child sexual exploitation.", "", CSE),
        search_record("Board", "board/", "The CSE sub-group met.", "", CSE),
        search_record("Other", "other/", "Sexual health and child care, exploitation elsewhere.", "", CSE),
    ]
    index = build_search_index(records, CSE)
    assert documents_with(index, "CSE") == [0, 1]  # the words apart (document 2) are not the phrase
    start = json.loads(index.files[index.folder + "start.json"])
    assert start["glossary"] == [["cse", ["child", "sexual", "exploitation"]]]


def test_a_result_says_what_it_is_and_only_its_first_words_are_stored_to_show():
    text = "Provided support and funding to the force in the preparation of local drug market profiles. " * 5
    index = build_search_index([search_record(text[:40], "timeline/#x", text, "Timeline, 2022/23")], [])
    (document,) = documents_in(index.files)
    assert document["what"] == "Timeline, 2022/23" and document["url"] == "timeline/#x"
    assert len(document["text"]) <= 165 and document["text"].endswith("…")


def test_west_mercia_results_are_titled_by_what_they_are_and_never_twice_alike(real_site):
    documents = documents_in(real_site.files)
    shown = [(doc["title"], doc["what"]) for doc in documents]
    assert len(shown) == len(set(shown)), [item for item in shown if shown.count(item) > 1]
    drug_profiles = [doc for doc in documents if "drug market profiles" in doc["text"]]
    assert drug_profiles and drug_profiles[0]["title"].startswith("Provided support and funding")
    assert drug_profiles[0]["what"].endswith("2022/23")
    assert not any(doc["title"] == doc["what"] for doc in documents)


def test_common_words_are_kept_apart_and_rare_ones_inline():
    index = build_search_index(synth_records(1000), [])
    common = dictionary(index)["polic"]
    assert common[2] == 0 and f"{index.folder}postings/polic.json" in index.files
    rare = [entry for entry in dictionary(index).values() if entry[2] != 0]
    assert rare and all(len(json.dumps(entry[2])) <= INLINE_LIMIT for entry in rare)


def test_a_set_of_documents_decodes_to_what_was_indexed_whichever_way_it_is_written():
    records = [search_record(f"Page {n}", f"p{n}/", "common" + (" rare" if n in (3, 77) else "")) for n in range(120)]
    index = build_search_index(records, [])
    assert documents_with(index, "common") == list(range(120))  # a bitmap
    assert documents_with(index, "rare") == [3, 77]  # gaps
    assert len(documents_in(index.files)) == 120
    assert sum(1 for path in index.files if "/docs/" in path) == 120 // DOCS_PER_FILE


@given(st.one_of(st.lists(st.integers(min_value=0, max_value=10**9)), st.text(alphabet="ABCz09+/=")))
def test_the_length_of_an_encoded_set_is_counted_exactly_as_json_writes_it(encoded):
    # Counted, not written, for speed: a wrong count would move words between the dictionary
    # and their own files, and the bitmap/gaps choice, without any other test noticing.
    assert json_length(encoded) == len(json.dumps(encoded))
    if isinstance(encoded, list):
        assert json_length(encoded, separator=",") == len(json.dumps(encoded, separators=(",", ":")))


def test_what_the_preview_keeps_from_an_earlier_index_makes_the_index_a_fresh_build_makes():
    """The preview passes its memory (render/site_pages.py): each record's reading and each
    word's entry are kept from the last build while what goes into them is the same. Each
    save below changes one thing an entry is made from, and nothing else of that entry."""
    zebra = search_record("Zebra crossings", "z/", "Where zebra crossings and yaks are.")
    first = [*synth_records(63), zebra]  # 64 pages: a bitmap of 8 bytes
    saves = {
        "a page's text": [*first[:10], search_record("Changed", "changed/", "a new word: gnu"), *first[11:]],
        # "zebra" is still on the same pages; only the pages whose title has it change.
        "a page's title": [*first[:63], search_record("Crossings", "z/", "Where zebra crossings and yaks are.")],
        # A page with none of the words: their pages are the same, but 65 need a bitmap of 9 bytes.
        "the number of pages": [*first, search_record("Ox", "ox/", "ox")],
        # The only page with the stem "yak" now spells it otherwise.
        "a first spelling": [
            *first[:63],
            search_record("Zebra crossings", "z/", "Where zebra crossings and a yak are."),
        ],
    }
    for save, records in saves.items():
        kept: dict[Hashable, object] = {}

        def reused(key: Hashable, compute: Callable[[], object], kept: dict[Hashable, object] = kept) -> object:
            return kept[key] if key in kept else kept.setdefault(key, compute())

        build_search_index(first, [], reused)
        made = len(kept)
        assert build_search_index(records, [], reused) == build_search_index(records, []), save
        assert len(kept) - made < made / 2 or save == "the number of pages"  # most parts were kept


def test_every_file_of_a_build_is_in_one_folder_named_by_its_contents():
    first = build_search_index([search_record("A", "a/", "alpha")], [])
    second = build_search_index([search_record("A", "a/", "beta")], [])
    assert all(path.startswith(first.folder) for path in first.files)
    assert first.folder != second.folder


@pytest.mark.slow  # builds two 10,000-page indexes: about a minute
@pytest.mark.parametrize("make", [synth_records, zipf_records], ids=["few-words", "many-words"])
def test_at_10000_pages_the_first_search_fetches_under_100_kb(make):
    index = build_search_index(make(10_000), [])
    for query in ("police", "serious organised crime", "community safety partnership", "the"):
        assert first_search_bytes(index, query) < 100_000, query
    largest = max(len(data) for data in index.files.values())
    assert largest < 80_000
