"""What a render returns once every file is made: the problems it found (`RenderOutcome`).

The renderer gathers them as it goes in a `ProblemsFound` of its own; nothing outside the
render holds them, or adds to them, while it runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import Problem


@dataclass(frozen=True)
class RenderOutcome:
    """What a whole render found; the build fails if `errors` is not empty."""

    errors: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()
    written_by_workers: int = 0  # pages the page workers wrote straight into the output


@dataclass
class ProblemsFound:
    """The problems a render in progress has found: the renderer's own, never handed out
    (the page makers return theirs, and the renderer adds them here)."""

    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    written_by_workers: int = 0

    def add(self, problems: tuple[Problem, ...] | list[Problem]) -> None:
        for problem in problems:
            (self.warnings if problem.is_warning else self.errors).append(problem)

    def outcome(self) -> RenderOutcome:
        return RenderOutcome(tuple(self.errors), tuple(self.warnings), self.written_by_workers)
