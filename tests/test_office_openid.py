"""Sign-in through an OpenID Connect provider: a real one (tests/oidc_provider.py) on loopback.

The office fetches the provider's discovery document and keys and exchanges the code over
HTTP, as it would with Microsoft Entra ID, Google or Keycloak. The browser's part (following
the redirects) is played by the test. Every check of the protocol fails closed: state from
another browser or used twice, a wrong nonce or audience, a token signed with another key,
someone the office has not let in.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from joserfc.jwk import RSAKey
from office_client import Browser, copy_folder, make_office, prepare_folder
from oidc_provider import CLIENT_ID, CLIENT_SECRET, TestProvider

from sitegen.office.accounts import add_user


@pytest.fixture(scope="module")
def provider():
    with TestProvider() as running:
        yield running


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    folder = tmp_path_factory.mktemp("office-template")
    prepare_folder(folder)
    add_user(folder / "accounts.yaml", "", "Sam Patel", "sam@example.gov.uk", "publisher", None)
    return folder


@pytest.fixture
def office(template, tmp_path, provider):
    folder = copy_folder(template, tmp_path / "office")
    (folder / "client-secret").write_text(CLIENT_SECRET + "\n")
    (folder / "client-secret").chmod(0o600)
    with open(folder / "office.yaml", "a", encoding="utf-8") as settings:
        settings.write(
            "sign_in:\n  openid_connect:\n    name: Test ID\n"
            f"    issuer: {provider.issuer}\n    client_id: {CLIENT_ID}\n    client_secret_file: client-secret\n"
            "    allowed_domains: [partner.example.org]\n"
        )
    office = make_office(folder / "office.yaml", folder / "project")
    office.logged = []
    office.log = office.logged.append
    provider.user = {"sub": "u-1", "email": "sam@example.gov.uk", "name": "Sam P."}
    return office


def start(browser: Browser) -> str:
    """Press "Sign in with Test ID": the address of the provider the browser is sent to."""
    assert "Sign in with Test ID" in browser.get("/office/sign-in").text
    answer = browser.get("/office/sign-in/provider")
    assert answer.status == 303
    return answer.location


def at_provider(url: str) -> str:
    """The provider signs the person in and sends the browser back: the service's address."""
    answer = requests.get(url, allow_redirects=False, timeout=10)
    assert answer.status_code == 302
    back = urlsplit(answer.headers["Location"])
    assert f"{back.scheme}://{back.netloc}{back.path}" == "https://editor.example.gov.uk/office/signed-in"
    return f"{back.path}?{back.query}"


def test_a_person_signs_in_through_the_provider(office, provider):
    browser = Browser(office)
    url = start(browser)
    query = parse_qs(urlsplit(url).query)
    assert query["code_challenge_method"] == ["S256"] and query["nonce"] and query["state"]
    answer = browser.get(at_provider(url))
    assert answer.status == 303 and answer.location == "/edit/"
    page = browser.get("/edit/")
    assert "Signed in as Sam Patel (publisher)" in page.text  # the name from the accounts file
    token_request = provider.token_requests[-1]
    assert token_request["code_verifier"] and token_request["client_id"] == [CLIENT_ID]


def test_the_answer_is_accepted_only_by_the_browser_that_asked(office):
    url = start(Browser(office))
    attacker = Browser(office)
    attacker.get("/office/sign-in")
    answer = attacker.get(at_provider(url))
    assert answer.status == 400 and "not started here" in answer.text
    assert not any("session" in name for name in attacker.cookies)


def test_a_state_works_once(office):
    browser = Browser(office)
    back = at_provider(start(browser))
    assert browser.get(back).status == 303
    browser.cookies.pop("sitegen-session", None)
    browser.cookies.pop("__Host-sitegen-session", None)
    browser.get("/office/sign-in")
    assert browser.get(back).status == 400


def test_a_wrong_state_is_refused(office):
    browser = Browser(office)
    back = at_provider(start(browser))
    answer = browser.get(back.replace("state=", "state=x"))
    assert answer.status == 400


@pytest.mark.parametrize(
    "tamper",
    [
        {"claims": {"nonce": "replayed-nonce"}},
        {"claims": {"aud": "another-application"}},
        {"claims": {"iss": "https://evil.example"}},
        {"claims": {"exp": 1_000_000}},
        {"key": RSAKey.generate_key(2048, parameters={"kid": "test-key"})},
    ],
    ids=["nonce", "audience", "issuer", "expired", "other-key"],
)
def test_an_id_token_that_fails_a_check_signs_nobody_in(office, provider, tamper):
    browser = Browser(office)
    back = at_provider(start(browser))
    provider.tamper = dict(tamper)
    answer = browser.get(back)
    assert answer.status == 400 and "could not be checked" in answer.text
    assert not any("session" in name for name in browser.cookies)


def test_someone_the_office_has_not_let_in_is_refused(office, provider):
    provider.user = {"sub": "u-2", "email": "stranger@example.com", "name": "A Stranger"}
    browser = Browser(office)
    answer = browser.get(at_provider(start(browser)))
    assert answer.status == 403 and "may not use this editor" in answer.text


def test_people_of_an_allowed_domain_sign_in_as_editors(office, provider):
    provider.user = {"sub": "u-3", "email": "kim@partner.example.org", "name": "Kim Lee"}
    browser = Browser(office)
    assert browser.get(at_provider(start(browser))).status == 303
    assert "Signed in as Kim Lee (editor)" in browser.get("/edit/").text


def test_the_provider_saying_no_signs_nobody_in(office):
    browser = Browser(office)
    url = start(browser)
    state = parse_qs(urlsplit(url).query)["state"][0]
    answer = browser.get(f"/office/signed-in?error=access_denied&state={state}")
    assert answer.status == 403 and "did not sign you in (access_denied)" in answer.text


def test_no_token_or_secret_reaches_the_log_or_a_page(office, provider):
    browser = Browser(office)
    url = start(browser)
    back = at_provider(url)
    code = parse_qs(urlsplit(back).query)["code"][0]
    pages = [browser.get(back).text, browser.get("/edit/").text, browser.get("/office/sign-in").text]
    everything = "\n".join(pages + office.logged)
    for secret in (CLIENT_SECRET, code, browser.cookies["__Host-sitegen-session"]):
        assert secret not in everything
