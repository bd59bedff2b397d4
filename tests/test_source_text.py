"""A content file's bytes made text (sitegen/read/source_text.py), told as a specification.

Written against the changes mutation testing found no test noticed (issue 22): the bounds
of a line number, a file of exactly the size limit, the wording of "N more" lines, each
edge of the control characters refused. Each test decodes bytes in memory: no site is built.
"""

from __future__ import annotations

import pickle

import pytest

from sitegen.errors import Problem
from sitegen.read.source_text import (
    MAX_FILE_BYTES,
    SourceFile,
    UnreadFile,
    control_character_at,
    decode_source,
    too_big,
)

NAME = "content/plan.md"


def decoded(data: bytes) -> SourceFile:
    found = decode_source(NAME, data)
    assert isinstance(found, SourceFile), found
    return found


def refused(data: bytes) -> Problem:
    found = decode_source(NAME, data)
    assert isinstance(found, Problem), found
    return found


# --- quoting a line ------------------------------------------------------------------------


def test_a_line_is_quoted_by_its_number_from_1_to_the_last():
    source = SourceFile(NAME, "first\nsecond\nlast")
    assert [source.line(n) for n in (1, 2, 3)] == ["first", "second", "last"]


@pytest.mark.parametrize("number", [None, 0, -1, 4, 100])
def test_no_line_is_quoted_for_no_number_or_one_outside_the_file(number):
    assert SourceFile(NAME, "first\nsecond\nlast").line(number) == ""


def test_lines_are_split_at_line_breaks_only_not_at_form_feeds():
    assert SourceFile(NAME, "a\x0cb\nc").lines == ["a\x0cb", "c"]


def test_a_problem_in_a_file_quotes_its_line():
    problem = SourceFile(NAME, "title: x\nupdated: soon\n").problem("not a date", 2, "write it like 2024-05-01")
    assert problem == Problem(NAME, "not a date", 2, "write it like 2024-05-01", "updated: soon")
    assert SourceFile(NAME, "x").problem("whole file") == Problem(NAME, "whole file", None, "", "")


# --- the size limit ------------------------------------------------------------------------


def test_a_file_of_exactly_the_size_limit_is_read():
    assert len(decoded(b"a" * MAX_FILE_BYTES).text) == MAX_FILE_BYTES


def test_a_file_one_byte_over_the_limit_is_refused_with_its_size():
    assert refused(b"a" * (MAX_FILE_BYTES + 1)) == too_big(NAME, MAX_FILE_BYTES + 1)


def test_the_size_message_gives_both_sizes_with_thousands_separators_and_a_hint():
    problem = too_big(NAME, 12_345_678)
    assert (problem.file, problem.message, problem.line) == (
        NAME,
        "the file is 12,345,678 bytes; content files are limited to 5,000,000",
        None,
    )
    assert problem.hint == (
        "check that a picture or document was not saved over this file by mistake; "
        "a page this long is easier to read as several pages"
    )


# --- a file that could not be read -----------------------------------------------------------


def test_a_file_the_disk_reading_refused_is_reported_as_its_problem():
    problem = Problem(NAME, "this is a folder, but a file is expected here", hint="rename it")
    assert decode_source(NAME, UnreadFile(problem)) is problem


def test_an_unread_file_is_never_the_bytes_of_a_real_file_and_survives_pickling():
    # Caches are keyed by a file's bytes: an unread file must not look like any real one.
    first, second = UnreadFile(Problem(NAME, "one")), UnreadFile(Problem(NAME, "two"))
    assert bytes(first).startswith(b"\0unread: Problem(")
    assert first != second
    again = pickle.loads(pickle.dumps(first))  # Page workers get the project's files this way.
    assert isinstance(again, UnreadFile)
    assert again.problem == first.problem
    assert bytes(again) == bytes(first)


# --- text that is not UTF-8 ---------------------------------------------------------------


def test_text_that_is_not_utf8_is_refused_at_the_line_of_the_first_bad_byte():
    problem = refused(b"title: x\nupdated: 2024-01-01\ncaf\xe9 au lait\nlast \xff\n")
    assert (problem.file, problem.message, problem.line) == (NAME, "the file is not saved as UTF-8 text", 3)
    assert problem.source_line == "caf\ufffd au lait"
    assert problem.hint == "save it again as 'UTF-8' in your editor (Word or Excel can change the encoding)"


def test_a_bad_byte_on_the_first_line_is_on_line_1():
    assert refused(b"\xe9t\xe9\nnext").line == 1


@pytest.mark.parametrize("line_break", [b"\r\n", b"\r", "\u2028".encode(), "\x85".encode()])
def test_the_line_of_a_bad_byte_counts_every_kind_of_line_break_once(line_break):
    problem = refused(b"one" + line_break + b"two" + line_break + b"bad \xe9")
    assert (problem.line, problem.source_line) == (3, "bad \ufffd")


# --- what the text is made ------------------------------------------------------------------


def test_a_byte_order_mark_at_the_start_is_dropped_and_nothing_else():
    assert decoded("\ufefftitle: x".encode()).text == "title: x"
    assert decoded("a\ufeffb".encode()).text == "a\ufeffb"


@pytest.mark.parametrize("line_break", ["\r\n", "\r", "\x85", "\u2028", "\u2029"])
def test_every_kind_of_line_break_becomes_one_plain_line_break(line_break):
    assert decoded(f"one{line_break}two{line_break}".encode()).text == "one\ntwo\n"


def test_a_decoded_file_keeps_its_name():
    assert decoded(b"x").name == NAME


# --- control characters -----------------------------------------------------------------------

REFUSED = ["\x00", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f", "\x80", "\x84", "\x86", "\x9f", "\ufffe", "\uffff"]
ALLOWED = ["\t", " ", "~", "\xa0", "\xa9", "\ufffd", "\ufeff"]


@pytest.mark.parametrize("character", REFUSED)
def test_each_edge_of_the_control_characters_is_refused_at_its_line(character):
    problem = refused(f"title: x\nbody {character} here\n".encode())
    assert problem.message == (
        f"the file contains an invisible control character (U+{ord(character):04X}) that is not allowed"
    )
    assert (problem.line, problem.source_line) == (2, f"body {character} here")
    assert problem.hint == (
        "delete the line's text and type it again: such characters can come from copying out of Word or a PDF"
    )


@pytest.mark.parametrize("character", ALLOWED)
def test_tab_space_and_printable_characters_next_to_them_are_allowed(character):
    assert decoded(f"a{character}b".encode()).text == f"a{character}b"


def control_hint(lines_with_controls: list[int]) -> str:
    """The hint when these lines (1-based, the first one reported) hold control characters."""
    lines = ["ok"] * max(lines_with_controls)
    for number in lines_with_controls:
        lines[number - 1] = "bell \x07"
    return refused("\n".join(lines).encode()).hint


@pytest.mark.parametrize(
    "lines, others",
    [
        ([2], ""),
        ([2, 4], "; line 4 has them too"),
        ([2, 4, 9], "; lines 4 and 9 have them too"),
        ([2, 3, 5, 8], "; lines 3, 5 and 8 have them too"),
        (list(range(1, 12)), "; lines 2, 3, 4, 5, 6, 7, 8, 9, 10 and 11 have them too"),
        (list(range(1, 13)), "; lines 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 and 1 more have them too"),
        (list(range(1, 25)), "; lines 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 and 13 more have them too"),
    ],
)
def test_the_hint_names_the_other_lines_with_control_characters_up_to_ten(lines, others):
    assert control_hint(lines) == (
        "delete the line's text and type it again: such characters can come from copying out of Word or a PDF" + others
    )


def test_a_line_with_several_control_characters_is_named_once():
    problem = refused(b"ok\n\x07\x07\nok\n\x07 and \x1b\n")
    assert problem.line == 2
    assert problem.hint.endswith("; line 4 has them too")


def test_lines_are_counted_from_the_very_first_character_an_empty_first_line_included():
    problem = refused(b"\nbell \x07\n\nbell \x07\n")
    assert (problem.line, problem.source_line) == (2, "bell \x07")
    assert problem.hint.endswith("; line 4 has them too")


def test_a_control_character_is_told_at_its_line_plus_the_offset_of_the_text_in_its_file():
    # Front matter is read from line 2 of a page: its line 1 is the page's line 2.
    source = SourceFile(NAME, "a\nb\x1bc\n")
    problem = control_character_at(source, 3, offset=1)
    assert (problem.line, problem.message) == (
        3,
        "the file contains an invisible control character (U+001B) that is not allowed",
    )
    assert control_character_at(source, 3).line == 2
