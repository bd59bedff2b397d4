"""The office service's one settings file (office.yaml), read and checked before anything starts.

Every mistake is reported like a content mistake: the file, the line, what was expected and
how to fix it (the same pydantic models and messages as site_config.yaml). Relative paths are
taken from the folder of the settings file.
"""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..errors import ContentError, Problem, UsageError
from ..model.yaml_files import read_mapping, validate

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class OpenIDSettings(_Strict):
    name: str = Field(
        "your organisation's account", description="the words on the sign-in button, like 'Microsoft Entra ID'"
    )
    issuer: str = Field(
        description="the identity provider's issuer URL, like https://login.microsoftonline.com/TENANT-ID/v2.0"
    )
    client_id: str = Field(min_length=1, description="the application (client) ID the provider gave this service")
    client_secret_file: str = Field(
        "",
        description="a file holding the client secret, readable by the service only (chmod 600); "
        "leave it out for a public client",
    )
    scopes: tuple[str, ...] = Field(("openid", "email", "profile"), description="what to ask the provider for")
    allowed_domains: tuple[str, ...] = Field(
        (),
        description="email domains whose people may sign in as editors without being listed in the "
        "accounts file, like ['westmercia-pcc.gov.uk']",
    )

    @field_validator("issuer")
    @classmethod
    def _https_issuer(cls, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme == "https" or (parts.scheme == "http" and parts.hostname in LOOPBACK_NAMES):
            return value.rstrip("/")
        raise ValueError(
            "the issuer must be an https:// address, like https://login.microsoftonline.com/TENANT-ID/v2.0"
        )

    @field_validator("scopes")
    @classmethod
    def _openid_scope(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if "openid" not in value:
            raise ValueError("the scopes must include 'openid'")
        return value


class SignInSettings(_Strict):
    local_accounts: bool = Field(True, description="whether people may sign in with a password from the accounts file")
    openid_connect: OpenIDSettings | None = Field(None, description="the office's identity provider, if any")
    attempts_per_account: int = Field(5, ge=1, le=100, description="failed passwords allowed per account in 15 minutes")
    attempts_per_address: int = Field(
        20, ge=1, le=1000, description="failed sign-ins allowed from one computer in 15 minutes"
    )


class SessionSettings(_Strict):
    idle_minutes: int = Field(
        30, ge=1, le=24 * 60, description="minutes without activity before a person is signed out"
    )
    lifetime_hours: int = Field(12, ge=1, le=24 * 7, description="hours after which everyone signs in again")


class GitSettings(_Strict):
    remote: str = Field("origin", pattern=r"^[A-Za-z0-9._-]+$", description="the git remote to publish to")
    branch: str = Field("main", pattern=r"^[A-Za-z0-9._/-]+$", description="the branch the site is published from")


class OfficeSettings(_Strict):
    listen: str = Field(
        "127.0.0.1:8080", description="the address and port the service listens on; the reverse proxy connects to it"
    )
    public_url: str = Field(description="the address people open, like https://editor.example.gov.uk/")
    trusted_proxies: tuple[str, ...] = Field(
        (),
        description="the addresses of the reverse proxy, like ['127.0.0.1']; X-Forwarded-Host, -Proto and -For "
        "are believed from these only",
    )
    accounts_file: str = Field("office-accounts.yaml", description="who may sign in and their roles (chmod 600)")
    data_folder: str = Field("office-data", description="where the sign-in sessions and review requests are kept")
    review_required: bool = Field(
        True, description="whether a second person must approve every change before it is published"
    )
    sign_in: SignInSettings = Field(default_factory=SignInSettings)
    sessions: SessionSettings = Field(default_factory=SessionSettings)
    git: GitSettings = Field(default_factory=GitSettings)

    @field_validator("public_url")
    @classmethod
    def _public_url(cls, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in ("", "/"):
            raise ValueError(
                "the public URL is the address people open, with nothing after the name, like https://editor.example.gov.uk/"
            )
        if parts.scheme == "http" and parts.hostname not in LOOPBACK_NAMES:
            raise ValueError("the public URL must start with https:// (the reverse proxy provides TLS)")
        return f"{parts.scheme}://{parts.netloc.lower()}"

    @field_validator("listen")
    @classmethod
    def _listen(cls, value: str) -> str:
        host, _, port = value.rpartition(":")
        if not host or not port.isdigit() or not 1 <= int(port) <= 65535:
            raise ValueError("'listen' is an address and a port, like 127.0.0.1:8080")
        return value

    @field_validator("trusted_proxies")
    @classmethod
    def _proxies(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for address in value:
            try:
                ipaddress.ip_network(address, strict=False)
            except ValueError:
                raise ValueError(
                    f"{address!r} is not an IP address or network, like 127.0.0.1 or 10.0.0.0/24"
                ) from None
        return value


class SettingsError(ContentError):
    """Mistakes in office.yaml or the accounts file: the service does not start until they are fixed."""

    def report(self) -> str:
        body = "\n\n".join(problem.format() for problem in self.problems)
        return f"{body}\n\nThe office editor did not start: fix the file and start it again."


class OfficeConfig:
    """The checked settings, with paths made absolute."""

    def __init__(self, settings: OfficeSettings, folder: Path):
        self.settings = settings
        self.folder = folder
        self.accounts_file = (folder / settings.accounts_file).resolve()
        self.data_folder = (folder / settings.data_folder).resolve()
        parts = urlsplit(settings.public_url)
        self.public_origin = settings.public_url
        self.public_host = parts.netloc
        self.public_scheme = parts.scheme
        self.secure = parts.scheme == "https"
        host, _, port = settings.listen.rpartition(":")
        self.listen_host, self.listen_port = host.strip("[]"), int(port)
        self.proxies = tuple(ipaddress.ip_network(p, strict=False) for p in settings.trusted_proxies)

    @property
    def redirect_uri(self) -> str:
        return f"{self.public_origin}/office/signed-in"


def load_config(path: Path) -> OfficeConfig:
    """office.yaml, checked; a `ContentError` naming each mistake by its line, or `UsageError` if missing."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UsageError(
            f"there is no office settings file at {path}",
            "write one (docs/office.md has an example) or name it with --config FILE",
        ) from None
    except OSError as error:
        raise UsageError(f"cannot read {path}: {error.strerror}") from None
    problems: list[Problem] = []
    read = read_mapping(str(path), data, problems)
    settings = None
    if read is not None:
        source, mapping, line_map = read
        settings = validate(OfficeSettings, mapping, source, line_map, problems)
    if problems or settings is None:
        raise SettingsError(problems or [Problem(str(path), "the office settings could not be read")])
    if not settings.sign_in.local_accounts and settings.sign_in.openid_connect is None:
        raise SettingsError(
            [
                Problem(
                    str(path),
                    "nobody could sign in: local accounts are switched off and no OpenID Connect provider is set",
                    hint="set sign_in.local_accounts: true, or fill in sign_in.openid_connect",
                )
            ]
        )
    return OfficeConfig(settings, path.parent.resolve())


Role = Annotated[Literal["editor", "publisher"], Field(description="editor or publisher")]
