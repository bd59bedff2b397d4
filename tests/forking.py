"""Page workers (sitegen/render/page_workers.py) in the tests: forked on any machine, one core or more.

The build forks workers only on machines with two cores or more (`worth_forking`), and CI
may have one: the tests pretend to have two, so that the workers' path runs everywhere
(two processes share one core happily). Only a system without fork cannot run them:
skipped there locally, and a failure in CI, which must never go green by skipping.
"""

from __future__ import annotations

import os

import pytest
from tooling import in_ci

from sitegen.render import page_workers


def force_page_workers(monkeypatch: pytest.MonkeyPatch, *, min_pages: int = 5, batch: int = 2) -> None:
    """Builds of `min_pages` pages or more fork two workers, sending `batch` pages per message."""
    if not hasattr(os, "fork"):
        message = "page workers need os.fork, which this system does not have"
        if in_ci():
            pytest.fail(f"{message} (CI=true, so this fails instead of skipping)", pytrace=False)
        pytest.skip(message)
    monkeypatch.setattr(page_workers.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(page_workers, "PARALLEL_MIN_PAGES", min_pages)
    monkeypatch.setattr(page_workers, "BATCH", batch)


def no_page_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(page_workers, "PARALLEL_MIN_PAGES", 10**9)
