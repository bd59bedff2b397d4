"""The office service fails closed: every rule of a shared editor, and a request that breaks it.

Each test sends what an attacker (or a misconfigured proxy) would, through the service's WSGI
app as the reverse proxy hands it requests, and checks that it is refused and that nothing
was saved, recorded or given away.
"""

from __future__ import annotations

import os
import re
import stat

import pytest
from office_client import PASSWORDS, PUBLIC, Browser, copy_folder, editor_form, git, make_office, prepare_folder

from sitegen.errors import UsageError
from sitegen.office.store import Store

PLAN = "content/plan.md"


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    folder = tmp_path_factory.mktemp("office-template")
    prepare_folder(folder)
    return folder


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def folder(template, tmp_path):
    return copy_folder(template, tmp_path / "office")


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def office(folder, clock):
    logged: list[str] = []
    office = make_office(folder / "office.yaml", folder / "project", clock)
    office.log = logged.append
    office.logged = logged
    return office


def signed_in(office, who: str = "jo") -> Browser:
    browser = Browser(office)
    assert browser.sign_in(who, PASSWORDS[who]).status == 303
    return browser


def plan_text(folder) -> str:
    return (folder / "project" / PLAN).read_text(encoding="utf-8")


def changed_plan(browser: Browser) -> dict:
    fields = editor_form(browser.get(f"/edit/page?file={PLAN}").text)
    fields["title"] = "A title nobody asked for"
    fields["token"] = browser.token(f"/edit/page?file={PLAN}")
    return fields


# --- every route needs a signed-in person -------------------------------------------------------
@pytest.mark.parametrize(
    "path",
    ["/", "/edit/", "/edit/editor.css", "/static/css/site.css", "/__preview__/build", "/plan/", "/office/changes"],
)
def test_every_route_sends_a_stranger_to_sign_in(office, path):
    answer = Browser(office).get(path)
    assert answer.status == 303
    assert answer.location.startswith("/office/sign-in?next=")
    assert answer.body == b""


def test_a_form_sent_without_a_session_saves_nothing(office, folder):
    fields = changed_plan(signed_in(office))
    before = plan_text(folder)
    answer = Browser(office).post("/edit/page", fields)
    assert answer.status == 403 and "signed out" in answer.text
    assert plan_text(folder) == before


def test_a_signed_in_person_reaches_the_preview_and_the_editor(office):
    browser = signed_in(office)
    assert browser.get("/plan/").status == 200
    page = browser.get("/edit/")
    assert page.status == 200 and "Signed in as Jo Bloggs (editor)" in page.text
    assert "This editor is shared by your office" in page.text and "on your computer only" not in page.text


# --- the address asked for, and the proxy headers --------------------------------------------
def test_a_request_for_another_host_is_refused(office):
    answer = Browser(office, public="https://evil.example").get("/office/sign-in")
    assert answer.status == 403 and "wrong address" in answer.text


def test_forwarded_headers_from_an_untrusted_address_are_ignored(office):
    # Straight to the service, not through the proxy: X-Forwarded-Host names the right site, but
    # only the proxy may say so, and the Host header itself is the service's inside address.
    answer = Browser(office, via="10.1.2.3").get("/office/sign-in")
    assert answer.status == 403


def test_plain_http_is_refused_when_the_public_address_is_https(office):
    answer = Browser(office, public="http://editor.example.gov.uk").get("/office/sign-in")
    assert answer.status == 403


def test_the_proxy_is_trusted_only_for_what_it_forwards(office):
    assert Browser(office).get("/office/sign-in").status == 200  # through the proxy, as set up


# --- forms: Origin and the session's token -----------------------------------------------------
@pytest.mark.parametrize("origin", [None, "https://evil.example", "null", "http://editor.example.gov.uk"])
def test_a_form_from_another_origin_saves_nothing(office, folder, origin):
    browser = signed_in(office)
    fields = changed_plan(browser)
    before = plan_text(folder)
    answer = browser.post("/edit/page", fields, origin=origin)
    assert answer.status == 403 and "did not come from the editor" in answer.text
    assert plan_text(folder) == before


def test_a_form_without_the_token_saves_nothing(office, folder):
    browser = signed_in(office)
    fields = changed_plan(browser)
    fields.pop("token")
    answer = browser.post("/edit/page", fields)
    assert answer.status == 403 and plan_text(folder) != "" and "A title nobody" not in plan_text(folder)


def test_another_persons_token_does_not_work(office, folder):
    jo, alex = signed_in(office, "jo"), signed_in(office, "alex")
    fields = changed_plan(jo)
    fields["token"] = alex.token("/edit/")
    assert jo.post("/edit/page", fields).status == 403
    assert jo.post("/office/send", {"token": alex.token("/edit/")}).status == 403
    assert "A title nobody" not in plan_text(folder)


def test_a_save_with_everything_right_is_recorded_under_the_persons_name(office, folder):
    browser = signed_in(office)
    assert browser.post("/edit/page", changed_plan(browser)).status == 303
    assert "A title nobody asked for" in plan_text(folder)
    assert git(folder / "project", "log", "-1", "--format=%an <%ae>").strip() == "Jo Bloggs <jo@example.gov.uk>"


def test_the_sign_in_form_needs_its_own_token(office):
    browser = Browser(office)
    browser.get("/office/sign-in")
    answer = browser.post("/office/sign-in", {"username": "jo", "password": PASSWORDS["jo"], "token": "guessed"})
    assert answer.status == 403 and not any("session" in name for name in browser.cookies)


# --- sessions --------------------------------------------------------------------------------
def test_the_session_cookie_is_secure_httponly_samesite_and_host_only(office):
    browser = Browser(office)
    answer = browser.sign_in("jo", PASSWORDS["jo"])
    cookie = next(v for v in answer.all("Set-Cookie") if v.startswith("__Host-sitegen-session="))
    assert {"Secure", "HttpOnly", "SameSite=Lax", "Path=/"} <= set(part.strip() for part in cookie.split(";"))
    assert "Domain" not in cookie


def test_signing_in_makes_a_new_session_id_whatever_the_browser_had(office):
    browser = Browser(office)
    browser.cookies["__Host-sitegen-session"] = "chosen-by-an-attacker"
    browser.sign_in("jo", PASSWORDS["jo"])
    first = browser.cookies["__Host-sitegen-session"]
    assert first != "chosen-by-an-attacker"
    browser.sign_in("jo", PASSWORDS["jo"])
    assert browser.cookies["__Host-sitegen-session"] != first


def test_a_tampered_cookie_is_not_a_session(office):
    browser = signed_in(office)
    value = browser.cookies["__Host-sitegen-session"]
    browser.cookies["__Host-sitegen-session"] = value[:-1] + ("A" if value[-1] != "A" else "B")
    assert browser.get("/edit/").status == 303


def test_a_session_ends_after_the_idle_timeout(office, clock):
    browser = signed_in(office)
    clock.now += 29 * 60
    assert browser.get("/edit/").status == 200  # activity keeps it alive
    clock.now += 29 * 60
    assert browser.get("/edit/").status == 200
    clock.now += 31 * 60
    answer = browser.get("/edit/")
    assert answer.status == 303 and "note=expired" in answer.location


def test_the_previews_polling_does_not_keep_a_session_alive(office, clock):
    browser = signed_in(office)
    for _ in range(4):
        clock.now += 10 * 60
        browser.get("/__preview__/build")
    assert browser.get("/edit/").status == 303


def test_signing_out_ends_the_session_for_good(office):
    browser = signed_in(office)
    old = dict(browser.cookies)
    answer = browser.post("/office/sign-out", {"token": browser.token("/edit/")})
    assert answer.status == 303 and answer.location == "/office/sign-in?note=out"
    assert "__Host-sitegen-session" not in browser.cookies
    assert Browser(office, cookies=old).get("/edit/").status == 303  # the old cookie opens nothing


def test_sign_out_needs_the_token(office):
    browser = signed_in(office)
    assert browser.post("/office/sign-out", {"token": "wrong"}).status == 403
    assert browser.get("/edit/").status == 200


# --- throttling ----------------------------------------------------------------------------------
def test_too_many_wrong_passwords_lock_the_account_for_a_while(office, clock):
    browser = Browser(office)
    for _ in range(5):
        assert browser.sign_in("jo", "wrong password!").status == 400
    answer = browser.sign_in("jo", PASSWORDS["jo"])  # even the right one, now
    assert answer.status == 429 and "Wait 15 minutes" in answer.text
    assert Browser(office).sign_in("alex", PASSWORDS["alex"]).status == 303  # others are not locked out
    clock.now += 16 * 60
    assert browser.sign_in("jo", PASSWORDS["jo"]).status == 303


def test_too_many_failures_from_one_computer_are_refused(office):
    browser = Browser(office)
    for number in range(20):
        browser.sign_in(f"nobody{number}", "wrong password!")
    assert browser.sign_in("alex", PASSWORDS["alex"]).status == 429


def test_a_wrong_username_and_a_wrong_password_read_the_same(office):
    nobody = Browser(office).sign_in("nobody", "wrong password!")
    wrong = Browser(office).sign_in("jo", "wrong password!")
    assert nobody.status == wrong.status == 400
    assert re.sub(r'value="[^"]*"', "", nobody.text) == re.sub(r'value="[^"]*"', "", wrong.text)


def test_after_sign_in_the_service_only_sends_people_to_its_own_pages(office):
    browser = Browser(office)
    token = browser.token()
    for target in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        answer = browser.post(
            "/office/sign-in", {"username": "jo", "password": PASSWORDS["jo"], "token": token, "next": target}
        )
        assert answer.location == "/edit/"
        token = browser.token()


# --- headers, secrets, files ---------------------------------------------------------------------
@pytest.mark.parametrize("path", ["/office/sign-in", "/edit/", "/plan/", "/office/changes"])
def test_every_page_carries_the_security_headers(office, path):
    browser = signed_in(office)
    answer = browser.get(path)
    assert answer.status == 200
    assert any("frame-ancestors 'none'" in v for v in answer.all("Content-Security-Policy"))
    assert answer.header("X-Frame-Options") == "DENY"
    assert answer.header("X-Content-Type-Options") == "nosniff"
    assert answer.header("Referrer-Policy") == "same-origin"
    assert answer.header("Strict-Transport-Security").startswith("max-age=")
    assert answer.header("Cache-Control") == "no-store"


def test_no_secret_reaches_the_log_or_a_page(office):
    browser = Browser(office)
    pages = [browser.sign_in("jo", "a wrong secret password").text]
    answer = browser.sign_in("jo", PASSWORDS["jo"])
    session = browser.cookies["__Host-sitegen-session"]
    pages += [browser.get(path).text for path in ("/edit/", "/office/changes", "/plan/")]
    everything = "\n".join(pages + office.logged)
    assert "Jo Bloggs" in "\n".join(office.logged)  # it does log who signed in
    for secret in ("a wrong secret password", PASSWORDS["jo"], session):
        assert secret not in everything
    assert session not in answer.text


def test_the_accounts_file_and_the_database_are_private(folder, office):
    for path in (folder / "accounts.yaml", folder / "office-data" / "office.sqlite3"):
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600, path
    assert stat.S_IMODE(os.stat(folder / "office-data").st_mode) == 0o700


def test_a_readable_accounts_file_is_refused(folder, office):
    os.chmod(folder / "accounts.yaml", 0o644)
    browser = Browser(office)
    answer = browser.sign_in("jo", PASSWORDS["jo"])
    assert answer.status == 503 and "cannot read its list of people" in answer.text
    assert not any("session" in name for name in browser.cookies)
    assert any("chmod 600" in line for line in office.logged)


def test_a_readable_sessions_database_is_refused(folder):
    (folder / "office-data").mkdir(mode=0o700, exist_ok=True)
    (folder / "office-data" / "office.sqlite3").touch()
    os.chmod(folder / "office-data" / "office.sqlite3", 0o640)
    with pytest.raises(UsageError, match="can be read by other people") as refused:
        Store(folder / "office-data")
    assert "chmod 600" in refused.value.hint


# --- roles -------------------------------------------------------------------------------------
def test_an_editor_cannot_publish(office, folder):
    browser = signed_in(office, "jo")
    browser.post("/edit/page", changed_plan(browser))
    head = git(folder / "project", "rev-parse", "HEAD").strip()
    answer = browser.post("/office/publish", {"token": browser.token("/edit/"), "sha": head})
    assert answer.status == 403 and "Only publishers" in answer.text
    assert git(folder / "remote.git", "rev-parse", "main").strip() != head


def test_the_editors_own_publish_button_does_not_bypass_review(office, folder):
    browser = signed_in(office, "alex")
    browser.post("/edit/page", changed_plan(browser))
    before = git(folder / "remote.git", "rev-parse", "main")
    answer = browser.post("/edit/publish", {"token": browser.token("/edit/"), "message": "Straight out"})
    assert answer.status == 303 and answer.location == "/office/changes"
    assert git(folder / "remote.git", "rev-parse", "main") == before


def test_a_publisher_cannot_approve_their_own_change(office, folder):
    alex = signed_in(office, "alex")
    alex.post("/edit/page", changed_plan(alex))
    assert alex.post("/office/send", {"token": alex.token("/edit/"), "note": "Mine"}).status == 303
    page = alex.get("/office/changes").text
    assert "another publisher must review" in page and "Approve and publish" not in page
    head = git(folder / "project", "rev-parse", "HEAD").strip()
    answer = alex.post("/office/publish", {"token": alex.token("/edit/"), "sha": head})
    assert answer.status == 403
    assert git(folder / "remote.git", "rev-parse", "main").strip() != head


def test_public_url_in_tests_is_https():
    assert PUBLIC.startswith("https://")


def test_expired_sessions_and_old_failures_leave_the_database(office, clock):
    signed_in(office)
    Browser(office).sign_in("jo", "wrong password!")
    clock.now += 31 * 60
    office.store.forget_expired(30 * 60, 12 * 3600)
    for table in ("sessions", "failures", "sign_ins"):
        assert office.store.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone() == (0,), table


def test_too_many_forms_in_a_minute_are_refused(office, folder):
    from sitegen.office.app import POSTS_PER_MINUTE

    browser = signed_in(office)
    token = browser.token("/edit/")
    for _ in range(POSTS_PER_MINUTE):
        browser.post("/office/nowhere", {"token": token})
    answer = browser.post("/edit/page", changed_plan(browser))
    assert answer.status == 429 and "Too many changes at once" in answer.text
    assert "A title nobody" not in plan_text(folder)
