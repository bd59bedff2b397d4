"""One working copy, several people: the slowest thing the office does, building what is
published, runs without holding the working copy, so that nobody's save waits for it, and
nothing is lost."""

from __future__ import annotations

import re
import threading

import pytest
from office_client import PASSWORDS, Browser, copy_folder, editor_form, git, make_office, prepare_folder

from sitegen.office import publishing

PLAN = "content/plan.md"


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    folder = tmp_path_factory.mktemp("office-template")
    prepare_folder(folder)
    return folder


@pytest.fixture
def folder(template, tmp_path):
    return copy_folder(template, tmp_path / "office")


@pytest.fixture
def office(folder):
    return make_office(folder / "office.yaml", folder / "project")


def signed_in(office, who: str) -> Browser:
    browser = Browser(office)
    assert browser.sign_in(who, PASSWORDS[who]).status == 303
    return browser


def plan_form(browser: Browser, line: str) -> dict:
    fields = editor_form(browser.get(f"/edit/page?file={PLAN}").text)
    fields["body"] = str(fields["body"]).rstrip("\n") + f"\n\n{line}\n"
    return fields


def in_another_thread(work) -> bool:
    """Whether `work` finished in another thread within a minute (it waits for the working copy)."""
    done = []
    thread = threading.Thread(target=lambda: done.append(work()), daemon=True)
    thread.start()
    thread.join(60)
    return bool(done)


def test_a_save_made_while_a_publish_builds_is_saved_and_stays_waiting(office, folder, monkeypatch):
    jo, alex = signed_in(office, "jo"), signed_in(office, "alex")
    jo.post("/edit/page", plan_form(jo, "Reviewed line."))
    jo.post("/office/send", {"token": jo.token("/edit/")})
    later = plan_form(jo, "Saved while publishing.")
    strict = publishing._strict_problems
    saved = []

    def building(root):
        saved.append(in_another_thread(lambda: jo.post("/edit/page", later).status))
        return strict(root)

    monkeypatch.setattr(publishing, "_strict_problems", building)
    page = alex.get("/office/changes").text
    sha = re.search(r'name="sha" value="([^"]*)"', page).group(1)
    assert alex.post("/office/publish", {"token": alex.token("/edit/"), "sha": sha}).status == 303
    assert saved == [True], "the save waited for the whole publish"
    published = git(folder / "remote.git", "show", f"main:{PLAN}")
    assert "Reviewed line." in published and "Saved while publishing." not in published
    here = folder / "project"
    assert "Saved while publishing." in (here / PLAN).read_text()
    assert git(here, "status", "--porcelain").strip() == ""  # recorded
    assert git(here, "log", "-1", "--format=%an", "--", PLAN).strip() == "Jo Bloggs"
    assert "Saved changes not yet published" in alex.get("/office/changes").text  # waiting for the next publish


def test_the_preview_shows_a_save_once_the_save_is_answered(office):
    """The preview is rebuilt after the working copy is let go, but before the save is answered."""
    jo = signed_in(office, "jo")
    assert jo.post("/edit/page", plan_form(jo, "A line for the preview.")).status == 303
    assert "A line for the preview." in jo.get("/plan/").text
    assert not office.stale
