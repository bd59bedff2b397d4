"""A save's check keeps what the last check built (`CheckMemory`), so that a save is quick: it
must still find exactly what checking the whole site from nothing finds, and a file changed on
disk by someone else must be checked as it is now, whatever was kept."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sitegen.editor.checks import CheckMemory, Outcome, check_change

HOUR_AGO_NS = 3600 * 10**9
TOPIC = "---\ntitle: New topic\nupdated: 2026-01-01\ndraft: true\n---\n\nSoon.\n"
TOPIC_PAGE = "---\ntitle: First\nupdated: 2026-01-01\n---\n\nSoon.\n"
DRAFT_PAGE = "---\ntitle: The 2027 plan\nupdated: 2026-11-26\ndraft: true\n---\n\nNot yet agreed.\n"
ITEM = "worked-with-partners-through-the-criminal"


def read(root: Path, name: str) -> bytes:
    return (root / name).read_bytes()


def replaced(root: Path, name: str, old: str, new: str, count: int = 1) -> bytes:
    text = read(root, name).decode("utf-8")
    assert old in text, f"{old!r} is not in {name}"
    return text.replace(old, new, count).encode("utf-8")


def appended(root: Path, name: str, words: str) -> bytes:
    return read(root, name) + f"\n{words}\n".encode()


def timeline_without_item(root: Path) -> bytes:
    """timeline.yaml with the item whose id is ITEM taken out (it starts at '  - id: ITEM')."""
    lines = read(root, "content/timeline.yaml").decode("utf-8").split("\n")
    start = lines.index(f"  - id: {ITEM}")
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("  - "))
    return "\n".join(lines[:start] + lines[end:]).encode("utf-8")


def timeline_with_a_duplicate_id(root: Path) -> bytes:
    text = read(root, "content/timeline.yaml").decode("utf-8")
    second = text.split("\n  - id: ")[2].split("\n", 1)[0]
    return text.replace(f"  - id: {second}\n", f"  - id: {ITEM}\n", 1).encode("utf-8")


@pytest.fixture
def root(make_project) -> Path:
    """The real site with a page linking to a timeline item, and a draft topic with a page in it;
    every file last changed an hour ago (as on a server whose site has not changed since)."""
    project = make_project(
        {
            "content/new-topic/index.md": TOPIC,
            "content/new-topic/first.md": TOPIC_PAGE,
            "content/next-plan.md": DRAFT_PAGE,
        }
    )
    plan = project / "content/plan.md"
    plan.write_bytes(plan.read_bytes() + f"\nSee [the first meeting](/timeline/#{ITEM}).\n".encode())
    age_everything(project)
    return project


def age_everything(project: Path) -> None:
    then = os.stat(project / "site_config.yaml").st_mtime_ns - HOUR_AGO_NS
    for folder, _, names in os.walk(project):
        for name in names:
            os.utime(Path(folder) / name, ns=(then, then))


BROKEN = {
    "a link to an item the change removes (the problem is in another file)": lambda r: {
        "content/timeline.yaml": timeline_without_item(r)
    },
    "two items with the same id": lambda r: {"content/timeline.yaml": timeline_with_a_duplicate_id(r)},
    "a date that does not exist": lambda r: {
        "content/plan.md": replaced(r, "content/plan.md", "updated: 2026-11-26", "updated: 2026-02-30")
    },
    "a published page linking to a draft": lambda r: {
        "content/strategy.md": appended(r, "content/strategy.md", "See [the 2027 plan](/next-plan/).")
    },
    "a page made a draft while others link to it": lambda r: {
        "content/plan.md": replaced(r, "content/plan.md", "updated: 2026-11-26", "updated: 2026-11-26\ndraft: true")
    },
    "a page in a draft topic with a broken link": lambda r: {
        "content/new-topic/first.md": appended(r, "content/new-topic/first.md", "See [nothing](/no-such-page/).")
    },
    "a page deleted while others link to it": lambda r: {"content/strategy.md": None},
}

FINE = {
    "a line added to a page": lambda r: {"content/plan.md": appended(r, "content/plan.md", "One more line.")},
    "a line added to a page in a draft topic": lambda r: {
        "content/new-topic/first.md": appended(r, "content/new-topic/first.md", "More soon.")
    },
}


def both_ways(root: Path, files: dict[str, bytes | None], memory: CheckMemory) -> tuple[Outcome, Outcome]:
    return check_change(root, files), check_change(root, files, memory)


@pytest.mark.slow  # about 3 s: every broken and fine change, each checked both ways
def test_a_check_from_memory_finds_exactly_what_the_whole_site_check_finds(root):
    memory = CheckMemory()
    fine = list(FINE.values())
    # Broken and fine changes in turn, on one memory: what one check kept must not hide nor
    # invent a problem in the next.
    for number, (case, change) in enumerate(BROKEN.items()):
        whole, remembered = both_ways(root, change(root), memory)
        assert whole.errors, f"{case}: the whole-site check finds nothing, so this case shows nothing"
        assert remembered == whole, case
        whole, remembered = both_ways(root, fine[number % len(fine)](root), memory)
        assert whole.ok and remembered == whole, case


def test_a_file_changed_on_disk_by_someone_else_is_checked_as_it_is_now(root):
    """Even written with the same size and its old time put back: only what stat cannot hide
    (the inode's change time) tells, and the memory believes nothing else."""
    memory = CheckMemory()
    assert check_change(root, FINE["a line added to a page"](root), memory).ok
    index = root / "content/index.md"
    before, info = index.read_bytes(), os.stat(index)
    broken = before.replace(b"](/plan/)", b"](/plam/)", 1)
    assert broken != before and len(broken) == len(before)
    index.write_bytes(broken)
    os.utime(index, ns=(info.st_atime_ns, info.st_mtime_ns))

    whole, remembered = both_ways(root, FINE["a line added to a page"](root), memory)
    assert remembered == whole
    assert [p.file for p in remembered.elsewhere] == ["content/index.md"]  # there before this change
    assert "/plam/" in remembered.elsewhere[0].message


def test_a_file_changed_on_disk_is_checked_with_the_change_to_another(root):
    """Someone else's change to the page this one links to: the link is checked against it."""
    memory = CheckMemory()
    page = appended(root, "content/plan.md", "See [the strategy](/strategy/).")
    assert check_change(root, {"content/plan.md": page}, memory).ok
    (root / "content/strategy.md").unlink()  # someone else deleted it meanwhile
    whole, remembered = both_ways(root, {"content/plan.md": page}, memory)
    assert not remembered.ok and remembered == whole
    assert any("/strategy/" in p.message for p in remembered.errors)
