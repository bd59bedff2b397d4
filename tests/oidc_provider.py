"""A small but real OpenID Connect provider for the tests, run on this computer's loopback.

It serves what the office service uses of Microsoft Entra ID, Google or Keycloak: the
discovery document, its signing keys (JWKS), the authorization endpoint (which signs in
whoever the test says is at the keyboard, without a form) and the token endpoint, which
checks the code, the client's secret, the redirect address and the PKCE verifier, and
answers with an ID token signed with a freshly generated RSA key (joserfc, as Authlib uses).
Tests can make it misbehave: a wrong nonce, another audience, another issuer's key.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from typing import Any
from urllib.parse import parse_qs, urlencode
from wsgiref.simple_server import WSGIRequestHandler, make_server

from joserfc import jwt
from joserfc.jwk import RSAKey

CLIENT_ID = "sitegen-office-test"
CLIENT_SECRET = "test-client-secret-4f9a1c"


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # the tests' output stays clean
        pass


class TestProvider:
    __test__ = False  # not a test class

    def __init__(self) -> None:
        self.key = RSAKey.generate_key(2048, parameters={"kid": "test-key", "use": "sig", "alg": "RS256"})
        self.user: dict[str, str] = {"sub": "u-1", "email": "sam@example.gov.uk", "name": "Sam Patel"}
        self.codes: dict[str, dict[str, str]] = {}
        self.tamper: dict[str, Any] = {}  # claims to override in the next ID token ("nonce", "aud", ...)
        self.token_requests: list[dict[str, list[str]]] = []
        self.server = make_server("127.0.0.1", 0, self.app, handler_class=_Quiet)
        self.issuer = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> TestProvider:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def app(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        path = environ["PATH_INFO"]
        if path == "/.well-known/openid-configuration":
            return self._json(
                start_response,
                {
                    "issuer": self.issuer,
                    "authorization_endpoint": self.issuer + "/authorize",
                    "token_endpoint": self.issuer + "/token",
                    "jwks_uri": self.issuer + "/jwks",
                    "response_types_supported": ["code"],
                    "subject_types_supported": ["public"],
                    "id_token_signing_alg_values_supported": ["RS256"],
                    "code_challenge_methods_supported": ["S256"],
                },
            )
        if path == "/jwks":
            return self._json(start_response, {"keys": [self.key.as_dict(private=False)]})
        if path == "/authorize":
            return self._authorize(environ, start_response)
        if path == "/token":
            return self._token(environ, start_response)
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found"]

    def _json(self, start_response: Any, data: Any, status: str = "200 OK") -> list[bytes]:
        start_response(status, [("Content-Type", "application/json"), ("Cache-Control", "no-store")])
        return [json.dumps(data).encode()]

    def _authorize(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        query = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        assert query.get("response_type") == "code" and query.get("client_id") == CLIENT_ID
        assert query.get("code_challenge_method") == "S256" and query.get("code_challenge")
        assert query.get("state") and query.get("nonce") and "openid" in query.get("scope", "").split()
        code = secrets.token_urlsafe(16)
        self.codes[code] = {**query, **self.user}
        target = query["redirect_uri"] + "?" + urlencode({"code": code, "state": query["state"]})
        start_response("302 Found", [("Location", target)])
        return [b""]

    def _token(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0)).decode()
        form = parse_qs(body)
        self.token_requests.append(form)
        value = {k: v[0] for k, v in form.items()}
        grant = self.codes.pop(value.get("code", ""), None)
        if (
            grant is None
            or value.get("client_secret") != CLIENT_SECRET
            or value.get("redirect_uri") != grant["redirect_uri"]
        ):
            return self._json(start_response, {"error": "invalid_grant"}, "400 Bad Request")
        challenge = base64.urlsafe_b64encode(hashlib.sha256(value.get("code_verifier", "").encode()).digest()).rstrip(
            b"="
        )
        if challenge.decode() != grant["code_challenge"]:
            return self._json(
                start_response, {"error": "invalid_grant", "error_description": "PKCE"}, "400 Bad Request"
            )
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "sub": grant["sub"],
            "aud": CLIENT_ID,
            "iat": now,
            "exp": now + 300,
            "nonce": grant["nonce"],
            "email": grant["email"],
            "name": grant["name"],
        }
        claims.update(self.tamper.pop("claims", {}))
        key = self.tamper.pop("key", self.key)
        id_token = jwt.encode({"alg": "RS256", "kid": "test-key"}, claims, key)
        return self._json(
            start_response,
            {
                "access_token": secrets.token_urlsafe(16),
                "token_type": "Bearer",
                "expires_in": 300,
                "id_token": id_token,
            },
        )
