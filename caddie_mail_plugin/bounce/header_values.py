"""Header values as the detectors read them: decoded, without surrogates, names lower-cased."""

from __future__ import annotations

import email.errors
import email.header
import email.message
from itertools import islice
from typing import Any

MAX_HEADERS = 300

Headers = tuple[tuple[str, str], ...]


def clean_str(value: object) -> str:
    """Turn a header value or payload into a plain ``str`` without surrogates."""
    if isinstance(value, email.header.Header):
        try:
            value = str(value)
        except (UnicodeError, LookupError):
            value = value.encode()
    text = value if isinstance(value, str) else str(value)
    if text.isascii():
        return text
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def decode_header_value(value: object) -> str:
    """Decode RFC 2047 encoded words; fall back to the raw text on any error."""
    raw = clean_str(value)
    if "=?" not in raw:
        return raw
    try:
        return str(email.header.make_header(email.header.decode_header(raw)))
    except (ValueError, LookupError, UnicodeError, email.errors.HeaderParseError):
        return raw


def _pair(message: email.message.Message, name: str, value: Any) -> tuple[str, str]:
    """One header as a lower-cased name and its decoded value.

    Plain ASCII values skip the policy's header objects (the common case);
    any other value goes through them exactly as ``message.items()`` would."""
    if isinstance(value, str) and value.isascii() and "=?" not in value and name.isascii():
        return name.lower(), value.strip()
    return clean_str(name).lower(), decode_header_value(message.policy.header_fetch_parse(name, value)).strip()


def header_pairs(message: email.message.Message) -> Headers:
    """All headers of ``message`` as lower-cased names and decoded values."""
    return tuple(_pair(message, name, value) for name, value in islice(message.raw_items(), MAX_HEADERS))


def last_header(message: email.message.Message, name: str) -> str | None:
    """The decoded value of the last header ``name`` of ``message`` (as a dict of its headers holds it)."""
    wanted = name.lower()
    found: tuple[str, Any] | None = None
    for key, value in islice(message.raw_items(), MAX_HEADERS):
        if (key.lower() if key.isascii() else clean_str(key).lower()) == wanted:
            found = (key, value)
    return _pair(message, *found)[1] if found is not None else None
