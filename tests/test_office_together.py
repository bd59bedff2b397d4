"""Working alongside colleagues in the office: what was published elsewhere comes in, what was
reviewed is exactly what is published, and a clash or a strict-build problem loses nothing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from office_client import PASSWORDS, Browser, copy_folder, editor_form, git, make_office, prepare_folder

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
    office = make_office(folder / "office.yaml", folder / "project")
    office.logged = []
    office.log = office.logged.append
    return office


def signed_in(office, who: str) -> Browser:
    browser = Browser(office)
    assert browser.sign_in(who, PASSWORDS[who]).status == 303
    return browser


def save_plan(browser: Browser, **values: str) -> None:
    page = browser.get(f"/edit/page?file={PLAN}").text
    fields = editor_form(page)
    fields.update(values)
    fields["token"] = browser.token("/edit/")
    assert browser.post("/edit/page", fields).status == 303


def change_elsewhere(folder: Path, tmp_path: Path, name: str, old: str, new: str) -> None:
    """Someone edits the site's repository elsewhere (as on GitHub's website) and pushes."""
    elsewhere = tmp_path / "elsewhere"
    if not elsewhere.exists():
        git(tmp_path, "clone", "--quiet", str(folder / "remote.git"), str(elsewhere))
        git(elsewhere, "config", "user.name", "Web Editor")
        git(elsewhere, "config", "user.email", "web@example.org")
    git(elsewhere, "pull", "--quiet")
    path = elsewhere / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    git(elsewhere, "commit", "--quiet", "-am", f"Changed {name} elsewhere")
    git(elsewhere, "push", "--quiet")


def approve(browser: Browser):
    page = browser.get("/office/changes").text
    sha = re.search(r'name="sha" value="([^"]*)"', page).group(1)
    return browser.post("/office/publish", {"token": browser.token("/edit/"), "sha": sha})


def test_opening_the_editor_takes_in_what_was_published_elsewhere(office, folder, tmp_path):
    jo = signed_in(office, "jo")
    change_elsewhere(folder, tmp_path, "content/timeline.yaml", "Supported the force", "Helped the force")
    assert jo.get("/edit/").status == 200
    assert "Helped the force" in (folder / "project" / "content/timeline.yaml").read_text()
    assert "Helped the force" in jo.get("/timeline/").text  # the preview was rebuilt
    assert "took in what was published elsewhere" in office.logged


def test_whole_files_changed_in_both_places_are_merged_when_the_lines_differ(office, folder, tmp_path):
    jo, alex = signed_in(office, "jo"), signed_in(office, "alex")
    jo.get("/edit/")  # every screen of the editor fetches first
    save_plan(jo, title="The Safer West Mercia Plan")
    change_elsewhere(folder, tmp_path, PLAN, "\n\n", "\n\nA paragraph written elsewhere.\n\n")
    jo.post("/office/send", {"token": jo.token("/edit/")})
    assert approve(alex).status == 303
    published = git(folder / "remote.git", "show", f"main:{PLAN}")
    assert "title: The Safer West Mercia Plan" in published and "A paragraph written elsewhere." in published


def test_a_clash_with_what_was_published_elsewhere_publishes_nothing_and_loses_nothing(office, folder, tmp_path):
    jo, alex = signed_in(office, "jo"), signed_in(office, "alex")
    jo.get("/edit/")
    save_plan(jo, title="The Office's Title")
    jo.post("/office/send", {"token": jo.token("/edit/"), "note": "Retitled"})
    change_elsewhere(folder, tmp_path, PLAN, "title: Safer West Mercia Plan", "title: The Website's Title")
    answer = approve(alex)
    assert answer.status == 409 and "cannot be joined by themselves" in answer.text
    assert "Nothing was published" in answer.text
    assert "The Website's Title" in git(folder / "remote.git", "show", f"main:{PLAN}")
    assert "The Office's Title" in (folder / "project" / PLAN).read_text()  # kept here
    assert "Sent for review by Jo Bloggs" in alex.get("/office/changes").text  # still waiting
    assert git(folder / "project", "status", "--porcelain").strip() == ""  # no half-done merge left


def test_only_what_was_reviewed_is_published(office, folder):
    jo, alex = signed_in(office, "jo"), signed_in(office, "alex")
    save_plan(jo, title="First Change")
    jo.post("/office/send", {"token": jo.token("/edit/")})
    save_plan(jo, description="A second change, saved after the review request.")
    page = alex.get("/office/changes").text
    assert "Saved after it was sent for review" in page
    assert approve(alex).status == 303
    published = git(folder / "remote.git", "show", f"main:{PLAN}")
    assert "First Change" in published and "A second change" not in published
    page = alex.get("/office/changes").text
    assert "A second change" not in published and "Saved changes not yet published" in page


def test_a_change_that_a_strict_build_refuses_is_not_published(office, folder):
    jo, alex = signed_in(office, "jo"), signed_in(office, "alex")
    page = editor_form(jo.get(f"/edit/page?file={PLAN}").text)
    save_plan(jo, body=str(page["body"]) + "\n\nRead [click here](/plan/).\n")
    jo.post("/office/send", {"token": jo.token("/edit/")})
    before = git(folder / "remote.git", "rev-parse", "main")
    answer = approve(alex)
    assert answer.status == 409 and "click here" in answer.text
    assert git(folder / "remote.git", "rev-parse", "main") == before


def test_without_required_review_a_publisher_publishes_directly(folder):
    settings = folder / "office.yaml"
    settings.write_text(settings.read_text().replace("review_required: true", "review_required: false"))
    office = make_office(settings, folder / "project")
    alex = signed_in(office, "alex")
    save_plan(alex, title="Published Straight Away")
    page = alex.get("/office/changes").text
    assert ">Publish</button>" in page
    assert approve(alex).status == 303
    assert "Published Straight Away" in git(folder / "remote.git", "show", f"main:{PLAN}")
    log = git(folder / "remote.git", "log", "-1", "--format=%an", "main").strip()
    assert log == "Alex Morgan"


def test_without_required_review_what_the_publisher_saw_is_published_and_later_saves_wait(folder):
    settings = folder / "office.yaml"
    settings.write_text(settings.read_text().replace("review_required: true", "review_required: false"))
    office = make_office(settings, folder / "project")
    alex, jo = signed_in(office, "alex"), signed_in(office, "jo")
    save_plan(alex, title="Seen By The Publisher")
    page = alex.get("/office/changes").text
    sha = re.search(r'name="sha" value="([^"]*)"', page).group(1)
    save_plan(jo, description="Saved while the publisher was reading.")
    assert alex.post("/office/publish", {"token": alex.token("/edit/"), "sha": sha}).status == 303
    published = git(folder / "remote.git", "show", f"main:{PLAN}")
    assert "Seen By The Publisher" in published and "Saved while the publisher" not in published
    assert "Saved while the publisher" in (folder / "project" / PLAN).read_text()
    assert alex.post("/office/publish", {"token": alex.token("/edit/"), "sha": sha}).status == 409  # not twice


def test_a_live_branch_that_moves_again_while_publishing_is_merged_again(office, folder, tmp_path, monkeypatch):
    from sitegen.office import publishing

    jo, alex = signed_in(office, "jo"), signed_in(office, "alex")
    save_plan(jo, title="The Safer West Mercia Plan")
    jo.post("/office/send", {"token": jo.token("/edit/")})
    strict_build = publishing._strict_problems
    builds = []

    def moving_meanwhile(root):  # someone publishes elsewhere between the fetch and the push
        builds.append(root)
        if len(builds) == 1:
            change_elsewhere(folder, tmp_path, "content/timeline.yaml", "Supported the force", "Helped the force")
        return strict_build(root)

    monkeypatch.setattr(publishing, "_strict_problems", moving_meanwhile)
    answer = approve(alex)
    assert answer.status == 303 and len(builds) == 2
    assert "Helped the force" in git(folder / "remote.git", "show", "main:content/timeline.yaml")
    assert "The Safer West Mercia Plan" in git(folder / "remote.git", "show", f"main:{PLAN}")


def test_a_reviewer_sees_the_site_as_it_would_be_published(office, folder):
    jo, alex = signed_in(office, "jo"), signed_in(office, "alex")
    save_plan(jo, title="Sent For Review")
    jo.post("/office/send", {"token": jo.token("/edit/")})
    save_plan(jo, title="Saved Later")  # saved after the review request: not shown
    assert 'href="/office/as-published/"' in alex.get("/office/changes").text
    page = alex.get("/office/as-published/plan/")
    assert page.status == 200 and "Sent For Review" in page.text and "Saved Later" not in page.text
    assert "The site as it would be published" in page.text and "Signed in as Alex Morgan" in page.text
    assert 'href="../static/' in page.text or 'href="../' in page.text  # relative links stay in this view
    assert alex.get("/office/as-published/plan").location == "/office/as-published/plan/"
    assert alex.get("/office/as-published/no-such-page/").status == 404
    assert Browser(office).get("/office/as-published/plan/").status == 303  # sign in first
    assert "Saved Later" in alex.get("/plan/").text  # the preview shows every saved change


def save_item(browser: Browser, index: int | str, **values: str):
    url = f"/edit/item?file=content/timeline.yaml&index={index}"
    fields = editor_form(browser.get(url).text)
    fields.update(values)
    fields["token"] = browser.token("/edit/")
    return browser.post(url, fields)


def test_two_people_changing_different_items_of_one_list_both_keep_their_change(office, folder):
    jo, sam = signed_in(office, "jo"), signed_in(office, "alex")
    url = "/edit/item?file=content/timeline.yaml&index={}"
    jo_form, sam_form = editor_form(jo.get(url.format(1)).text), editor_form(sam.get(url.format(3)).text)
    jo_form.update(text="Jo's words for item 2.", token=jo.token("/edit/"))
    sam_form.update(text="Alex's words for item 4.", token=sam.token("/edit/"))
    assert jo.post(url.format(1), jo_form).status == 303
    assert sam.post(url.format(3), sam_form).status == 303  # opened before Jo saved: joined
    text = (folder / "project/content/timeline.yaml").read_text()
    assert "Jo's words for item 2." in text and "Alex's words for item 4." in text
    authors = git(folder / "project", "log", "-2", "--format=%an", "--", "content/timeline.yaml").split()
    assert "Morgan" in authors and "Bloggs" in authors  # each save is its author's


def test_the_same_item_changed_by_two_people_shows_both_versions(office, folder):
    jo, alex = signed_in(office, "jo"), signed_in(office, "alex")
    url = "/edit/item?file=content/timeline.yaml&index=1"
    jo_form, alex_form = editor_form(jo.get(url).text), editor_form(alex.get(url).text)
    jo_form.update(text="Jo's words.", token=jo.token("/edit/"))
    alex_form.update(text="Alex's words.", token=alex.token("/edit/"))
    assert jo.post(url, jo_form).status == 303
    answer = alex.post(url, alex_form)
    assert answer.status == 409 and "Jo Bloggs saved content/timeline.yaml" in answer.text
    assert "Alex&#39;s words." in answer.text and "Keep Jo Bloggs’s version" in answer.text
    assert "Jo's words." in (folder / "project/content/timeline.yaml").read_text()  # nothing lost meanwhile


def test_items_added_here_and_on_the_live_site_are_joined_item_by_item_on_publish(office, folder, tmp_path):
    jo, alex = signed_in(office, "jo"), signed_in(office, "alex")
    jo.get("/edit/")
    assert save_item(jo, "new", period="2022", text="Added in the office.").status == 303
    jo.post("/office/send", {"token": jo.token("/edit/")})
    # At the end of the same list, on GitHub's website: git's line merge alone stops on this.
    last = "      in place, and quarterly reviews took place.\n"
    added = '\n  - period: "2023"\n    text: Added on the website.\n'
    change_elsewhere(folder, tmp_path, "content/timeline.yaml", last, last + added)
    answer = approve(alex)
    assert answer.status == 303, answer.text[:3000]
    live = git(folder / "remote.git", "show", "main:content/timeline.yaml")
    assert "Added in the office." in live and "Added on the website." in live
    assert "<<<<<<<" not in live


def test_a_remote_change_to_the_same_item_publishes_nothing_and_says_which(office, folder, tmp_path):
    jo, alex = signed_in(office, "jo"), signed_in(office, "alex")
    jo.get("/edit/")
    assert save_item(jo, 1, text="Changed in the office.").status == 303
    jo.post("/office/send", {"token": jo.token("/edit/")})
    change_elsewhere(
        folder, tmp_path, "content/timeline.yaml", "Supported West Mercia Police’s", "Backed West Mercia Police’s"
    )
    before = git(folder / "remote.git", "rev-parse", "main")
    answer = approve(alex)
    assert answer.status == 409 and "Nothing was published" in answer.text
    assert "Item 2" in answer.text and "content/timeline.yaml" in answer.text
    assert git(folder / "remote.git", "rev-parse", "main") == before
    assert "Changed in the office." in (folder / "project/content/timeline.yaml").read_text()  # kept
    assert git(folder / "project", "status", "--porcelain").strip() == ""


def test_a_form_is_shown_with_a_notice_when_the_sites_repository_cannot_be_reached(office, folder):
    jo = signed_in(office, "jo")
    git(folder / "project", "remote", "set-url", "origin", str(folder / "moved-away.git"))
    page = jo.get(f"/edit/page?file={PLAN}")
    assert page.status == 200 and 'name="title"' in page.text
    assert "could not be reached just now" in page.text and 'role="region"' in page.text
    assert "moved-away" not in page.text  # git's own words, with the address, only go to the log
    assert any("moved-away" in line for line in office.logged)
    save_plan(jo, title="Saved While Offline")  # saving still works
    assert "Saved While Offline" in (folder / "project" / PLAN).read_text()


def test_every_form_fetches_the_live_branch_first(office, folder, tmp_path):
    jo = signed_in(office, "jo")
    jo.get("/edit/")
    change_elsewhere(folder, tmp_path, "content/timeline.yaml", "Supported the force", "Helped the force")
    form = jo.get("/edit/item?file=content/timeline.yaml&index=0")  # at once, not 30 s later
    assert "Helped the force" in (folder / "project/content/timeline.yaml").read_text() and form.status == 200


def test_a_fetch_that_finds_another_fetch_under_way_waits_for_it(folder, tmp_path):
    import threading

    from sitegen.office import publishing

    project = folder / "project"
    change_elsewhere(folder, tmp_path, "content/timeline.yaml", "Supported the force", "Helped the force")
    lock = project / ".git/refs/remotes/origin/main.lock"
    lock.parent.mkdir(parents=True, exist_ok=True)
    lock.write_text("")  # as another fetch holds it, for a moment
    threading.Timer(0.4, lock.unlink).start()  # longer than git waits for a lock by itself (100 ms)
    assert publishing.fetch(project, "origin", "main") == ""
    assert git(project, "rev-parse", "origin/main") == git(folder / "remote.git", "rev-parse", "main")
