"""What the office service remembers between requests, in one SQLite file (mode 0600).

Sessions are kept by the SHA-256 of their id, so a copy of the database opens nobody's
session; the id itself only ever lives in the person's cookie. Sign-in attempts (for
throttling), the OpenID Connect sign-ins under way (state, nonce, PKCE verifier) and the
review requests are kept here too.
"""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .accounts import Person
from .private_files import check_private, private_folder

SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (id_hash TEXT PRIMARY KEY, person_key TEXT, name TEXT, email TEXT,
    role TEXT, csrf TEXT, created REAL, last_seen REAL);
CREATE TABLE IF NOT EXISTS sign_ins (state_hash TEXT PRIMARY KEY, browser_hash TEXT, nonce TEXT,
    verifier TEXT, created REAL);
CREATE TABLE IF NOT EXISTS failures (kind TEXT, key TEXT, at REAL);
CREATE INDEX IF NOT EXISTS failures_by_key ON failures (kind, key, at);
CREATE TABLE IF NOT EXISTS reviews (id INTEGER PRIMARY KEY, sha TEXT, sent_by TEXT, sent_by_email TEXT,
    sent_at REAL, note TEXT, status TEXT, decided_by TEXT, decided_at REAL);
"""
SIGN_IN_MINUTES = 10  # an OpenID Connect sign-in must come back within this long
THROTTLE_MINUTES = 15


def digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


@dataclass(frozen=True)
class Session:
    person: Person
    csrf: str
    created: float
    last_seen: float


@dataclass(frozen=True)
class Review:
    id: int
    sha: str
    sent_by: str
    sent_by_email: str
    sent_at: float
    note: str
    status: str  # waiting, published, withdrawn
    decided_by: str


class Store:
    def __init__(self, folder: Path, clock: Callable[[], float] = time.time):
        private_folder(folder, "The office's data folder")
        path = folder / "office.sqlite3"
        if not path.exists():
            path.touch(mode=0o600)
        check_private(path, "The sessions database")
        self.clock = clock
        self.lock = threading.Lock()
        self.db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.executescript(SCHEMA)

    def _run(self, sql: str, *args: object) -> list[tuple[object, ...]]:
        with self.lock:
            return self.db.execute(sql, args).fetchall()

    # --- sessions ---------------------------------------------------------------------------
    def new_session(self, person: Person) -> tuple[str, Session]:
        """A brand-new random session id (never one the browser offered) and its session."""
        session_id = secrets.token_urlsafe(32)
        now = self.clock()
        csrf = secrets.token_urlsafe(32)
        self._run(
            "INSERT INTO sessions VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            digest(session_id),
            person.key,
            person.name,
            person.email,
            person.role,
            csrf,
            now,
            now,
        )
        return session_id, Session(person, csrf, now, now)

    def session(
        self, session_id: str, idle_seconds: float, lifetime_seconds: float, touch: bool = True
    ) -> Session | None:
        """The live session with this id; an expired one is deleted and None returned."""
        if not session_id or len(session_id) > 200:
            return None
        key = digest(session_id)
        rows = self._run(
            "SELECT person_key, name, email, role, csrf, created, last_seen FROM sessions WHERE id_hash = ?", key
        )
        if not rows:
            return None
        person_key, name, email, role, csrf, created, last_seen = rows[0]
        now = self.clock()
        assert isinstance(created, float) and isinstance(last_seen, float)
        if now - last_seen > idle_seconds or now - created > lifetime_seconds:
            self._run("DELETE FROM sessions WHERE id_hash = ?", key)
            return None
        if touch:
            self._run("UPDATE sessions SET last_seen = ? WHERE id_hash = ?", now, key)
        person = Person(str(person_key), str(name), str(email), str(role))
        return Session(person, str(csrf), created, now if touch else last_seen)

    def end_session(self, session_id: str) -> None:
        self._run("DELETE FROM sessions WHERE id_hash = ?", digest(session_id))

    def forget_expired(self, idle_seconds: float, lifetime_seconds: float) -> None:
        now = self.clock()
        self._run("DELETE FROM sessions WHERE last_seen < ? OR created < ?", now - idle_seconds, now - lifetime_seconds)
        self._run("DELETE FROM sign_ins WHERE created < ?", now - SIGN_IN_MINUTES * 60)
        self._run("DELETE FROM failures WHERE at < ?", now - THROTTLE_MINUTES * 60)

    # --- OpenID Connect sign-ins under way --------------------------------------------------
    def start_sign_in(self, browser: str, state: str, nonce: str, verifier: str) -> None:
        self._run(
            "INSERT INTO sign_ins VALUES (?, ?, ?, ?, ?)", digest(state), digest(browser), nonce, verifier, self.clock()
        )

    def finish_sign_in(self, browser: str, state: str) -> tuple[str, str] | None:
        """(nonce, verifier) of the sign-in this browser started with this state; used once."""
        key = digest(state)
        rows = self._run("SELECT browser_hash, nonce, verifier, created FROM sign_ins WHERE state_hash = ?", key)
        self._run("DELETE FROM sign_ins WHERE state_hash = ?", key)
        if not rows:
            return None
        browser_hash, nonce, verifier, created = rows[0]
        assert isinstance(created, float)
        if (
            not secrets.compare_digest(str(browser_hash), digest(browser))
            or self.clock() - created > SIGN_IN_MINUTES * 60
        ):
            return None
        return str(nonce), str(verifier)

    # --- throttling ---------------------------------------------------------------------------
    def failures(self, kind: str, key: str) -> int:
        since = self.clock() - THROTTLE_MINUTES * 60
        rows = self._run("SELECT COUNT(*) FROM failures WHERE kind = ? AND key = ? AND at > ?", kind, key, since)
        count = rows[0][0]
        return count if isinstance(count, int) else 0

    def failed(self, kind: str, key: str) -> None:
        self._run("INSERT INTO failures VALUES (?, ?, ?)", kind, key, self.clock())

    # --- review requests ----------------------------------------------------------------------
    def send_for_review(self, sha: str, person: Person, note: str) -> None:
        self._run("UPDATE reviews SET status = 'replaced' WHERE status = 'waiting'")
        self._run(
            "INSERT INTO reviews (sha, sent_by, sent_by_email, sent_at, note, status, decided_by, decided_at) "
            "VALUES (?, ?, ?, ?, ?, 'waiting', '', 0)",
            sha,
            person.name,
            person.email,
            self.clock(),
            note,
        )

    def waiting_review(self) -> Review | None:
        rows = self._run(
            "SELECT id, sha, sent_by, sent_by_email, sent_at, note, status, decided_by FROM reviews "
            "WHERE status = 'waiting' ORDER BY id DESC LIMIT 1"
        )
        return Review(*rows[0]) if rows else None  # type: ignore[arg-type]

    def decide(self, review_id: int, status: str, person: Person) -> None:
        self._run(
            "UPDATE reviews SET status = ?, decided_by = ?, decided_at = ? WHERE id = ?",
            status,
            person.name,
            self.clock(),
            review_id,
        )
