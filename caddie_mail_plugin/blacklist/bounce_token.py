"""Is a bounce addressed to one of our signed bounce addresses, and is the signature good?

A bounce delivered to ``bounces+TOKEN@domain`` (seen in its To, Delivered-To,
X-Original-To or Envelope-To header) is tied to one mail and one recipient.
A token that does not verify marks the bounce as forged: it changes nothing.
A bounce without any such address is an ordinary bounce.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, timedelta

from ..addresses import parse_address
from ..bounce.model import BounceReport
from ..bounce.verp import VerpToken, read_bounce_address
from ..exceptions import InvalidMessageError, StorageError
from ..storage.delivery_log import DeliveryLog
from .bounce_address import BounceAddressSettings, mail_id_for

LOG_LOOKBACK_DAYS = 60


class TokenState(str, enum.Enum):
    NONE = "none"  # no signed bounce address on the bounce
    VERIFIED = "verified"
    FORGED = "forged"  # looks like ours, but the signature does not verify


@dataclass(frozen=True)
class TokenCheck:
    state: TokenState
    token: VerpToken | None = None
    bounce_address: str | None = None
    recipient: str | None = None  # from the token, or found through the delivery log

    def names(self, address: str | None) -> bool:
        """Is ``address`` the recipient the verified token was made for?"""
        return self.token is not None and bool(address) and token_names(self.token, address or "")


def token_names(token: VerpToken, address: str) -> bool:
    """Does ``token`` name ``address`` (compared by address key: case and IDN alike)?"""
    try:
        key = parse_address(address).key
    except InvalidMessageError:
        key = address
    return token.matches(key)


def check_bounce_token(report: BounceReport, settings: BounceAddressSettings, log: DeliveryLog | None) -> TokenCheck:
    """Look for our bounce address on ``report`` and verify its token."""
    if not settings.secret or not settings.domain:
        return TokenCheck(TokenState.NONE)
    prefix = f"{settings.local_part.lower()}+"
    candidates = [
        address for address in report.envelope_recipients
        if address.lower().startswith(prefix) and address.rpartition("@")[2].lower() == settings.domain
    ]
    if not candidates:
        return TokenCheck(TokenState.NONE)
    for address in candidates:
        token = read_bounce_address(address, settings.secret_bytes)
        if token is not None:
            recipient = token.recipient or recipient_from_log(log, token)
            return TokenCheck(TokenState.VERIFIED, token, address, recipient)
    return TokenCheck(TokenState.FORGED, bounce_address=candidates[0])


def recipient_from_log(log: DeliveryLog | None, token: VerpToken) -> str | None:
    """The recipient of a compact token: the accepted address of that mail whose digest matches."""
    if log is None:
        return None
    since = date.today() - timedelta(days=LOG_LOOKBACK_DAYS)
    try:
        for record in log.records(since=since):
            message_id = record.get("message_id")
            if record.get("event") != "send" or not isinstance(message_id, str):
                continue
            if mail_id_for(message_id) != token.mail_id:
                continue
            for address in record.get("accepted", ()):
                if isinstance(address, str) and token_names(token, address):
                    return address
    except (OSError, StorageError):
        return None
    return None
