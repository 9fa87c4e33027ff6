"""Bounce-message parser: DSNs, MTA-specific bounces, auto-replies and feedback reports.

``parse_bounce(raw)`` never raises and returns a :class:`BounceReport`; see
``verp`` for signed bounce addresses and ``repair_hints`` for typo fixes.
"""

from __future__ import annotations

from .model import BounceClass, BouncedRecipient, BounceReport, ReportKind
from .pipeline import parse_bounce

__all__ = ["BounceClass", "BounceReport", "BouncedRecipient", "ReportKind", "parse_bounce"]
