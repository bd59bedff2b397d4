"""Passwords hashed cheaply in the tests that are not about hashing.

The office hashes passwords with argon2id at the library's recommended costs (RFC 9106: 64 MiB,
three passes, four lanes), about 0.15 s of CPU a hash, and checks every sign-in against a hash
(a wrong username against a hash of nobody's password, so that it takes as long). The office
tests sign in hundreds of times: at those costs that was a third of `make quick`. Here the
tests' own process hashes with the smallest costs argon2id allows; a hash keeps its costs in
its text, so what a test writes it also checks cheaply.

The production costs are never changed: `sitegen.office.accounts` keeps its own hasher, and
tests/test_office_config.py runs the real `build.py office add-user` in a process of its own
and checks the costs written in the hash it makes (test_add_user_hashes_the_password_...).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from argon2 import PasswordHasher, Type

# The smallest argon2id allows: one pass over 8 KiB in one lane (microseconds, not 0.15 s).
CHEAP = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1, type=Type.ID)


@contextmanager
def cheap_password_hashing() -> Iterator[None]:
    """While open, the office hashes (and fakes the check of a missing account) with CHEAP."""
    from sitegen.office import accounts

    with pytest.MonkeyPatch.context() as patch:
        # raising=True (the default): if the office renames its hasher, this fails loudly
        # rather than letting the tests slow down unnoticed.
        patch.setattr(accounts, "_HASHER", CHEAP)
        patch.setattr(accounts, "_NOBODY", CHEAP.hash("no account has this password"))
        yield
