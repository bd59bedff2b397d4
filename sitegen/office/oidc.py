"""Sign-in through the office's identity provider: OpenID Connect, authorization code flow.

Authlib does the protocol: the authorization address with PKCE (S256), the code exchange,
and the ID token's checks (signature against the provider's published keys, issuer,
audience, expiry, nonce, at_hash). The service adds what ties a sign-in to one browser:
`state`, `nonce` and the PKCE verifier are random per sign-in, kept server-side (see
`store.Store.start_sign_in`) under the browser's own sign-in cookie, and used once.
Microsoft Entra ID, Google and Keycloak differ only in their issuer address.
"""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass
from typing import Any

import requests
from authlib.integrations.requests_client import OAuth2Session
from authlib.oidc.core import CodeIDToken
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from .config import OfficeConfig, OpenIDSettings
from .private_files import read_private

TIMEOUT = 10  # seconds to wait for the identity provider
LEEWAY = 60  # seconds of clock difference allowed with the provider


class SignInFailed(Exception):
    """Why a sign-in through the provider did not work, in words for the person signing in."""


@dataclass(frozen=True)
class Vouched:
    email: str
    name: str


class Provider:
    def __init__(self, settings: OpenIDSettings, config: OfficeConfig):
        self.settings = settings
        self.redirect_uri = config.redirect_uri
        self.secret = (
            read_private(config.folder / settings.client_secret_file, "The client secret file").decode().strip()
            if settings.client_secret_file
            else None
        )
        self._metadata: dict[str, Any] | None = None
        self._keys: dict[str, Any] | None = None
        self._lock = threading.Lock()

    def _get(self, url: str) -> dict[str, Any]:
        try:
            response = requests.get(url, timeout=TIMEOUT)
            response.raise_for_status()
            data = response.json()
        except (requests.RequestException, ValueError) as error:
            raise SignInFailed(
                f"The service could not reach {self.settings.name} ({type(error).__name__}). Try again in a "
                "minute; if it keeps failing, tell the person who looks after the editor."
            ) from None
        if not isinstance(data, dict):
            raise SignInFailed(f"{self.settings.name} answered something the service does not understand.")
        return data

    def metadata(self) -> dict[str, Any]:
        with self._lock:
            if self._metadata is None:
                data = self._get(self.settings.issuer + "/.well-known/openid-configuration")
                if data.get("issuer", "").rstrip("/") != self.settings.issuer:
                    raise SignInFailed(
                        f"{self.settings.name} names itself {data.get('issuer')!r}, not the issuer in office.yaml: "
                        "the person who looks after the editor must correct the issuer."
                    )
                self._metadata = data
            return self._metadata

    def _client(self) -> OAuth2Session:
        return OAuth2Session(
            client_id=self.settings.client_id,
            client_secret=self.secret,
            token_endpoint_auth_method="client_secret_post" if self.secret else "none",
            scope=" ".join(self.settings.scopes),
            redirect_uri=self.redirect_uri,
            code_challenge_method="S256",
        )

    def start(self) -> tuple[str, str, str, str]:
        """(address to send the browser to, state, nonce, PKCE verifier)."""
        state, nonce, verifier = (secrets.token_urlsafe(32) for _ in range(3))
        verifier = verifier + secrets.token_urlsafe(16)  # 43 to 128 characters (RFC 7636)
        with self._client() as client:
            url, _ = client.create_authorization_url(
                self.metadata()["authorization_endpoint"], state=state, code_verifier=verifier, nonce=nonce
            )
        return str(url), state, nonce, verifier

    def finish(self, code: str, nonce: str, verifier: str) -> Vouched:
        """Exchange the code, check the ID token, and say who signed in."""
        metadata = self.metadata()
        try:
            with self._client() as client:
                token = client.fetch_token(
                    metadata["token_endpoint"], code=code, code_verifier=verifier, timeout=TIMEOUT
                )
        except Exception as error:  # Authlib raises its own errors and requests' ones
            raise SignInFailed(
                f"{self.settings.name} did not confirm the sign-in ({type(error).__name__}). Sign in again."
            ) from None
        id_token = token.get("id_token")
        if not isinstance(id_token, str):
            raise SignInFailed(f"{self.settings.name} did not say who you are (no ID token). Sign in again.")
        claims = self._check(id_token, nonce, str(token.get("access_token", "")))
        email = str(claims.get("email") or claims.get("preferred_username") or "")
        return Vouched(email, str(claims.get("name") or email))

    def _check(self, id_token: str, nonce: str, access_token: str) -> dict[str, Any]:
        algorithms = self.metadata().get("id_token_signing_alg_values_supported") or ["RS256"]
        algorithms = [a for a in algorithms if a != "none"]
        for fresh in (False, True):  # keys may have been rotated since they were fetched
            try:
                decoded = jwt.decode(id_token, self._key_set(fresh), algorithms=algorithms)
                break
            except JoseError:
                if fresh:
                    raise SignInFailed(
                        "The sign-in could not be checked (its signature is not valid). Sign in again."
                    ) from None
        claims = CodeIDToken(
            decoded.claims,
            decoded.header,
            {
                "iss": {"essential": True, "value": self.settings.issuer},
                "aud": {"essential": True, "value": self.settings.client_id},
            },
            {
                "nonce": nonce,
                "client_id": self.settings.client_id,
                **({"access_token": access_token} if access_token else {}),
            },
        )
        try:
            claims.validate(leeway=LEEWAY)
        except JoseError as error:
            raise SignInFailed(f"The sign-in could not be checked ({error.error}). Sign in again.") from None
        return dict(claims)

    def _key_set(self, fresh: bool) -> KeySet:
        with self._lock:
            if self._keys is None or fresh:
                self._keys = None
        if self._keys is None:
            keys = self._get(str(self.metadata()["jwks_uri"]))
            with self._lock:
                self._keys = keys
        return KeySet.import_key_set(self._keys)  # type: ignore[arg-type]
