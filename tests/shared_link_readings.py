"""Each page's printed-link reading done once per test process, for the tests not about it.

Every build reads each page's main content for links that print without their address
(sitegen/render/printed_links.py). The tests build the same sites hundreds of times: in one
run of `make quick` the build read 51,553 pages, of which 6,523 were different, and the
reading was a sixth of the suite's time. `links_without_address` is a function of the page's
text and the print rules alone, so here each worker remembers its answer by a digest of both
and gives it again for the same page under the same rules.

The reading itself is never replaced: tests/test_printed_links.py calls it directly (and
compares it with html.parser's reading), and tests/test_shared_fixtures.py checks that the
shared answers are the function's own.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from sitegen.render import printed_links, site_facts
from sitegen.render.printed_links import LinkRules


def remembered(read=printed_links.links_without_address):
    answers: dict[tuple[bytes, LinkRules], tuple[str, ...]] = {}

    def read_once(main: str, rules: LinkRules) -> tuple[str, ...]:
        key = (hashlib.blake2b(main.encode("utf-8", "surrogatepass"), digest_size=16).digest(), rules)
        if key not in answers:
            answers[key] = read(main, rules)
        return answers[key]

    return read_once


@contextmanager
def link_readings_shared() -> Iterator[None]:
    """While open, the build's pages are read through `remembered` (see above)."""
    with pytest.MonkeyPatch.context() as patch:
        # raising=True (the default): if site_facts stops calling it by this name, this fails
        # loudly rather than letting the tests slow down unnoticed.
        patch.setattr(site_facts, "links_without_address", remembered(printed_links.links_without_address))
        yield
