"""Whose change this is: the person signed in to the office service (`build.py office`).

The office sets it around each request it hands to the editor; every git command the editor
runs meanwhile (`gitrepo.run`) then records that person as the author and committer of a
commit. Outside the office service (`build.py serve`) nobody is set and git uses the
computer's own identity, as before.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_signed_in: ContextVar[tuple[str, str] | None] = ContextVar("signed_in", default=None)


@contextmanager
def acting_as(name: str, email: str) -> Iterator[None]:
    token = _signed_in.set((name, email))
    try:
        yield
    finally:
        _signed_in.reset(token)


def git_identity() -> dict[str, str]:
    """Environment variables that make git record the signed-in person, or none."""
    person = _signed_in.get()
    if person is None:
        return {}
    name, email = person
    return {
        "GIT_AUTHOR_NAME": name,
        "GIT_AUTHOR_EMAIL": email,
        "GIT_COMMITTER_NAME": name,
        "GIT_COMMITTER_EMAIL": email,
    }
