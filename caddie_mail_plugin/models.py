"""Configuration records: SMTP servers and the module's settings."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any


class Security(str, enum.Enum):
    """How the connection to an SMTP server is protected."""

    STARTTLS = "starttls"
    TLS = "tls"
    NONE = "none"


class DispatchMode(str, enum.Enum):
    """"Versand durch": straight to the server, or through the service."""

    DIRECT = "direct"
    SERVICE = "service"


DEFAULT_PORTS = {Security.STARTTLS: 587, Security.TLS: 465, Security.NONE: 25}


@dataclass(frozen=True)
class ServerConfig:
    """One configured SMTP server.

    ``sender_filter`` is empty, a domain (``golfclub-example.de``) or a
    complete sender address; see :mod:`caddie_mail_plugin.routing`.
    """

    name: str
    host: str
    port: int
    security: Security = Security.STARTTLS
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    sender_filter: str | None = None
    is_default: bool = False
    office365_ack: bool = False
    ca_file: str | None = None
    timeout: float = 30.0
    backup_server: str | None = None  # service: used when this one cannot be reached
    limit_profile: str | None = None  # service: microsoft365, gmail, unlimited; None = by host

    def to_record(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "host": self.host,
            "port": self.port,
            "security": self.security.value,
            "username": self.username,
            "password": self.password,
            "sender_filter": self.sender_filter,
            "is_default": self.is_default,
            "office365_ack": self.office365_ack,
            "ca_file": self.ca_file,
            "timeout": self.timeout,
            "backup_server": self.backup_server,
            "limit_profile": self.limit_profile,
        }

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> ServerConfig:
        return cls(
            name=str(record["name"]),
            host=str(record["host"]),
            port=int(record["port"]),
            security=Security(record.get("security", Security.STARTTLS.value)),
            username=record.get("username") or None,
            password=record.get("password") or None,
            sender_filter=record.get("sender_filter") or None,
            is_default=bool(record.get("is_default", False)),
            office365_ack=bool(record.get("office365_ack", False)),
            ca_file=record.get("ca_file") or None,
            timeout=float(record.get("timeout", 30.0)),
            backup_server=record.get("backup_server") or None,
            limit_profile=record.get("limit_profile") or None,
        )

    def describe(self) -> str:
        """One line for lists and messages; never includes the password."""
        star = "*" if self.is_default else " "
        auth = f" user={self.username}" if self.username else ""
        flt = f" filter={self.sender_filter}" if self.sender_filter else ""
        return f"{star} {self.name}: {self.host}:{self.port} ({self.security.value}){auth}{flt}"


@dataclass(frozen=True)
class Settings:
    """Module-wide settings stored in the data directory."""

    test_mode: bool = False
    test_address: str | None = None
    dispatch: DispatchMode = DispatchMode.DIRECT
    log_retention_days: int = 90
    # Service mode only: send MAIL_TIMER_COUNT mails, then pause MAIL_TIMER_DELAY s.
    mail_timer_count: int = 10
    mail_timer_delay: float = 60.0

    def to_record(self) -> dict[str, Any]:
        return {
            "test_mode": self.test_mode,
            "test_address": self.test_address,
            "dispatch": self.dispatch.value,
            "log_retention_days": self.log_retention_days,
            "mail_timer_count": self.mail_timer_count,
            "mail_timer_delay": self.mail_timer_delay,
        }

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Settings:
        return cls(
            test_mode=bool(record.get("test_mode", False)),
            test_address=record.get("test_address") or None,
            dispatch=DispatchMode(record.get("dispatch", DispatchMode.DIRECT.value)),
            log_retention_days=int(record.get("log_retention_days", 90)),
            mail_timer_count=int(record.get("mail_timer_count", 10)),
            mail_timer_delay=float(record.get("mail_timer_delay", 60.0)),
        )
