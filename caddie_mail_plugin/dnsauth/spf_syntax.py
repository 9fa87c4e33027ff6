"""Offline checks of an SPF record's text: syntax errors and advice.

:func:`check_spf_syntax` needs no DNS.  It accepts the record as published or
as copied from a zone file or DNS tool with quotes (``"v=spf1 ..." "..."``,
whose strings are joined without separator, as DNS does).
"""

from __future__ import annotations

import re

from caddie_mail_plugin.dnsauth.errors import SpfSyntaxError
from caddie_mail_plugin.dnsauth.problems import Problem, error, warning
from caddie_mail_plugin.dnsauth.spf_model import MAX_DNS_TERMS, MechanismKind, Qualifier
from caddie_mail_plugin.dnsauth.spf_parser import parse_spf_record

_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')


def unquote_txt(text: str) -> str:
    """Join quoted TXT strings (``"a" "b"`` → ``ab``); plain text is kept."""
    stripped = text.strip()
    if not stripped.startswith('"'):
        return text
    parts = _QUOTED.findall(stripped)
    rest = _QUOTED.sub("", stripped).strip()
    if rest:
        return text
    return "".join(re.sub(r"\\(.)", r"\1", part) for part in parts)


def check_spf_syntax(record: str) -> list[Problem]:
    """Errors and warnings for one SPF record; empty if all is well."""
    try:
        parsed = parse_spf_record(unquote_txt(record))
    except SpfSyntaxError as problem:
        return [error("spf-syntax", str(problem))]
    problems: list[Problem] = []
    kinds = [mechanism.kind for mechanism in parsed.mechanisms]
    if MechanismKind.ALL in kinds:
        position = kinds.index(MechanismKind.ALL)
        ignored = [m.text for m in parsed.mechanisms[position + 1 :]]
        if parsed.redirect is not None:
            ignored.append("redirect=" + parsed.redirect)
        if ignored:
            problems.append(
                warning("spf-after-all", f"terms after 'all' are never used: {' '.join(ignored)}")
            )
        qualifier = parsed.mechanisms[position].qualifier
        if qualifier is Qualifier.PASS:
            problems.append(
                error("spf-pass-all", "'+all' authorises every host on the internet to send")
            )
    elif parsed.redirect is None:
        problems.append(
            warning("spf-no-all", "the record ends without 'all': unlisted hosts get 'neutral'")
        )
    if MechanismKind.PTR in kinds:
        problems.append(warning("spf-ptr", "'ptr' is slow and discouraged (RFC 7208 5.5)"))
    if parsed.dns_terms > MAX_DNS_TERMS:
        problems.append(
            error(
                "spf-too-many-lookups",
                f"{parsed.dns_terms} DNS-querying terms; at most {MAX_DNS_TERMS} are allowed",
            )
        )
    return problems
