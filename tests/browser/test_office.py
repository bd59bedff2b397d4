"""The office editor in a real browser (issue 19, "Done when").

Sam signs in through a real OpenID Connect provider running on this computer (Chromium
follows every redirect), edits a page and sends it for review; Alex signs in with a
password, sees Sam's change with Sam's name on it, approves and publishes, while the site's
repository has moved on elsewhere. The bare repository ends with both changes, Sam's commit
naming Sam. The sign-in and review screens are checked with axe-core at 320 and 1280 px.
"""

from __future__ import annotations

import threading

import pytest
import waitress
from office_client import PASSWORDS, copy_folder, git, prepare_folder, write_settings
from oidc_provider import CLIENT_ID, CLIENT_SECRET, TestProvider
from test_axe_accessibility import assert_no_violations

from sitegen.audit.axe import violations_on_this_page
from sitegen.office.accounts import add_user
from sitegen.office.app import Office
from sitegen.office.config import load_config
from sitegen.office.store import Store

PLAN = "content/plan.md"


@pytest.fixture
def office_site(tmp_path_factory, tmp_path):
    template = tmp_path_factory.mktemp("office-template")
    prepare_folder(template)
    add_user(template / "accounts.yaml", "", "Sam Patel", "sam@example.gov.uk", "editor", None)
    folder = copy_folder(template, tmp_path / "office")
    (folder / "client-secret").write_text(CLIENT_SECRET)
    (folder / "client-secret").chmod(0o600)
    holder: dict[str, Office] = {}
    server = waitress.create_server(lambda e, s: holder["app"](e, s), host="127.0.0.1", port=0, threads=4)
    public = f"http://127.0.0.1:{server.effective_port}"
    with TestProvider() as provider:
        extra = (
            "sign_in:\n  openid_connect:\n    name: Test ID\n"
            f"    issuer: {provider.issuer}\n    client_id: {CLIENT_ID}\n    client_secret_file: client-secret\n"
        )
        config = load_config(write_settings(folder, public, extra))
        holder["app"] = Office(folder / "project", config, Store(config.data_folder), log=lambda text: None)
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        try:
            yield public, folder, provider
        finally:
            server.close()
            for channel in list(server._map.values()):
                channel.close()
            server.task_dispatcher.shutdown()
            thread.join(10)


def test_two_people_sign_in_edit_review_and_publish(browser, office_site, axe_path, tmp_path):
    public, folder, provider = office_site
    provider.user = {"sub": "sam-1", "email": "sam@example.gov.uk", "name": "Sam Patel"}
    violations: list[str] = []

    # Sam: every address asks for sign-in first; the provider's button signs Sam in.
    sam = browser.new_context(base_url=public, bypass_csp=True)
    page = sam.new_page()
    page.set_default_timeout(20_000)
    page.goto("/edit/")
    assert "/office/sign-in" in page.url
    violations += violations_on_this_page(page, axe_path, "sign-in")
    page.get_by_role("button", name="Sign in with Test ID").click()
    page.wait_for_url(public + "/edit/")
    assert page.get_by_text("Signed in as Sam Patel (editor)").is_visible()

    # Sam changes the page's title and saves.
    page.goto(f"/edit/page?file={PLAN}")
    page.get_by_label("Title", exact=True).fill("The Safer West Mercia Plan")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert "The Safer West Mercia Plan" in (folder / "project" / PLAN).read_text()

    # ... and sends it for review.
    page.get_by_role("link", name="Review and publish").first.click()
    page.wait_for_url(public + "/office/changes")
    assert page.get_by_role("button", name="Approve and publish").count() == 0
    violations += violations_on_this_page(page, axe_path, "review (editor)")
    page.get_by_label("Describe the changes (optional)").fill("The plan's full title")
    page.get_by_role("button", name="Send for review").click()
    page.get_by_text("Sent for review. A publisher sees it on this page").wait_for()

    # Meanwhile, someone changes the site's repository elsewhere.
    elsewhere = tmp_path / "elsewhere"
    git(tmp_path, "clone", "--quiet", str(folder / "remote.git"), str(elsewhere))
    git(elsewhere, "config", "user.name", "Web Editor")
    git(elsewhere, "config", "user.email", "web@example.org")
    timeline = elsewhere / "content" / "timeline.yaml"
    timeline.write_text(timeline.read_text().replace("Supported the force", "Helped the force", 1))
    git(elsewhere, "commit", "--quiet", "-am", "A change made on the website")
    git(elsewhere, "push", "--quiet")

    # Alex signs in with a password and lands on the review, at phone width.
    alex = browser.new_context(base_url=public, bypass_csp=True, viewport={"width": 320, "height": 700})
    page = alex.new_page()
    page.set_default_timeout(20_000)
    page.goto("/office/changes")
    page.get_by_label("Username").fill("alex")
    page.get_by_label("Password").fill(PASSWORDS["alex"])
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url(public + "/office/changes")
    assert page.get_by_role("heading", name="Sent for review by Sam Patel").is_visible()
    assert page.get_by_role("cell", name="Sam Patel", exact=True).is_visible()
    assert page.get_by_text(
        "“title” changed from “Safer West Mercia Plan” to “The Safer West Mercia Plan”."
    ).is_visible()
    violations += violations_on_this_page(page, axe_path, "review (publisher, 320 px)")
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 320, f"the review screen scrolls sideways at 320 px ({width} px wide)"
    page.get_by_role("button", name="Approve and publish").click()
    page.get_by_text("merged with what others published meanwhile").wait_for()

    assert_no_violations(violations, "in the office screens")
    log = git(folder / "remote.git", "log", "--format=%an|%s", "main")
    assert "Sam Patel|Changed the page “The Safer West Mercia Plan” (content/plan.md)" in log
    assert "Web Editor|A change made on the website" in log
    assert "Helped the force" in git(folder / "remote.git", "show", "main:content/timeline.yaml")
    assert "The Safer West Mercia Plan" in git(folder / "remote.git", "show", f"main:{PLAN}")
    sam.close()
    alex.close()
