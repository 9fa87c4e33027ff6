"""Map diagnostic text and status codes to a short, stable bounce reason."""

from __future__ import annotations

import re

from .phrase_match import FirstRuleMatcher

USER_UNKNOWN = "userunknown"
HOST_UNKNOWN = "hostunknown"
HAS_MOVED = "hasmoved"
NOT_ACCEPT = "notaccept"

#: Every reason this module can return, in the order the text rules are tried.
_TEXT_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("mailboxfull", (
        "mailbox full", "mailbox is full", "mailbox is over quota", "over quota", "quota exceeded",
        "exceeded storage", "exceeded its quota", "exceeds quota", "is over its quota", "quota exceed",
        "mailfolder is full", "mailbox size limit", "insufficient storage", "not enough storage",
        "user's mailbox is full", "mail quota", "disk quota", "full mailbox", "mailbox has exceeded",
        "out of storage", "storage quota", "account is full", "inbox is full", "box is full",
    )),
    ("mesgtoobig", (
        "message too big", "message too large", "message size exceeds", "message is too big",
        "message is too large", "size limit", "exceeds the maximum size", "message length exceeds",
        "exceeds size limit", "too much mail data", "message size",
    )),
    ("exceedlimit", ("message header size exceeds", "too many recipients", "exceeds the limit")),
    ("virusdetected", ("virus", "malware", "infected")),
    ("requireptr", (
        "reverse dns", "no ptr", "ptr record", "reverse lookup", "reverse-dns", "rdns",
        "cannot find your hostname", "reverse address", "not resolve your address",
        "cannot resolve your address", "no reverse", "unresolvable",
    )),
    ("authfailure", ("dmarc", "authentication checks failed", "spf check", "spf fail", "spf record", "sender policy framework", "dkim")),
    ("spamdetected", ("spam", "junk mail", "bulk mail", "unsolicited", "content rejected")),
    ("rejected", (
        "sender address rejected", "sender rejected", "unroutable sender", "sender verify failed",
        "domain of sender", "sender domain", "not a registered gateway user",
    )),
    ("blocked", ("my name was rejected", "ip address is listed", "client host rejected")),
    ("suspend", (
        "is disabled", "is inactive", "temporarily locked", "temporary locked", "account disabled",
        "mailbox disabled", "account has been disabled", "suspended", "account is inactive",
        "mailbox is inactive", "inactive account", "mailbox is frozen", "account is locked", "deactivated",
        "has been terminated", "is no longer active", "account expired", "account is unavailable",
    )),
    ("networkerror", ("host not found, try again", "temporary lookup failure")),
    (HAS_MOVED, ("has been replaced by", "address has moved", "has moved to", "no longer available at")),
    (NOT_ACCEPT, ("no mx record", "find a mail exchanger", "no mx found", "does not accept mail", "not accepting mail", "null mx", "accepts no mail")),
    (USER_UNKNOWN, (
        "user unknown", "unknown user", "no such user", "no such mailbox", "no such recipient",
        "no such account", "no such person", "no such local user", "user not found",
        "user does not exist", "user doesn't exist", "mailbox not found", "mailbox does not exist",
        "mailbox doesn't exist", "recipient unknown", "unknown recipient", "recipient not found",
        "recipient address rejected", "invalid recipient", "invalid mailbox", "not a valid mailbox",
        "unknown address", "address unknown", "unknown local part", "unknown local-part",
        "unrouteable address", "unroutable address", "no mailbox here", "account that you tried to reach",
        "recipient name is not recognized", "is not a valid user", "no valid recipients",
        "bad destination mailbox", "address does not exist", "account does not exist",
        "recipient does not exist", "unknown or illegal user", "no account by that name",
        "addresses were unknown", "user doesn't have a", "address couldn't be found",
        "nonexistent", "non-existent", "non existent",
        "user account is unavailable", "undeliverable address", "no such address", "unknown email address",
        "invalid address", "address rejected", "mailbox unavailable", "mailbox is unavailable",
        "no mailbox by that name", "user not exist", "not our customer", "user invalid", "bad address",
        "recipient rejected", "recipient is not valid", "not listed in", "no such e-mail", "unknown account",
        "destination address does not exist", "mailbox not available", "unknown mailbox",
    )),
    (HOST_UNKNOWN, (
        "host unknown", "unknown host", "host not found", "domain not found", "no such domain",
        "domain does not exist", "domain doesn't exist", "unrouteable mail domain", "unroutable mail domain",
        "name or service not known", "host or domain name not found", "domain name not found",
        "domain may not exist", "domain is not found", "unknown domain", "invalid domain",
        "domain unknown", "no such host", "host name lookup failure", "hostname lookup failed",
        "does not resolve", "domain has no", "not a known domain", "domain is not reachable",
    )),
    ("norelaying", ("relay access denied", "relaying denied", "not permitted to relay", "relay not permitted",
                    "unable to relay", "relay denied", "we do not relay", "relaying not allowed")),
    ("blocked", (
        "blocked", "blacklist", "block list", "blocklist", "denylist", "listed at", "listed on",
        "listed in", "rbl", "spamhaus", "spamcop", "client host rejected", "access denied",
        "not allowed to send", "poor reputation", "ip reputation", "refused to talk to me",
        "smtp server of your isp", "dynamic ip", "dial-up", "dialup", "your ip",
    )),
    ("securityerror", ("authentication required", "starttls", "tls required", "encryption required",
                       "must issue a starttls", "authentication is required", "insecure")),
    ("toomanyconn", ("too many connections", "too many concurrent", "connection limit")),
    ("speeding", ("rate limit", "too many messages", "sending too fast", "rate-limit", "throttl", "try again later")),
    ("expired", (
        "retry timeout exceeded", "all hosts have been failing", "message expired", "delivery time expired",
        "delivery expired", "giving up", "gave up", "has expired", "too long in queue", "queue too long",
        "maximum time", "could not be delivered for", "retry time", "delivery attempts will continue",
        "was not delivered within", "timeout waiting", "message timed out",
    )),
    ("networkerror", (
        "no route to host", "connection refused", "connection timed out", "could not connect",
        "lost connection", "network is unreachable", "host is unreachable", "mail loop", "routing loop",
        "too many hops", "dns lookup", "connection reset", "unable to connect", "timed out",
        "loops back to myself", "loop detected", "no answer from host",
    )),
    ("systemfull", ("insufficient system storage", "disk full", "out of disk", "system storage")),
    ("rejected", ("sender rejected", "sender address rejected", "unroutable sender", "sender verify failed",
                  "domain of sender", "sender domain", "rejected", "refused", "not accepted", "denied")),
    ("policyviolation", ("policy", "prohibited", "not permitted", "not allowed")),
    ("filtered", ("filtered", "filter")),
    ("syntaxerror", ("malformed address", "syntax error", "command unrecognized", "command not recognized", "unrecognized command")),
    ("systemerror", ("system error", "internal error", "local error", "temporary failure", "server error",
                     "service unavailable", "resources temporarily")),
)

_HOST_DOES_NOT_EXIST = re.compile(r"(?<![@\w.-])[\w-]+(?:\.[\w-]+)+\.?\)? does not exist")

_STATUS_RULES: dict[str, str] = {
    "1.1": USER_UNKNOWN, "1.2": HOST_UNKNOWN, "1.3": USER_UNKNOWN, "1.4": USER_UNKNOWN,
    "1.0": USER_UNKNOWN, "1.6": HAS_MOVED, "1.7": "rejected", "1.8": "rejected", "1.10": USER_UNKNOWN,
    "2.1": "suspend", "2.2": "mailboxfull", "2.3": "exceedlimit", "2.4": "mailererror",
    "3.1": "systemfull", "3.2": "systemerror", "3.4": "mesgtoobig", "3.5": "systemerror",
    "4.1": "networkerror", "4.2": "networkerror", "4.3": "systemerror", "4.4": "networkerror",
    "4.6": "networkerror", "4.7": "expired",
    "5.0": "mailererror", "5.1": "syntaxerror", "5.2": "syntaxerror", "5.3": "exceedlimit",
    "5.4": "syntaxerror", "5.5": "syntaxerror",
    "6.0": "contenterror", "6.1": "contenterror", "6.2": "contenterror", "6.3": "contenterror",
    "6.4": "contenterror", "6.5": "contenterror",
    "7.0": "securityerror", "7.1": "blocked", "7.2": "rejected", "7.4": "securityerror",
    "7.7": "securityerror", "7.8": "securityerror", "7.9": "securityerror", "7.11": "securityerror",
    "7.13": "suspend", "7.14": "securityerror", "7.17": "suspend", "7.18": "suspend",
    "7.20": "authfailure", "7.21": "authfailure", "7.22": "authfailure", "7.23": "authfailure",
    "7.24": "authfailure", "7.25": "requireptr", "7.26": "authfailure", "7.27": NOT_ACCEPT,
}

#: Status codes whose meaning is specific enough to win over a vague text match.
_SPECIFIC_STATUS = frozenset({"1.1", "1.2", "1.6", "1.7", "1.8", "1.10", "2.2", "3.4", "7.25", "7.26", "7.27"})
#: Status codes that name the cause outright, whatever the wording says.
_DECISIVE_STATUS = frozenset({"1.7", "1.8", "7.25", "7.26", "7.27"})
_VAGUE_TEXT = frozenset({"rejected", "policyviolation", "filtered", "systemerror", "syntaxerror"})
_ADDRESS_GONE = frozenset({USER_UNKNOWN, HOST_UNKNOWN, HAS_MOVED, NOT_ACCEPT})
_BEFORE_RECIPIENT = frozenset({"CONN", "HELO", "MAIL"})


#: Every rule's phrases in one single-pass matcher (see ``phrase_match``).
_RULES = FirstRuleMatcher([phrases for _, phrases in _TEXT_RULES])
_HOST_UNKNOWN_RULE = next(i for i, (reason, _) in enumerate(_TEXT_RULES) if reason == HOST_UNKNOWN)


def reason_from_text(text: str) -> str | None:
    """The first reason whose phrases occur in ``text`` (case-insensitive).

    A "<domain> does not exist" counts as an unknown host from the host-unknown
    rule's place in the order on."""
    lowered = text.lower()
    first = _RULES.first(lowered)
    if (first is None or first >= _HOST_UNKNOWN_RULE) and " does not exist" in lowered \
            and _HOST_DOES_NOT_EXIST.search(lowered):
        return HOST_UNKNOWN
    return _TEXT_RULES[first][0] if first is not None else None


def reason_from_status(status: str | None) -> str | None:
    """The reason an enhanced status code stands for, if it is specific."""
    if not status:
        return None
    _, _, rest = status.partition(".")
    return _STATUS_RULES.get(rest)


def _evidence(diagnostic: str, status: str | None) -> str | None:
    by_text = reason_from_text(diagnostic)
    by_status = reason_from_status(status)
    detail = status.partition(".")[2] if status else ""
    if by_status and detail in _SPECIFIC_STATUS:
        if by_text is None or by_text in _VAGUE_TEXT or detail in _DECISIVE_STATUS:
            return by_status
    return by_text or by_status


def classify_reason(diagnostic: str, status: str | None, command: str | None = None) -> str | None:
    """Combine text and status evidence; specific codes beat vague wording.

    Words of an unknown recipient after ``DATA`` (or with a mailbox-status code
    such as 5.2.1 and no ``RCPT`` context) come from a content filter, and
    before ``RCPT`` they are about the sender.
    """
    reason = _evidence(diagnostic, status)
    if reason not in _ADDRESS_GONE:
        return reason
    if command in _BEFORE_RECIPIENT:
        return "rejected"
    if reason == HOST_UNKNOWN and status and status.startswith("4"):
        return "networkerror"
    mailbox_status = status is not None and status.partition(".")[2].startswith("2.")
    after_data = command == "DATA" or (mailbox_status and command != "RCPT")
    if reason == USER_UNKNOWN and after_data and reason_from_status(status) != USER_UNKNOWN:
        return "filtered"
    return reason
