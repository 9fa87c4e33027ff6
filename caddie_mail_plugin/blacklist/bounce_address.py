"""The optional per-mail bounce address (VERP), stored in the settings section ``bounce_address``.

When it is on, a mail to one recipient leaves with the envelope sender
``bounces+TOKEN@domain``; TOKEN names the mail (a short id derived from its
Message-ID) and the recipient, signed with a secret generated once and kept in
the settings (``config.json``, mode 0600).  Switching it off keeps the secret,
so bounces of mails sent before still verify.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass, field
from typing import Any

from ..addresses import domain_key, parse_address
from ..bounce.verp import make_bounce_address
from ..exceptions import ConfigurationError
from ..storage.config_store import ConfigStore

SECTION = "bounce_address"
DEFAULT_LOCAL_PART = "bounces"
MAIL_ID_BYTES = 8
_LOCAL_PART = re.compile(r"[a-z0-9][a-z0-9._-]{0,19}")


class BounceAddressError(ConfigurationError):
    """The bounce-address settings cannot be used."""

    code = "bounce-address"


@dataclass(frozen=True)
class BounceAddressSettings:
    enabled: bool = False
    domain: str | None = None
    local_part: str = DEFAULT_LOCAL_PART
    secret: str = field(default="", repr=False)  # hex; never printed

    @property
    def active(self) -> bool:
        """Should mails get a bounce address now?"""
        return self.enabled and bool(self.domain) and bool(self.secret)

    @property
    def secret_bytes(self) -> bytes:
        return bytes.fromhex(self.secret) if self.secret else b""

    @classmethod
    def from_section(cls, values: dict[str, Any]) -> BounceAddressSettings:
        return cls(
            enabled=bool(values.get("enabled", False)),
            domain=values.get("domain") or None,
            local_part=str(values.get("local_part") or DEFAULT_LOCAL_PART),
            secret=str(values.get("secret") or ""),
        )

    def describe(self) -> str:
        if not self.active:
            return "Bounce addresses are off: mails leave with the sender's own address."
        return f"Bounce addresses are on: {self.local_part}+TOKEN@{self.domain} (signed per mail and recipient)."


def load_bounce_address(config: ConfigStore) -> BounceAddressSettings:
    return config.parsed_section(SECTION, BounceAddressSettings.from_section)


def enable_bounce_address(
    config: ConfigStore, domain: str, *, local_part: str = DEFAULT_LOCAL_PART
) -> BounceAddressSettings:
    """Switch bounce addresses on for ``domain``; the secret is generated the first time only."""
    local = local_part.strip().lower()
    if not _LOCAL_PART.fullmatch(local):
        raise BounceAddressError(
            f"{local_part!r} cannot be the bounce mailbox: use up to 20 letters, digits, '.', '-' "
            "or '_' (no '+'), e.g. 'bounces'."
        )
    ascii_domain = domain_key(domain)
    current = load_bounce_address(config)
    secret = current.secret or secrets.token_hex(32)
    try:  # a long recipient must still fit: the token then carries a digest
        make_bounce_address(domain=ascii_domain, mail_id="00" * MAIL_ID_BYTES, recipient="x" * 64 + "@example.org",
                            secret=bytes.fromhex(secret), local_part=local)
    except ValueError as exc:
        raise BounceAddressError(f"{domain} cannot carry bounce addresses ({exc}); choose a shorter domain.") from None
    config.update_section(SECTION, enabled=True, domain=ascii_domain, local_part=local, secret=secret)
    return load_bounce_address(config)


def disable_bounce_address(config: ConfigStore) -> BounceAddressSettings:
    config.update_section(SECTION, enabled=False)
    return load_bounce_address(config)


def mail_id_for(message_id: str) -> str:
    """The short id of a mail (hex of 8 bytes of SHA-256 of its Message-ID)."""
    return hashlib.sha256(message_id.strip().encode("utf-8", "replace")).digest()[:MAIL_ID_BYTES].hex()


def envelope_sender(settings: BounceAddressSettings, *, message_id: str, recipient: str) -> str:
    """The signed bounce address for one mail to one recipient."""
    if not settings.active or settings.domain is None:
        raise BounceAddressError(
            "Bounce addresses are off; switch them on with 'caddie-mail bounce-address on --domain DOMAIN'."
        )
    return make_bounce_address(
        domain=settings.domain,
        mail_id=mail_id_for(message_id),
        recipient=parse_address(recipient).key,
        secret=settings.secret_bytes,
        local_part=settings.local_part,
    )
