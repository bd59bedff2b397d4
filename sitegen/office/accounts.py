"""Who may sign in, and as what: the accounts file, and passwords hashed with argon2.

The file is YAML, written by `build.py office add-user` (never by hand needed), mode 0600:

    people:
      - username: alex                 # a local account: signs in with a password
        name: Alex Morgan
        email: alex@example.gov.uk
        role: publisher
        password_hash: $argon2id$v=19$...
      - email: sam@example.gov.uk      # signs in through the office's identity provider
        name: Sam Patel
        role: editor

People who sign in through the identity provider are matched by their email address; with
`allowed_domains` set in office.yaml, anyone of those domains who is not listed is an editor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from pydantic import BaseModel, ConfigDict, Field

from ..errors import Problem, UsageError
from ..model.yaml_files import read_mapping, validate
from .config import SettingsError
from .private_files import check_private, write_private

_HASHER = PasswordHasher()  # argon2id with the library's current recommended costs (RFC 9106)
# A hash of a password nobody has, checked when the account does not exist, so that a wrong
# username takes as long to refuse as a wrong password (no way to tell who has an account).
_NOBODY = _HASHER.hash("no account has this password")
MIN_PASSWORD = 12
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")


class Account(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    username: str = Field("", description="the name typed to sign in with a password (local accounts only)")
    name: str = Field(min_length=1, description="the person's name, as it appears on their changes")
    email: str = Field(min_length=3, description="the person's email address, as it appears on their changes")
    role: Literal["editor", "publisher"] = Field(description="editor or publisher")
    password_hash: str = Field("", description="written by build.py office add-user")


class AccountsFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    people: tuple[Account, ...] = ()


@dataclass(frozen=True)
class Person:
    """Who is signed in."""

    key: str  # "local:alex" or "oidc:sam@example.gov.uk"
    name: str
    email: str
    role: str

    @property
    def is_publisher(self) -> bool:
        return self.role == "publisher"


def load_accounts(path: Path) -> AccountsFile:
    check_private(path, "The accounts file")
    if not path.exists():
        return AccountsFile()
    problems: list[Problem] = []
    read = read_mapping(str(path), path.read_bytes(), problems)
    accounts = None
    if read is not None:
        source, mapping, line_map = read
        accounts = validate(AccountsFile, mapping, source, line_map, problems)
    if problems or accounts is None:
        raise SettingsError(problems or [Problem(str(path), "the accounts file could not be read")])
    return accounts  # type: ignore[no-any-return]


def save_accounts(path: Path, accounts: AccountsFile) -> None:
    people = [{k: v for k, v in person.model_dump().items() if v != ""} for person in accounts.people]
    text = "# Who may sign in to the office editor. Change it with: python build.py office add-user\n"
    write_private(path, (text + yaml.safe_dump({"people": people}, sort_keys=False, allow_unicode=True)).encode())


def add_user(
    path: Path, username: str, name: str, email: str, role: str, password: str | None
) -> tuple[AccountsFile, bool]:
    """Add or update one person; password None: they sign in through the identity provider."""
    if password is not None:
        if not USERNAME.fullmatch(username):
            raise UsageError(
                f"{username!r} cannot be a username",
                "use lower-case letters, digits, dots, dashes or underscores, like alex.morgan",
            )
        if len(password) < MIN_PASSWORD:
            raise UsageError(
                f"the password is too short: use at least {MIN_PASSWORD} characters (a few words is easy to remember)"
            )
    accounts = load_accounts(path)
    entry = Account(
        username=username if password is not None else "",
        name=name,
        email=email,
        role=role,
        password_hash=_HASHER.hash(password) if password is not None else "",
    )
    kept = [p for p in accounts.people if not _same(p, entry)]
    replaced = len(kept) != len(accounts.people)
    updated = AccountsFile(people=(*kept, entry))
    save_accounts(path, updated)
    return updated, replaced


def _same(a: Account, b: Account) -> bool:
    if a.username and b.username:
        return a.username == b.username
    return not a.username and not b.username and a.email.lower() == b.email.lower()


def check_password(accounts: AccountsFile, username: str, password: str) -> Person | None:
    """The person, if the password is theirs; None otherwise (in the same time either way)."""
    account = next((p for p in accounts.people if p.username and p.username == username.strip().lower()), None)
    try:
        _HASHER.verify(account.password_hash if account and account.password_hash else _NOBODY, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return None
    if account is None or not account.password_hash:
        return None
    return Person(f"local:{account.username}", account.name, account.email, account.role)


def person_for_email(accounts: AccountsFile, email: str, name: str, allowed_domains: tuple[str, ...]) -> Person | None:
    """Someone the identity provider vouched for, if the office lets them in."""
    email = email.strip().lower()
    if not email or "@" not in email:
        return None
    account = next((p for p in accounts.people if not p.username and p.email.lower() == email), None)
    if account is not None:
        return Person(f"oidc:{email}", account.name, account.email, account.role)
    if email.rsplit("@", 1)[1] in {d.lower() for d in allowed_domains}:
        return Person(f"oidc:{email}", name or email, email, "editor")
    return None
