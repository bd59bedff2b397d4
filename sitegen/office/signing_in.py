"""Signing in and out: a password from the accounts file, or the office's identity provider.

Before sign-in a browser gets only a random sign-in cookie. The password form carries a token
made from it (so another site cannot sign someone in as the attacker), and an identity
provider's answer is accepted only by the browser that started that sign-in (its `state`
is kept under the same cookie). Failed passwords are counted per account and per computer
and refused for 15 minutes past the limit, before the password is even checked. Signing in
always makes a new session id; signing out deletes the session.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any
from urllib.parse import quote

from ..errors import SiteError
from . import gate, screens
from .accounts import AccountsFile, Person, check_password, load_accounts, person_for_email
from .oidc import SignInFailed
from .service import Reply, Service

BROWSER = "sitegen-signin"


def _form_token(office: Service, browser: str) -> str:
    return hmac.new(office.secret, browser.encode(), hashlib.sha256).hexdigest()


def _safe_next(target: str) -> str:
    """Only a path of this service: never another site (an "open redirect")."""
    if target.startswith("/") and not target.startswith("//") and "\\" not in target and "\n" not in target:
        return target
    return "/edit/"


def ask_to_sign_in(office: Service, method: str, path: str, query: str, had_cookie: bool) -> Reply:
    if method == "POST":
        return screens.message(
            403,
            "You are signed out",
            "You were signed out (after a while without activity, or by signing out), so nothing was saved. "
            "Use your browser's Back button to keep what you typed, sign in again in a new tab, then reload the page and send it again.",
            link=("/office/sign-in", "Sign in"),
        )
    target = path + ("?" + query if query else "")
    note = "expired" if had_cookie else ""
    return (
        303,
        [("Location", f"/office/sign-in?next={quote(target, safe='')}" + (f"&note={note}" if note else ""))],
        b"",
    )


def route(office: Service, environ: dict[str, Any], path: str, jar: dict[str, str], client: str) -> Reply:
    browser = jar.get(gate.cookie_name(office.config, BROWSER), "")
    new_cookie: list[tuple[str, str]] = []
    if not browser or len(browser) > 100:
        browser = secrets.token_urlsafe(32)
        new_cookie = [gate.set_cookie(office.config, BROWSER, browser)]
    method = environ.get("REQUEST_METHOD", "GET")
    query = screens.query(environ)
    if path == "/office/sign-in.css":
        return screens.sign_in_css(office)
    if path == "/office/sign-in" and method == "POST":
        form = gate.read_form(environ)
        if (
            not browser
            or not hmac.compare_digest(screens.first(form, "token"), _form_token(office, browser))
            or new_cookie
        ):
            return _page(
                office, browser, new_cookie, "/edit/", 403, "The sign-in form had expired. Please sign in again."
            )
        return _with_password(office, browser, form, client)
    if path == "/office/sign-in/provider":
        if office.provider is None:
            return screens.message(
                404, "Not found", "This editor has no identity provider set up.", link=("/office/sign-in", "Sign in")
            )
        try:
            url, state, nonce, verifier = office.provider.start()
        except SignInFailed as error:
            return _page(office, browser, new_cookie, "/edit/", 502, str(error))
        office.store.start_sign_in(browser, state, nonce, verifier)
        return 303, [("Location", url), *new_cookie], b""
    if path == "/office/signed-in":
        return _from_provider(office, browser, query, client)
    note = {
        "expired": "You were signed out after a while without activity. Everything you saved is kept: sign in to go on.",
        "out": "You have signed out.",
    }.get(screens.first(query, "note"), "")
    return _page(office, browser, new_cookie, _safe_next(screens.first(query, "next") or "/edit/"), 200, "", note)


def _page(
    office: Service,
    browser: str,
    new_cookie: list[tuple[str, str]],
    target: str,
    status: int,
    problem: str,
    note: str = "",
) -> Reply:
    status, headers, body = screens.sign_in_page(office, status, _form_token(office, browser), target, problem, note)
    return status, [*headers, *new_cookie], body


def _with_password(office: Service, browser: str, form: dict[str, list[str]], client: str) -> Reply:
    sign_in = office.config.settings.sign_in
    target = _safe_next(screens.first(form, "next") or "/edit/")
    if not sign_in.local_accounts:
        return _page(
            office,
            browser,
            [],
            target,
            403,
            "This editor does not take passwords: use the button to sign in with your organisation's account.",
        )
    username = screens.first(form, "username").strip().lower()[:100]
    password = screens.first(form, "password")[:1000]
    if office.store.failures("address", client) >= sign_in.attempts_per_address:
        office.log(f"sign-in refused: too many failed attempts from {client}")
        return _page(
            office,
            browser,
            [],
            target,
            429,
            "Too many sign-ins failed from this computer. Wait 15 minutes, then try again.",
        )
    if office.store.failures("account", username) >= sign_in.attempts_per_account:
        office.log(f"sign-in refused: too many failed attempts for one account, from {client}")
        return _page(
            office,
            browser,
            [],
            target,
            429,
            "Too many wrong passwords were tried for this account. Wait 15 minutes, then try again, or ask a colleague who runs the editor to set a new password.",
        )
    accounts = _accounts(office)
    if accounts is None:
        return screens.message(503, "Signing in is not possible just now", UNAVAILABLE)
    person = check_password(accounts, username, password) if username and password else None
    if person is None:
        office.store.failed("address", client)
        office.store.failed("account", username)
        office.log(f"sign-in failed: a wrong username or password, from {client}")
        return _page(
            office, browser, [], target, 400, "The username or password is not right. Check them and try again."
        )
    return signed_in(office, person, client, target)


def _from_provider(office: Service, browser: str, query: dict[str, list[str]], client: str) -> Reply:
    provider = office.provider
    if provider is None:
        return screens.message(404, "Not found", "This editor has no identity provider set up.")
    found = office.store.finish_sign_in(browser, screens.first(query, "state")) if browser else None
    if found is None:
        return _page(
            office,
            browser,
            [],
            "/edit/",
            400,
            "This sign-in was not started here, or took too long. Please sign in again.",
        )
    if screens.first(query, "error"):
        said = screens.first(query, "error")[:60]
        return _page(
            office,
            browser,
            [],
            "/edit/",
            403,
            f"{provider.settings.name} did not sign you in ({said}). Try again, or ask your IT team.",
        )
    try:
        vouched = provider.finish(screens.first(query, "code"), *found)
    except SignInFailed as error:
        office.store.failed("address", client)
        return _page(office, browser, [], "/edit/", 400, str(error))
    allowed = office.config.settings.sign_in.openid_connect
    accounts = _accounts(office)
    if accounts is None:
        return screens.message(503, "Signing in is not possible just now", UNAVAILABLE)
    person = person_for_email(
        accounts,
        vouched.email,
        vouched.name,
        allowed.allowed_domains if allowed else (),
    )
    if person is None:
        office.log(f"sign-in refused: {vouched.email} is not in the accounts file, from {client}")
        return _page(
            office,
            browser,
            [],
            "/edit/",
            403,
            f"{vouched.email or 'Your account'} may not use this editor yet. Ask a colleague who runs the editor to add you.",
        )
    return signed_in(office, person, client, "/edit/")


UNAVAILABLE = (
    "The service cannot read its list of people (the accounts file), so nobody can sign in. Tell the person who "
    "looks after the editor: the reason is in the service's log."
)


def _accounts(office: Service) -> AccountsFile | None:
    """The accounts file as it is now (so added people can sign in at once), or None if refused."""
    try:
        return load_accounts(office.config.accounts_file)
    except SiteError as error:  # unreadable, a mistake in it, or readable by others
        office.log(f"error: {error.report()}")
        return None


def signed_in(office: Service, person: Person, client: str, target: str) -> Reply:
    """A brand-new session (whatever the browser had before), and on to where they were going."""
    session_id, _ = office.store.new_session(person)
    office.log(f"signed in: {person.name} <{person.email}> as {person.role}, from {client}")
    headers = [
        ("Location", target),
        gate.set_cookie(office.config, "sitegen-session", session_id),
        gate.clear_cookie(office.config, BROWSER),
    ]
    return 303, headers, b""


def sign_out(office: Service, session_id: str, session: Any) -> Reply:
    office.store.end_session(session_id)
    office.forget_editor(session_id)
    office.log(f"signed out: {session.person.name}")
    return 303, [("Location", "/office/sign-in?note=out"), gate.clear_cookie(office.config, "sitegen-session")], b""
