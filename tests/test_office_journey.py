"""The office's journey, end to end over HTTP on this computer (issue 19, "Done when").

The service runs in its real server (waitress) on a loopback port, beside a real OpenID
Connect provider (tests/oidc_provider.py). Sam signs in through the provider and edits a
page, then sends the change for review; Alex signs in with a local account (a password),
sees Sam's change with Sam's name on it, approves and publishes. Meanwhile someone changed
the site's repository elsewhere (as on GitHub's website): publishing merges that, and the
bare repository ends with both changes, Sam's commit naming Sam.
"""

from __future__ import annotations

import re
import threading
from html import unescape

import pytest
import requests
import waitress
from office_client import PASSWORDS, copy_folder, editor_form, git, prepare_folder, write_settings
from oidc_provider import CLIENT_ID, CLIENT_SECRET, TestProvider

from sitegen.office.accounts import add_user
from sitegen.office.app import Office
from sitegen.office.config import load_config
from sitegen.office.store import Store

PLAN = "content/plan.md"


@pytest.fixture
def service(tmp_path_factory, tmp_path):
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
        settings = write_settings(
            folder,
            public,
            "sign_in:\n  openid_connect:\n    name: Test ID\n"
            f"    issuer: {provider.issuer}\n    client_id: {CLIENT_ID}\n    client_secret_file: client-secret\n",
        )
        config = load_config(settings)
        holder["app"] = Office(folder / "project", config, Store(config.data_folder), log=lambda text: None)
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        try:
            yield public, folder, provider
        finally:  # every connection closed, so no socket is left for the garbage collector
            server.close()
            for channel in list(server._map.values()):
                channel.close()
            server.task_dispatcher.shutdown()
            thread.join(10)


def post(session: requests.Session, public: str, path: str, fields: dict) -> requests.Response:
    """A form sent as a browser sends it: with the page's Origin."""
    return session.post(public + path, data=fields, headers={"Origin": public}, timeout=30)


def token(page: str) -> str:
    return unescape(re.search(r'name="token" value="([^"]*)"', page).group(1))


@pytest.mark.slow  # about 10 s: a real server, a real provider, two builds and a publish
def test_two_people_edit_review_and_publish_with_a_repository_that_moved(service, tmp_path, request):
    public, folder, provider = service
    # Sam signs in through the identity provider (the browser follows every redirect).
    sam = requests.Session()
    request.addfinalizer(sam.close)
    provider.user = {"sub": "sam-1", "email": "sam@example.gov.uk", "name": "Sam Patel"}
    page = sam.get(public + "/edit/", timeout=30)
    assert "/office/sign-in" in page.url and "Sign in with Test ID" in page.text
    page = sam.get(public + "/office/sign-in/provider", timeout=30)
    assert page.url == public + "/edit/" and "Signed in as Sam Patel (editor)" in page.text

    # Sam edits a page: the save is a commit authored by Sam.
    form = sam.get(f"{public}/edit/page?file={PLAN}", timeout=30).text
    fields = editor_form(form)
    fields["title"] = "The Safer West Mercia Plan"
    fields["token"] = token(form)
    saved = post(sam, public, "/edit/page", fields)
    assert saved.status_code == 200 and "The Safer West Mercia Plan" in (folder / "project" / PLAN).read_text()
    assert git(folder / "project", "log", "-1", "--format=%an <%ae>").strip() == "Sam Patel <sam@example.gov.uk>"

    # ... and sends it for review. Sam, an editor, is offered no Publish button.
    review = sam.get(public + "/office/changes", timeout=30).text
    assert "Approve and publish" not in review and "Send for review" in review
    sent = post(sam, public, "/office/send", {"token": token(review), "note": "The plan's full title"})
    assert "Sent for review" in sent.text

    # Meanwhile the site's repository moves: someone edits it elsewhere.
    elsewhere = tmp_path / "elsewhere"
    git(tmp_path, "clone", "--quiet", str(folder / "remote.git"), str(elsewhere))
    git(elsewhere, "config", "user.name", "Web Editor")
    git(elsewhere, "config", "user.email", "web@example.org")
    about = elsewhere / "content" / "timeline.yaml"
    about.write_text(about.read_text().replace("Supported the force", "Helped the force", 1))
    git(elsewhere, "commit", "--quiet", "-am", "A change made on the website")
    git(elsewhere, "push", "--quiet")

    # Alex signs in with a password, sees Sam's change by name, approves and publishes.
    alex = requests.Session()
    request.addfinalizer(alex.close)
    sign_in = alex.get(public + "/office/sign-in", timeout=30).text
    signed = post(
        alex,
        public,
        "/office/sign-in",
        {"username": "alex", "password": PASSWORDS["alex"], "token": token(sign_in), "next": "/office/changes"},
    )
    assert signed.url == public + "/office/changes"
    assert "Sent for review by Sam Patel" in signed.text and "“The plan's full title”" in unescape(signed.text)
    assert "<td>Sam Patel</td>" in signed.text
    assert "“title” changed from “Safer West Mercia Plan” to “The Safer West Mercia Plan”." in unescape(signed.text)
    sha = re.search(r'name="sha" value="([^"]*)"', signed.text).group(1)
    published = post(alex, public, "/office/publish", {"token": token(signed.text), "sha": sha})
    assert published.status_code == 200
    assert "Published" in published.text and "merged with what others published meanwhile" in published.text

    # The live branch has both changes, each under its author's name.
    remote = folder / "remote.git"
    log = git(remote, "log", "--format=%an|%s", "main")
    assert "Sam Patel|Changed the page “The Safer West Mercia Plan” (content/plan.md)" in log
    assert "Web Editor|A change made on the website" in log
    assert log.splitlines()[0].startswith("Alex Morgan|")  # the merge, by the publisher
    assert "The Safer West Mercia Plan" in git(remote, "show", f"main:{PLAN}")
    assert "Helped the force" in git(remote, "show", "main:content/timeline.yaml")
    # The office's own copy has taken in the change from elsewhere, and nothing waits any more.
    assert "Helped the force" in (folder / "project" / "content" / "timeline.yaml").read_text()
    assert "Nothing is waiting to be published" in alex.get(public + "/office/changes", timeout=30).text
