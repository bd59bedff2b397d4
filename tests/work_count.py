"""How much work the generator does, counted rather than timed.

A timed assertion ("8,000 items take less than 8 times as long as 2,000") fails whenever the
machine is busy. Counting the lines of the generator's own code that run is the same on any
machine, and a loop inside a loop over the items still shows: the count grows with the
square of the items, not with their number. (Work done in C, inside the standard library or
a package, is not counted: a count compares the generator's own algorithms.)
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import FrameType
from typing import Any, TypeVar

from tooling import REPO_ROOT

T = TypeVar("T")
GENERATOR_CODE = str(REPO_ROOT / "sitegen")


def lines_run(call: Callable[[], T], within: str = GENERATOR_CODE) -> tuple[T, int]:
    """call()'s result, and how many lines of code in files under `within` it ran."""
    count = 0

    def in_our_code(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal count
        if event == "line":
            count += 1
        return in_our_code

    def on_call(frame: FrameType, event: str, arg: Any) -> Any:
        # Only frames of our code are traced line by line; everything else runs untraced.
        return in_our_code if frame.f_code.co_filename.startswith(within) else None

    previous = sys.gettrace()  # A coverage or mutation tool's tracer, put back after.
    sys.settrace(on_call)
    try:
        result = call()
    finally:
        sys.settrace(previous)
    return result, count
