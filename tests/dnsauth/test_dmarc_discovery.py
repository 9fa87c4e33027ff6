"""DMARC policy discovery and organisational domain by the DMARCbis tree walk."""

from __future__ import annotations

import pytest

from caddie_mail_plugin.dnsauth import AlignmentMode, ZoneResolver, discover_dmarc, is_aligned, organizational_domain
from caddie_mail_plugin.dnsauth.dmarc_discovery import walk_names

ZONE = {
    "_dmarc.example.de": {"TXT": ["v=DMARC1; p=reject; rua=mailto:d@example.de"]},
    "_dmarc.de": {"TXT": ["v=DMARC1; p=none; psd=y"]},
    "_dmarc.psl.example": {"TXT": ["v=DMARC1; p=reject; psd=y"]},
    "_dmarc.sub.corp.example": {"TXT": ["v=DMARC1; p=none; psd=n"]},
    "_dmarc.corp.example": {"TXT": ["v=DMARC1; p=reject"]},
    "_dmarc.broken.example": {"TXT": ["v=DMARC1; p=maybe"]},
}


def test_walk_names_shortcut_for_long_names() -> None:
    assert walk_names("a.b.example.de") == ["a.b.example.de", "b.example.de", "example.de", "de"]
    long = ".".join(f"l{i}" for i in range(10))
    names = walk_names(long)
    assert len(names) == 8 and names[0] == long and names[1].count(".") == 6 and names[-1] == "l9"


@pytest.mark.parametrize(
    ("domain", "expected"),
    [
        ("mail.example.de", "example.de"),  # record at example.de, psd=y at de
        ("example.de", "example.de"),
        ("club.psl.example", "club.psl.example"),  # psd=y one label up
        ("a.club.psl.example", "club.psl.example"),
        ("x.sub.corp.example", "sub.corp.example"),  # psd=n stops the walk
        ("other.example", "other.example"),  # no records at all
    ],
)
async def test_organizational_domain(domain: str, expected: str) -> None:
    assert await organizational_domain(domain, ZoneResolver(ZONE)) == expected


async def test_policy_is_inherited_from_the_organizational_domain() -> None:
    discovery = await discover_dmarc("news.example.de", ZoneResolver(ZONE))
    found = discovery.policy_lookup
    assert found is not None and found.domain == "example.de"
    assert found.record is not None and found.record.policy is not None
    assert found.record.policy.value == "reject"


async def test_invalid_record_is_no_policy() -> None:
    discovery = await discover_dmarc("broken.example", ZoneResolver(ZONE))
    assert discovery.own.records and discovery.own.record is None


async def test_alignment_modes() -> None:
    resolver = ZoneResolver(ZONE)
    assert await is_aligned("example.de", "bounce.example.de", AlignmentMode.RELAXED, resolver)
    assert not await is_aligned("example.de", "bounce.example.de", AlignmentMode.STRICT, resolver)
    assert await is_aligned("example.de", "EXAMPLE.de.", AlignmentMode.STRICT, resolver)
    assert not await is_aligned("example.de", "other.de", AlignmentMode.RELAXED, resolver)
    assert not await is_aligned("a.psl.example", "b.psl.example", AlignmentMode.RELAXED, resolver)
