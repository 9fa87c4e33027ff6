"""Findings of the record checkers (SPF syntax, DMARC, DKIM keys)."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass


class ProblemSeverity(enum.Enum):
    """An error makes the record fail; a warning is advice."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One finding: how bad, a stable code for programs, an English message."""

    severity: ProblemSeverity
    code: str
    message: str

    @property
    def is_error(self) -> bool:
        """True for errors."""
        return self.severity is ProblemSeverity.ERROR


def error(code: str, message: str) -> Problem:
    """Shorthand for an error finding."""
    return Problem(ProblemSeverity.ERROR, code, message)


def warning(code: str, message: str) -> Problem:
    """Shorthand for a warning finding."""
    return Problem(ProblemSeverity.WARNING, code, message)


def has_errors(problems: Iterable[Problem]) -> bool:
    """True if any of ``problems`` is an error."""
    return any(problem.is_error for problem in problems)
