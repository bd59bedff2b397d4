"""Big sites render their pages in worker processes, with exactly the result of one process.

The tests lower the threshold (300 pages) so that a dozen pages use two workers, and send
two pages per message so that every worker sends several batches. They fork two workers on
any machine, one core or more (see forking.py): they never skip for want of cores.
"""

from __future__ import annotations

import multiprocessing
import threading
from pathlib import Path

import pytest
from forking import force_page_workers, no_page_workers

from sitegen.errors import ContentError
from sitegen.model.loading import load_content
from sitegen.pipeline import build
from sitegen.read.project_files import read_project
from sitegen.render import page_workers
from sitegen.render.site import SiteRenderer

EXTRA_PAGES = 12


def _page(number: int, body: str = "") -> str:
    return (
        f"---\ntitle: Extra page {number}\nupdated: 2026-11-0{1 + number % 9}\n---\n"
        f"## Part {number}\n\nThe CSP met about page {number}. See [the timeline](/timeline/) and "
        f"[the next part](/extra-{(number + 1) % EXTRA_PAGES}/#part-{(number + 1) % EXTRA_PAGES}).\n{body}"
    )


@pytest.fixture
def big_project(make_project):
    return make_project({f"content/extra-{n}.md": _page(n) for n in range(EXTRA_PAGES)})


def _workers(monkeypatch, on: bool) -> None:
    if on:
        force_page_workers(monkeypatch)
    else:
        no_page_workers(monkeypatch)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _build(root: Path, output: Path, monkeypatch, workers: bool):
    _workers(monkeypatch, workers)
    return build(root, output)


def _problems_alone_and_with_workers(root: Path, output: Path, monkeypatch) -> list[str]:
    """The problems a build reports, checked to be the same with and without workers."""
    messages = []
    for workers in (False, True):
        with pytest.raises(ContentError) as raised:
            _build(root, output, monkeypatch, workers)
        messages.append([p.format() for p in raised.value.problems])
    assert messages[0] == messages[1]
    return messages[1]


def test_the_site_built_by_workers_is_the_same_byte_for_byte(big_project, tmp_path, monkeypatch):
    alone = _build(big_project, tmp_path / "alone", monkeypatch, workers=False)
    shared = _build(big_project, tmp_path / "workers", monkeypatch, workers=True)
    assert _files(tmp_path / "alone") == _files(tmp_path / "workers")
    assert shared.files == alone.files == len(_files(tmp_path / "alone"))
    assert [w.format() for w in shared.warnings] == [w.format() for w in alone.warnings]


def test_only_the_pages_that_shape_the_menu_are_loaded_before_the_workers_start(big_project):
    content = load_content(read_project(big_project).files, defer_pages=True)
    assert {page.file for page in content.pages} == {
        "content/index.md",
        "content/plan.md",
        "content/strategy.md",
        "content/accessibility.md",
        "content/privacy.md",  # a kind of its own: it shows what the build knows of the site
    }
    assert set(content.deferred_pages) == {f"content/extra-{i}.md" for i in range(EXTRA_PAGES)}
    assert list(content.deferred_pages) == sorted(content.deferred_pages)


def test_a_mistake_in_a_page_is_reported_the_same_way_with_workers(big_project, make_project, tmp_path, monkeypatch):
    make_project(
        {
            "content/extra-7.md": "---\ntitle: Broken\nupdated: someday\n---\nText.\n",
            "content/extra-3.md": _page(3, "\n[Bad](javascript:alert(1))\n"),
        }
    )
    messages = _problems_alone_and_with_workers(big_project, tmp_path / "out", monkeypatch)
    assert any("extra-7.md" in m and "updated" in m for m in messages)
    assert any("extra-3.md" in m and "javascript:" in m for m in messages), "Markdown errors of pages that loaded"
    assert not (tmp_path / "out").exists()


def test_a_broken_link_in_a_page_a_worker_wrote_is_reported_with_its_line(
    big_project, make_project, tmp_path, monkeypatch
):
    make_project({"content/extra-4.md": _page(4, "\nSee [the minutes](/no-such-page/) too.\n")})
    messages = _problems_alone_and_with_workers(big_project, tmp_path / "out", monkeypatch)
    assert "content/extra-4.md:9: the link to /no-such-page/ goes to a page that does not exist" in messages[0]
    assert "9 | See [the minutes](/no-such-page/) too." in messages[0]


def test_a_menu_page_the_main_process_did_not_expect_is_still_in_the_menu(
    big_project, make_project, tmp_path, monkeypatch
):
    # YAML escapes let a key be written without the words "nav_order" in the file: the worker
    # notices the page shapes the menu, and the build starts again without workers.
    escaped = _page(5).replace("---\n## Part", '"nav\\x5forder": 2\n---\n## Part')
    assert b"nav_order" not in escaped.encode() and '"nav\\x5forder": 2' in escaped
    make_project({"content/extra-5.md": escaped})
    _build(big_project, tmp_path / "workers", monkeypatch, workers=True)
    home = (tmp_path / "workers" / "index.html").read_text()
    assert 'href="extra-5/"' in home
    _build(big_project, tmp_path / "alone", monkeypatch, workers=False)
    assert _files(tmp_path / "alone") == _files(tmp_path / "workers")


def test_a_worker_that_fails_leaves_the_last_good_site_untouched(big_project, tmp_path, monkeypatch):
    output = tmp_path / "site"
    _build(big_project, output, monkeypatch, workers=True)
    before = _files(output)

    def broken(self, page):
        raise ValueError("a bug in the generator")

    monkeypatch.setattr(SiteRenderer, "page_alone", broken)
    with pytest.raises(RuntimeError, match=r"a page worker failed(.|\n)*a bug in the generator"):
        _build(big_project, output, monkeypatch, workers=True)
    assert _files(output) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "site"], "no staging folder is left behind"


def test_a_worker_message_that_cannot_be_read_fails_the_build_instead_of_hanging(big_project, tmp_path, monkeypatch):
    def unreadable(self, state):
        raise ValueError("damaged message")

    monkeypatch.setattr(page_workers.Batch, "__setstate__", unreadable, raising=False)
    outcome: list[BaseException] = []

    def attempt():
        try:
            _build(big_project, tmp_path / "site", monkeypatch, workers=True)
        except BaseException as error:
            outcome.append(error)

    thread = threading.Thread(target=attempt, daemon=True)
    thread.start()
    thread.join(60)
    assert not thread.is_alive(), "the build waited for ever"
    assert outcome and "damaged message" in str(outcome[0])
    assert multiprocessing.active_children() == []


def test_workers_that_cannot_all_start_are_stopped_and_leave_nothing_behind(big_project, tmp_path, monkeypatch):
    started = []
    real_start = multiprocessing.process.BaseProcess.start

    def start_once(self):
        if started:
            raise OSError(11, "Resource temporarily unavailable")
        started.append(self)
        real_start(self)

    monkeypatch.setattr(multiprocessing.process.BaseProcess, "start", start_once)
    with pytest.raises(OSError, match="Resource temporarily unavailable"):
        _build(big_project, tmp_path / "site", monkeypatch, workers=True)
    monkeypatch.undo()
    assert started and not started[0].is_alive()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project"], "no staging folder or site is left"
