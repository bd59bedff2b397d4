"""One file read from disk safely (sitegen/read/safe_reading.py), told as a specification.

Inside the project, following no link, never more than its limit, and whatever stops the
read is a `Problem`, never an exception. test_safety.py shows the same through whole
projects; these call `read_file` directly on a folder made for each test (issue 22: the
mutation run found that no test reached some of its lines).
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from sitegen.errors import Problem
from sitegen.read import safe_reading
from sitegen.read.reading_problems import folder_not_file, not_ordinary, unreadable
from sitegen.read.safe_reading import read_file

LIMIT = 100


def too_big(name: str, size: int) -> Problem:
    return Problem(name, f"{size} is too big")


def read(root: Path, name: str, limit: int = LIMIT) -> bytes | Problem:
    return read_file(str(root), name, name, limit, too_big)


def write(root: Path, name: str, data: bytes) -> None:
    (root / name).parent.mkdir(parents=True, exist_ok=True)
    (root / name).write_bytes(data)


def open_handles() -> int:
    return len(os.listdir("/proc/self/fd"))


@pytest.fixture
def counted_reads(monkeypatch):
    """How many bytes each os.read asked for."""
    asked: list[int] = []
    real_read = os.read

    def counting_read(handle: int, count: int) -> bytes:
        asked.append(count)
        return real_read(handle, count)

    monkeypatch.setattr(safe_reading.os, "read", counting_read)
    return asked


# --- what is read ---------------------------------------------------------------------------


def test_a_file_in_nested_folders_is_read_whole(tmp_path):
    write(tmp_path, "content/topic/deeper/page.md", b"hello\n")
    assert read(tmp_path, "content/topic/deeper/page.md") == b"hello\n"


def test_a_file_at_the_top_of_the_project_is_read(tmp_path):
    write(tmp_path, "site_config.yaml", b"title: x\n")
    assert read(tmp_path, "site_config.yaml") == b"title: x\n"


def test_a_file_deleted_between_listing_and_reading_reads_as_empty(tmp_path):
    (tmp_path / "content").mkdir()
    assert read(tmp_path, "content/gone.md") == b""


def test_a_file_of_exactly_its_limit_is_read(tmp_path):
    write(tmp_path, "content/page.md", b"a" * LIMIT)
    assert read(tmp_path, "content/page.md") == b"a" * LIMIT


def test_an_empty_file_is_read_as_empty(tmp_path):
    write(tmp_path, "content/empty.md", b"")
    assert read(tmp_path, "content/empty.md") == b""


# --- how much is asked of the disk -------------------------------------------------------------


def test_a_file_is_asked_for_at_its_size_and_one_byte_more_to_see_its_end(tmp_path, counted_reads):
    write(tmp_path, "content/page.md", b"x" * 10)
    assert read(tmp_path, "content/page.md") == b"x" * 10
    # Ten bytes and one more at once; then what is left of the limit, which finds the end.
    assert counted_reads == [11, LIMIT + 1 - 10]


def test_a_file_over_its_limit_is_refused_with_its_size_without_reading_any_of_it(tmp_path, counted_reads):
    write(tmp_path, "content/big.md", b"x" * (LIMIT + 1))
    assert read(tmp_path, "content/big.md") == too_big("content/big.md", LIMIT + 1)
    assert counted_reads == []


def test_the_size_problem_names_the_file_safely_when_its_name_is_not_utf8(tmp_path):
    name = os.fsdecode(b"content/caf\xe9.md")
    (tmp_path / "content").mkdir()
    (tmp_path / name).write_bytes(b"x" * (LIMIT + 1))
    assert read(tmp_path, name) == too_big("content/caf\\xe9.md", LIMIT + 1)


def test_a_file_that_grows_while_being_read_is_read_no_further_than_its_limit(tmp_path, monkeypatch, counted_reads):
    write(tmp_path, "content/page.md", b"x" * 1000)
    real_fstat = os.fstat

    def small_at_first(handle: int) -> os.stat_result:  # Stat says 10 bytes; there turn out to be more.
        info = real_fstat(handle)
        return os.stat_result((info.st_mode, *info[1:6], 10, *info[7:]))

    monkeypatch.setattr(safe_reading.os, "fstat", small_at_first)
    # The size told is the most that was seen: more than stat says, as much as was read.
    assert read(tmp_path, "content/page.md") == too_big("content/page.md", LIMIT + 1)
    assert sum(counted_reads) == LIMIT + 1
    assert counted_reads == [11, LIMIT + 1 - 11]


def test_a_growing_file_is_read_on_in_steps_of_64_kib(tmp_path, monkeypatch, counted_reads):
    write(tmp_path, "content/page.md", b"x" * 200_000)
    real_fstat = os.fstat
    monkeypatch.setattr(
        safe_reading.os, "fstat", lambda h: os.stat_result((real_fstat(h).st_mode, *real_fstat(h)[1:6], 10, 0, 0, 0))
    )
    assert read(tmp_path, "content/page.md", limit=300_000) == b"x" * 200_000
    # 11 bytes as stat said, then 64 KiB at a time until the end is found (an empty read).
    assert counted_reads == [11, 65536, 65536, 65536, 65536, 65536]


def test_a_disk_that_gives_less_than_asked_each_time_is_still_read_to_one_byte_past_the_limit(
    tmp_path, monkeypatch, counted_reads
):
    # Network file systems may answer a read with fewer bytes than asked: the limit still holds.
    write(tmp_path, "content/page.md", b"x" * 1000)
    real_fstat, counting_read = os.fstat, safe_reading.os.read
    monkeypatch.setattr(
        safe_reading.os, "fstat", lambda h: os.stat_result((real_fstat(h).st_mode, *real_fstat(h)[1:6], 10, 0, 0, 0))
    )
    monkeypatch.setattr(safe_reading.os, "read", lambda handle, count: counting_read(handle, min(count, 10)))
    assert read(tmp_path, "content/page.md") == too_big("content/page.md", LIMIT + 1)
    assert counted_reads[-1] == 1  # The last byte that shows the file is over its limit.


def test_the_size_told_is_the_size_on_disk_when_that_is_more_than_was_read(tmp_path, monkeypatch):
    write(tmp_path, "content/page.md", b"x" * 1000)
    real_fstat = os.fstat
    calls = []

    def small_then_true(handle: int) -> os.stat_result:
        calls.append(handle)
        info = real_fstat(handle)
        return info if len(calls) > 1 else os.stat_result((info.st_mode, *info[1:6], 10, *info[7:]))

    monkeypatch.setattr(safe_reading.os, "fstat", small_then_true)
    assert read(tmp_path, "content/page.md") == too_big("content/page.md", 1000)


# --- what is refused ----------------------------------------------------------------------------


def test_a_folder_where_a_file_is_expected_is_a_problem(tmp_path):
    (tmp_path / "content/plan.md").mkdir(parents=True)
    assert read(tmp_path, "content/plan.md") == folder_not_file("content/plan.md")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_where_a_file_is_expected_is_a_problem_not_a_wait(tmp_path):
    (tmp_path / "content").mkdir()
    os.mkfifo(tmp_path / "content/pipe.md")
    assert read(tmp_path, "content/pipe.md") == not_ordinary("content/pipe.md")


@pytest.mark.parametrize("link", ["content/page.md", "content/topic"])
def test_a_link_made_after_listing_is_not_followed_whether_file_or_folder(tmp_path, link):
    write(tmp_path, "outside/topic/page.md", b"secret")
    write(tmp_path, "outside/page.md", b"secret")
    (tmp_path / "content").mkdir()
    (tmp_path / link).symlink_to(tmp_path / "outside" / link.removeprefix("content/"))
    name = "content/topic/page.md" if link == "content/topic" else link
    problem = read(tmp_path, name)
    assert isinstance(problem, Problem)
    assert problem.message == "the file became a link while it was being read, so it was not read"


@pytest.mark.parametrize("link", ["content/page.md", "content/topic"])
def test_without_opening_beneath_a_folder_links_are_still_refused(tmp_path, monkeypatch, link):
    # Windows has no O_NOFOLLOW: each step is checked for a link before the file is opened.
    monkeypatch.setattr(safe_reading, "_CAN_OPEN_BENEATH", False)
    write(tmp_path, "outside/topic/page.md", b"secret")
    write(tmp_path, "outside/page.md", b"secret")
    write(tmp_path, "content/real/page.md", b"ours")
    (tmp_path / link).symlink_to(tmp_path / "outside" / link.removeprefix("content/"))
    name = "content/topic/page.md" if link == "content/topic" else link
    problem = read(tmp_path, name)
    assert isinstance(problem, Problem)
    assert problem.message == "the file became a link while it was being read, so it was not read"
    assert read(tmp_path, "content/real/page.md") == b"ours"


@pytest.mark.parametrize("can_open_beneath", [True, False])
def test_a_top_level_folder_made_a_link_is_not_followed(tmp_path, monkeypatch, can_open_beneath):
    monkeypatch.setattr(safe_reading, "_CAN_OPEN_BENEATH", can_open_beneath)
    write(tmp_path, "outside/page.md", b"secret")
    (tmp_path / "content").symlink_to(tmp_path / "outside")
    problem = read(tmp_path, "content/page.md")
    assert isinstance(problem, Problem)
    assert problem.message == "the file became a link while it was being read, so it was not read"


@pytest.mark.parametrize("can_open_beneath", [True, False])
def test_the_project_folder_itself_may_be_a_link(tmp_path, monkeypatch, can_open_beneath):
    monkeypatch.setattr(safe_reading, "_CAN_OPEN_BENEATH", can_open_beneath)
    write(tmp_path, "real-project/content/page.md", b"ours")
    (tmp_path / "project").symlink_to(tmp_path / "real-project")
    assert read(tmp_path / "project", "content/page.md") == b"ours"


def test_a_file_where_a_folder_is_expected_on_the_way_is_a_problem(tmp_path):
    write(tmp_path, "content/topic", b"a file, not a folder")
    assert read(tmp_path, "content/topic/page.md") == unreadable(
        "content/topic/page.md", NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR))
    )


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a user that permissions apply to")
def test_a_file_that_may_not_be_read_is_a_problem(tmp_path):
    write(tmp_path, "content/plan.md", b"x")
    (tmp_path / "content/plan.md").chmod(0)
    problem = read(tmp_path, "content/plan.md")
    assert isinstance(problem, Problem)
    assert problem.message == "the file cannot be read: permission denied"


def test_an_error_while_reading_is_a_problem_not_an_exception(tmp_path, monkeypatch):
    write(tmp_path, "content/plan.md", b"x")

    def failing(handle: int, count: int) -> bytes:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(safe_reading.os, "read", failing)
    assert read(tmp_path, "content/plan.md") == unreadable("content/plan.md", OSError(errno.EIO, "Input/output error"))


# --- what is left open ----------------------------------------------------------------------------


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="counts open handles in /proc")
def test_no_file_or_folder_is_left_open_whatever_happens(tmp_path, monkeypatch):
    write(tmp_path, "content/topic/page.md", b"x")
    write(tmp_path, "content/big.md", b"x" * (LIMIT + 1))
    write(tmp_path, "content/file", b"x")
    (tmp_path / "content/folder.md").mkdir()
    before = open_handles()
    for name in ("content/topic/page.md", "content/big.md", "content/file/page.md", "content/folder.md"):
        read(tmp_path, name)
    assert open_handles() == before


def test_files_and_folders_are_opened_without_following_links_and_never_passed_on(tmp_path, monkeypatch):
    # O_CLOEXEC: a page worker or git started meanwhile never holds the handle.
    write(tmp_path, "content/topic/page.md", b"x")
    flags_seen: list[int] = []
    real_open = os.open

    def recording_open(path, flags, *args, **kwargs):
        flags_seen.append(flags)
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(safe_reading.os, "open", recording_open)
    assert read(tmp_path, "content/topic/page.md") == b"x"
    project, *folders, page = flags_seen
    assert project & os.O_DIRECTORY and not project & os.O_NOFOLLOW  # The project folder may itself be a link.
    for flags in folders:
        assert flags & os.O_DIRECTORY and flags & os.O_NOFOLLOW and flags & os.O_CLOEXEC
    assert page & os.O_NOFOLLOW and page & os.O_CLOEXEC and page & os.O_NONBLOCK
    assert page & (os.O_WRONLY | os.O_RDWR) == 0  # Read only.
    assert len(folders) == 2
