"""The domain report: lines of checks with German and English wording."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from caddie_mail_plugin.dnsauth.providers import DetectedProvider


class CheckStatus(enum.Enum):
    """How one line of the report came out."""

    OK = "ok"
    WARNING = "warning"
    ERROR = "error"


SEVERITY_ORDER = {CheckStatus.OK: 0, CheckStatus.WARNING: 1, CheckStatus.ERROR: 2}


@dataclass(frozen=True)
class Text:
    """A user-facing text in German and English."""

    de: str
    en: str

    def get(self, lang: str) -> str:
        """The text in ``lang`` ("de" or "en"; anything else gives German)."""
        return self.en if lang == "en" else self.de


@dataclass(frozen=True)
class DnsRecordSuggestion:
    """A DNS record to publish exactly as given."""

    name: str
    rtype: str
    value: str


@dataclass(frozen=True)
class Check:
    """One line of the report."""

    id: str
    title: Text
    status: CheckStatus
    detail: Text
    next_step: Text | None = None
    dns_record: DnsRecordSuggestion | None = None


@dataclass(frozen=True)
class DomainReport:
    """Everything checked for one sender domain."""

    domain: str
    checks: tuple[Check, ...]
    providers: tuple[DetectedProvider, ...] = ()
    is_microsoft365: bool = False
    sending_ips: tuple[str, ...] = ()
    envelope_domain: str = ""

    @property
    def status(self) -> CheckStatus:
        """The worst status of all lines."""
        return max((check.status for check in self.checks), key=SEVERITY_ORDER.__getitem__, default=CheckStatus.OK)

    def check(self, check_id: str) -> Check:
        """The line with id ``check_id`` (KeyError if absent)."""
        for line in self.checks:
            if line.id == check_id:
                return line
        raise KeyError(check_id)
