"""What a detector returns, and the detector function type."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..message_view import MessageView
from ..model import ReportKind


@dataclass(frozen=True)
class Finding:
    """One recipient as a detector found it, before classification.

    ``context`` is surrounding text used only to tell which SMTP command failed.
    """

    address: str
    diagnostic: str = ""
    status: str | None = None
    smtp_code: int | None = None
    action: str | None = None
    reason: str | None = None
    context: str = ""
    original_address: str | None = None


@dataclass(frozen=True)
class Detection:
    """A detector's verdict on one message."""

    detector: str
    kind: ReportKind
    findings: tuple[Finding, ...]
    reporting_mta: str | None = None


Detector = Callable[[MessageView], Detection | None]
