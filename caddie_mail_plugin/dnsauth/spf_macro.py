"""SPF macro strings (RFC 7208 section 7): syntax check and expansion.

A macro string is parsed into tokens once; a domain-spec is checked for its
required ending (a top label or a macro); expansion substitutes the letters,
applies the transformers and URL-escapes upper-case macros.  The ``p`` macro
needs DNS, so it is supplied by the caller as a coroutine.
"""

from __future__ import annotations

import ipaddress
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import quote

from caddie_mail_plugin.dnsauth.errors import SpfSyntaxError

DOMAIN_LETTERS = frozenset("slodiphv")
EXPLANATION_ONLY_LETTERS = frozenset("crt")
DELIMITERS = frozenset(".-+,/_=")
_MACRO = re.compile(r"%\{([A-Za-z])(\d*)([rR]?)([.\-+,/_=]*)\}")
_TOPLABEL = r"(?:[0-9A-Za-z]*[A-Za-z][0-9A-Za-z]*|[0-9A-Za-z]+-[0-9A-Za-z-]*[0-9A-Za-z])"
_DOMAIN_END = re.compile(r"\." + _TOPLABEL + r"\.?\Z")
MAX_DOMAIN_LENGTH = 253


@dataclass(frozen=True)
class MacroToken:
    """A literal run (``letter`` empty) or one ``%{...}`` macro."""

    literal: str = ""
    letter: str = ""
    digits: int = 0
    reverse: bool = False
    delimiters: str = ""
    escape: bool = False
    is_macro_expand: bool = False


def parse_macro_string(text: str, *, explanation: bool = False) -> tuple[MacroToken, ...]:
    """Split ``text`` into tokens; raise :class:`SpfSyntaxError` if invalid.

    ``explanation=True`` also allows spaces and the letters c, r and t.
    """
    tokens: list[MacroToken] = []
    literal: list[str] = []
    position = 0
    while position < len(text):
        char = text[position]
        if char != "%":
            allowed = 0x21 <= ord(char) <= 0x7E or (explanation and char == " ")
            if not allowed:
                raise SpfSyntaxError(f"character {char!r} is not allowed in {text!r}", term=text)
            literal.append(char)
            position += 1
            continue
        follower = text[position + 1 : position + 2]
        if follower in ("%", "_", "-"):
            if literal:
                tokens.append(MacroToken(literal="".join(literal)))
                literal = []
            expansion = {"%": "%", "_": " ", "-": "%20"}[follower]
            tokens.append(MacroToken(literal=expansion, is_macro_expand=True))
            position += 2
            continue
        match = _MACRO.match(text, position)
        if match is None:
            raise SpfSyntaxError(f"invalid macro at {text[position:]!r}", term=text)
        letter = match.group(1).lower()
        allowed_letters = DOMAIN_LETTERS | (EXPLANATION_ONLY_LETTERS if explanation else frozenset())
        if letter not in allowed_letters:
            raise SpfSyntaxError(f"macro letter {match.group(1)!r} not allowed here", term=text)
        digits = int(match.group(2)) if match.group(2) else 0
        if match.group(2) and digits == 0:
            raise SpfSyntaxError(f"macro {match.group(0)!r} keeps zero parts", term=text)
        if literal:
            tokens.append(MacroToken(literal="".join(literal)))
            literal = []
        tokens.append(
            MacroToken(
                letter=letter,
                digits=digits,
                reverse=bool(match.group(3)),
                delimiters=match.group(4),
                escape=match.group(1).isupper(),
                is_macro_expand=True,
            )
        )
        position = match.end()
    if literal:
        tokens.append(MacroToken(literal="".join(literal)))
    return tuple(tokens)


def check_domain_spec(text: str) -> tuple[MacroToken, ...]:
    """Validate a domain-spec (macro-string ending in a top label or a macro)."""
    if not text:
        raise SpfSyntaxError("empty domain-spec", term=text)
    tokens = parse_macro_string(text)
    last = tokens[-1]
    if not last.is_macro_expand and not _DOMAIN_END.search(last.literal):
        raise SpfSyntaxError(f"{text!r} does not end in a valid top-level label", term=text)
    return tokens


def uses_letter(tokens: tuple[MacroToken, ...], letter: str) -> bool:
    """True if any macro in ``tokens`` uses ``letter``."""
    return any(token.letter == letter for token in tokens)


@dataclass(frozen=True)
class MacroContext:
    """The values macros expand to, fixed for one ``check_host()`` call."""

    ip: ipaddress.IPv4Address | ipaddress.IPv6Address
    sender: str
    local_part: str
    sender_domain: str
    helo: str
    receiver: str = "unknown"

    def value_of(self, letter: str, domain: str) -> str:
        """The raw value of a macro letter other than ``p``."""
        if letter == "i":
            if isinstance(self.ip, ipaddress.IPv4Address):
                return str(self.ip)
            return ".".join(self.ip.exploded.replace(":", "").upper())
        values = {
            "s": self.sender,
            "l": self.local_part,
            "o": self.sender_domain,
            "d": domain,
            "v": "in-addr" if isinstance(self.ip, ipaddress.IPv4Address) else "ip6",
            "h": self.helo,
            "c": str(self.ip),
            "r": self.receiver,
            "t": str(int(time.time())),
        }
        return values[letter]


def _transform(value: str, token: MacroToken) -> str:
    delimiters = token.delimiters or "."
    parts = re.split("[" + re.escape(delimiters) + "]", value)
    if token.reverse:
        parts.reverse()
    if token.digits:
        parts = parts[-token.digits :]
    result = ".".join(parts)
    return quote(result, safe="") if token.escape else result


async def expand_tokens(
    tokens: tuple[MacroToken, ...],
    context: MacroContext,
    domain: str,
    validated_name: Callable[[], Awaitable[str]],
) -> str:
    """Expand parsed tokens for the current ``domain``."""
    pieces: list[str] = []
    for token in tokens:
        if not token.letter:
            pieces.append(token.literal)
            continue
        value = await validated_name() if token.letter == "p" else context.value_of(token.letter, domain)
        pieces.append(_transform(value, token))
    return "".join(pieces)


def truncate_domain(name: str) -> str:
    """Drop left labels until ``name`` fits in 253 characters (RFC 7208 7.3)."""
    while len(name) > MAX_DOMAIN_LENGTH and "." in name:
        name = name.split(".", 1)[1]
    return name
