"""List-Unsubscribe (RFC 2369) and one-click unsubscribe (RFC 8058) headers.

Newsletters must offer one-click unsubscribe (Gmail and Yahoo require it of
bulk senders since 2024): ``List-Unsubscribe: <https://...>, <mailto:...>``
plus ``List-Unsubscribe-Post: List-Unsubscribe=One-Click``, the latter only
with an HTTPS URI, and both covered by the DKIM signature (the signer's
default header list includes them).

The value is stored as a header object that folds only between the URIs:
the email package's default folding would turn a long URL into an RFC 2047
encoded word, which mail clients do not decode in this header.
"""

from __future__ import annotations

import re
from email.message import EmailMessage
from email.policy import Policy
from urllib.parse import quote, urlsplit

import email_validator

from .errors import UnsubscribeHeaderError, UnsubscribeInjectionError

LIST_UNSUBSCRIBE = "List-Unsubscribe"
LIST_UNSUBSCRIBE_POST = "List-Unsubscribe-Post"
ONE_CLICK = "List-Unsubscribe=One-Click"
MAX_URI_LENGTH = 900  # one URI must fit a 998-character header line

_URI_CHARS = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*")
_QUERY_CHARS = re.compile(r"[A-Za-z0-9\-._~!$&'()*+,;=:@/?%]*")


class _UriListHeader(str):
    """A header value the policy stores and folds verbatim, one URI per line.

    The email policy keeps any value with a matching ``name`` attribute as the
    header object and calls its ``fold`` when serialising.
    """

    _name: str
    _uris: tuple[str, ...]

    def __new__(cls, name: str, uris: list[str]) -> _UriListHeader:
        self = super().__new__(cls, ", ".join(f"<{uri}>" for uri in uris))
        self._name = name
        self._uris = tuple(uris)
        return self

    def __reduce__(self) -> tuple[type[_UriListHeader], tuple[str, list[str]]]:
        return (_UriListHeader, (self._name, list(self._uris)))

    @property
    def name(self) -> str:
        return self._name

    def fold(self, *, policy: Policy) -> str:
        separator = "," + policy.linesep + " "
        return f"{self._name}: " + separator.join(f"<{u}>" for u in self._uris) + policy.linesep


def add_list_unsubscribe(
    message: EmailMessage, *, url: str | None = None, mailto: str | None = None
) -> None:
    """Set List-Unsubscribe (and, with an HTTPS ``url``, List-Unsubscribe-Post).

    ``mailto`` is an address or a ``mailto:`` URI (an optional ``?subject=...``
    is kept).  Existing unsubscribe headers are replaced.
    """
    if url is None and mailto is None:
        raise UnsubscribeHeaderError(
            "Give an HTTPS unsubscribe URL, a mailto address or both; "
            "a newsletter needs at least one way to unsubscribe."
        )
    uris = [_checked_https_url(url)] if url is not None else []
    if mailto is not None:
        uris.append(_checked_mailto(mailto))
    del message[LIST_UNSUBSCRIBE]
    del message[LIST_UNSUBSCRIBE_POST]
    message[LIST_UNSUBSCRIBE] = _UriListHeader(LIST_UNSUBSCRIBE, uris)
    if url is not None:
        message[LIST_UNSUBSCRIBE_POST] = ONE_CLICK


def _checked_https_url(url: str) -> str:
    _refuse_line_breaks(url, "unsubscribe URL")
    text = url.strip()
    if not _URI_CHARS.fullmatch(text) or len(text) > MAX_URI_LENGTH:
        raise UnsubscribeHeaderError(
            f"The unsubscribe URL {text!r} contains spaces, non-ASCII or other characters "
            f"not allowed in a URL, or is longer than {MAX_URI_LENGTH} characters; "
            "percent-encode it (e.g. %20 for a space) and shorten it."
        )
    parts = urlsplit(text)
    if parts.scheme.lower() != "https" or not parts.hostname:
        raise UnsubscribeHeaderError(
            f"The unsubscribe URL {text!r} is not an https:// address with a host name; "
            "one-click unsubscribe (RFC 8058) requires HTTPS."
        )
    return text


def _checked_mailto(mailto: str) -> str:
    _refuse_line_breaks(mailto, "unsubscribe mailto address")
    text = mailto.strip()
    if text[:7].lower() == "mailto:":
        text = text[7:]
    address, _, query = text.partition("?")
    if not _QUERY_CHARS.fullmatch(query):
        raise UnsubscribeHeaderError(
            f"The mailto query {query!r} contains characters not allowed in a URI; "
            "percent-encode them (e.g. subject=Abmelden%20Newsletter)."
        )
    try:
        valid = email_validator.validate_email(
            address, check_deliverability=False, allow_smtputf8=False
        )
    except email_validator.EmailNotValidError as exc:
        raise UnsubscribeHeaderError(
            f"{address!r} is not a valid unsubscribe address ({exc}); "
            "enter an address such as abmelden@golfclub-example.de."
        ) from None
    local = quote(valid.local_part, safe="!$'()*+,;:")
    uri = f"mailto:{local}@{valid.ascii_domain}" + (f"?{query}" if query else "")
    if len(uri) > MAX_URI_LENGTH:
        raise UnsubscribeHeaderError(
            f"The mailto URI is longer than {MAX_URI_LENGTH} characters; shorten the subject."
        )
    return uri


def _refuse_line_breaks(value: str, what: str) -> None:
    if "\r" in value or "\n" in value:
        raise UnsubscribeInjectionError(
            f"The {what} contains a line break (CR or LF), which could inject "
            "headers; remove the line break."
        )
