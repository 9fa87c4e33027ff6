"""DMARC policy records (``_dmarc.<domain>`` TXT): parsing and validation.

Follows DMARCbis (RFC 9989): ``v=DMARC1`` first; ``p``, ``sp`` and the new
``np`` take none/quarantine/reject; ``adkim``/``aspf`` r or s; ``psd`` y/n/u;
``t`` y/n; ``fo`` 0/1/d/s joined by ``:``; ``rua``/``ruf`` are ``mailto:`` URIs
with an optional ``!size``.  The removed tags ``pct``, ``rf`` and ``ri`` are
accepted with a warning, unknown tags are ignored with a warning.
:func:`parse_dmarc_record` never raises: problems are listed on the result.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from caddie_mail_plugin.dnsauth.domain_names import is_subdomain_or_same
from caddie_mail_plugin.dnsauth.problems import Problem, error, has_errors, warning
from caddie_mail_plugin.dnsauth.tag_list import Tag, TagListError, parse_tag_list

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_MAILTO = re.compile(
    r"mailto:([^@\s!,;]+)@((?:[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,63})"
    r"(?:!\d+[kmgtKMGT]?)?\Z",
    re.IGNORECASE,
)
KNOWN_TAGS = frozenset({"v", "p", "sp", "np", "adkim", "aspf", "psd", "t", "fo", "rua", "ruf"})
REMOVED_TAGS = frozenset({"pct", "rf", "ri"})


class DmarcPolicy(enum.Enum):
    """What receivers are asked to do with mail that fails DMARC."""

    NONE = "none"
    QUARANTINE = "quarantine"
    REJECT = "reject"


class AlignmentMode(enum.Enum):
    """Relaxed: same organisational domain; strict: identical domain."""

    RELAXED = "r"
    STRICT = "s"


@dataclass(frozen=True)
class DmarcRecord:
    """A parsed DMARC record; ``problems`` holds what is wrong or advisable."""

    text: str
    policy: DmarcPolicy | None = None
    subdomain_policy: DmarcPolicy | None = None
    nonexistent_policy: DmarcPolicy | None = None
    adkim: AlignmentMode = AlignmentMode.RELAXED
    aspf: AlignmentMode = AlignmentMode.RELAXED
    psd: str = "u"
    testing: bool = False
    rua: tuple[str, ...] = ()
    ruf: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()

    @property
    def is_valid(self) -> bool:
        """True if the record has no errors."""
        return not has_errors(self.problems)

    @property
    def effective_policy(self) -> DmarcPolicy:
        """``p``, or ``none`` when it is missing."""
        return self.policy or DmarcPolicy.NONE


def is_dmarc_record(text: str) -> bool:
    """True if a TXT record starts with the tag ``v=DMARC1``."""
    head = text.split(";", 1)[0]
    name, _, value = head.partition("=")
    return name.strip().lower() == "v" and value.strip().upper() == "DMARC1"


def _policy(tag: Tag, problems: list[Problem]) -> DmarcPolicy | None:
    try:
        return DmarcPolicy(tag.value.lower())
    except ValueError:
        problems.append(error("dmarc-tag-value", f"{tag.name}={tag.value}: use none, quarantine or reject"))
        return None


def _choice(tag: Tag, allowed: str, problems: list[Problem]) -> str | None:
    value = tag.value.lower()
    if value in allowed.split("|"):
        return value
    problems.append(error("dmarc-tag-value", f"{tag.name}={tag.value}: allowed are {allowed.replace('|', ', ')}"))
    return None


def _uris(tag: Tag, domain: str | None, problems: list[Problem]) -> tuple[str, ...]:
    uris = tuple(part.strip() for part in tag.value.split(",") if part.strip())
    for uri in uris:
        if not _SCHEME.match(uri):
            problems.append(error("dmarc-report-uri", f"{tag.name}: {uri!r} is not a URI (use mailto:address)"))
            continue
        match = _MAILTO.match(uri)
        if match is None:
            problems.append(error("dmarc-report-uri", f"{tag.name}: {uri!r} is not a valid mailto: address"))
        elif domain and not is_subdomain_or_same(match.group(2), domain):
            problems.append(
                warning(
                    "dmarc-external-report",
                    f"{tag.name}: {match.group(2)} must publish "
                    f"{domain}._report._dmarc.{match.group(2)} to accept reports",
                )
            )
    return uris


def _check_fo(tag: Tag, problems: list[Problem]) -> None:
    options = [option.strip().lower() for option in tag.value.split(":")]
    if any(option not in ("0", "1", "d", "s") for option in options):
        problems.append(error("dmarc-tag-value", f"fo={tag.value}: allowed are 0, 1, d, s joined by ':'"))
    elif "0" in options and "1" in options:
        problems.append(warning("dmarc-fo-redundant", "fo: '1' already includes '0'"))


@dataclass
class _Fields:
    policy: DmarcPolicy | None = None
    subdomain_policy: DmarcPolicy | None = None
    nonexistent_policy: DmarcPolicy | None = None
    adkim: AlignmentMode = AlignmentMode.RELAXED
    aspf: AlignmentMode = AlignmentMode.RELAXED
    psd: str = "u"
    testing: bool = False
    rua: tuple[str, ...] = ()
    ruf: tuple[str, ...] = ()


def _read_tag(tag: Tag, fields: _Fields, domain: str | None, problems: list[Problem]) -> None:
    if tag.name == "p":
        fields.policy = _policy(tag, problems)
    elif tag.name == "sp":
        fields.subdomain_policy = _policy(tag, problems)
    elif tag.name == "np":
        fields.nonexistent_policy = _policy(tag, problems)
    elif tag.name in ("adkim", "aspf"):
        mode = AlignmentMode(_choice(tag, "r|s", problems) or "r")
        setattr(fields, tag.name, mode)
    elif tag.name == "psd":
        fields.psd = _choice(tag, "y|n|u", problems) or "u"
    elif tag.name == "t":
        fields.testing = _choice(tag, "y|n", problems) == "y"
    elif tag.name == "rua":
        fields.rua = _uris(tag, domain, problems)
    elif tag.name == "ruf":
        fields.ruf = _uris(tag, domain, problems)
    elif tag.name == "fo":
        _check_fo(tag, problems)
    elif tag.name in REMOVED_TAGS:
        problems.append(warning("dmarc-removed-tag", f"{tag.name}= was removed by DMARCbis and is ignored"))
    elif tag.name != "v":
        problems.append(warning("dmarc-unknown-tag", f"unknown tag {tag.name}= is ignored"))


def parse_dmarc_record(text: str, domain: str | None = None) -> DmarcRecord:
    """Parse and check a DMARC record (``domain``: where it is published)."""
    problems: list[Problem] = []
    if not is_dmarc_record(text):
        found = "an SPF record" if text.strip().lower().startswith("v=spf1") else "no DMARC record"
        return DmarcRecord(text, problems=(error("dmarc-version", f"v=DMARC1 must come first; this is {found}"),))
    try:
        tags = parse_tag_list(text)
    except TagListError as problem:
        return DmarcRecord(text, problems=(error("dmarc-syntax", str(problem)),))
    fields = _Fields()
    for tag in tags[1:]:
        _read_tag(tag, fields, domain, problems)
    names = {tag.name for tag in tags}
    if "p" not in names:
        problems.append(warning("dmarc-no-policy", "no p= tag: receivers treat the policy as none"))
    if not fields.rua:
        problems.append(warning("dmarc-no-rua", "no rua=: you will receive no aggregate reports"))
    if fields.subdomain_policy is DmarcPolicy.NONE and fields.policy is not DmarcPolicy.NONE:
        problems.append(warning("dmarc-weak-subdomains", "sp=none leaves subdomains unprotected"))
    subdomain = fields.subdomain_policy or fields.policy
    return DmarcRecord(
        text=text,
        policy=fields.policy,
        subdomain_policy=subdomain,
        nonexistent_policy=fields.nonexistent_policy or subdomain,
        adkim=fields.adkim,
        aspf=fields.aspf,
        psd=fields.psd,
        testing=fields.testing,
        rua=fields.rua,
        ruf=fields.ruf,
        problems=tuple(problems),
    )
