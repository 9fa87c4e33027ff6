"""Recognising Microsoft 365 and explaining why the plugin refuses it."""

from __future__ import annotations

from .models import ServerConfig

MICROSOFT365_HOSTS = frozenset({"smtp.office365.com", "smtp-mail.outlook.com"})
MICROSOFT365_HOST_SUFFIXES = (".mail.protection.outlook.com",)

LIMITS = (
    "Microsoft 365 limits every mailbox to 30 messages per minute, 10,000 "
    "recipients per day and 3 concurrent connections, and switches Basic "
    "authentication for SMTP AUTH off by default for existing tenants at the end "
    "of December 2026, after which username and password no longer work."
)
WAYS_OUT = (
    "Ways out: send through a smarthost (a relay service for bulk mail), run "
    "your own mail server, or move the club's domain to a mail hosting provider "
    "that allows SMTP sending."
)


def is_microsoft365_host(host: str) -> bool:
    host = host.strip().rstrip(".").lower()
    return host in MICROSOFT365_HOSTS or host.endswith(MICROSOFT365_HOST_SUFFIXES)


def is_microsoft365(server: ServerConfig) -> bool:
    return is_microsoft365_host(server.host)


def direct_refusal(server: ServerConfig) -> str:
    return (
        f"The server {server.name!r} ({server.host}) is Microsoft 365. {LIMITS} "
        f"{WAYS_OUT} To send through it anyway, acknowledge these limits for this "
        f"server: 'caddie-mail servers add {server.name} ... --office365-ack' "
        "(or in the wizard)."
    )


def service_refusal(server: ServerConfig) -> str:
    return (
        f"The server {server.name!r} ({server.host}) is Microsoft 365, which cannot "
        f"carry the club's bulk service. {LIMITS} {WAYS_OUT} Switch to direct "
        "sending ('caddie-mail dispatch direct') or choose another server."
    )
