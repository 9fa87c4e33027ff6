"""SPF helpers: syntax advice, lookup tree, merged proposals, providers."""

from __future__ import annotations

import pytest

from caddie_mail_plugin.dnsauth import (
    SpfOutcome,
    ZoneResolver,
    check_host,
    check_spf_syntax,
    count_lookups,
    detect_providers,
    merge_spf_record,
    provider_of_smtp_host,
)
from caddie_mail_plugin.dnsauth.errors import InvalidIpAddressError
from caddie_mail_plugin.dnsauth.spf_proposal import address_terms


@pytest.mark.parametrize(
    ("record", "codes"),
    [
        ("v=spf1 mx -all", []),
        ("v=spf1 mx", ["spf-no-all"]),
        ("v=spf1 ptr -all", ["spf-ptr"]),
        ("v=spf1 +all", ["spf-pass-all"]),
        ("v=spf1 -all mx", ["spf-after-all"]),
        ("v=spf1 " + " ".join(f"a:h{i}.example.org" for i in range(11)) + " -all", ["spf-too-many-lookups"]),
        ('"v=spf1 ip4:192.0.2.1 " "-all"', []),
        ("v=spf1 ip4:192.0.2.1 -all redirect=x.example.org", ["spf-after-all"]),
    ],
)
def test_syntax_advice(record: str, codes: list[str]) -> None:
    assert [problem.code for problem in check_spf_syntax(record)] == codes


async def test_lookup_tree_counts_nested_terms_and_voids() -> None:
    zone: dict[str, dict[str, list[object]]] = {
        "example.org": {"TXT": ["v=spf1 mx include:a.example.org a:gone.example.org exists:%{i}.x.example.org -all"], "MX": [(5, "mx.example.org")]},
        "a.example.org": {"TXT": ["v=spf1 a:mx.example.org redirect=b.example.org"]},
        "b.example.org": {"TXT": ["v=spf1 include:a.example.org"]},
        "mx.example.org": {"A": ["192.0.2.1"]},
    }
    tree = await count_lookups("example.org", ZoneResolver(zone))
    assert tree.total_lookups == 4 + 2 + 1  # root, a (a + redirect), b (include back to a: a loop)
    assert tree.root.void_names == ("gone.example.org",)
    assert "include/redirect loop" in "\n".join(tree.lines())
    assert tree.within_limits


@pytest.mark.parametrize(
    ("existing", "missing", "expected"),
    [
        ("v=spf1 mx ~all", ["ip4:192.0.2.1"], "v=spf1 mx ip4:192.0.2.1 ~all"),
        ("v=spf1 mx -all exp=why.example.org", ["ip6:2001:db8::1"], "v=spf1 mx ip6:2001:db8::1 -all exp=why.example.org"),
        ("v=spf1 a redirect=_spf.example.org", ["include:spf.protection.outlook.com"], "v=spf1 a include:spf.protection.outlook.com redirect=_spf.example.org"),
        ("v=spf1 ip4:192.0.2.1 ~all", ["ip4:192.0.2.1"], "v=spf1 ip4:192.0.2.1 ~all"),
        ("v=spf1 mx", ["ip4:192.0.2.1"], "v=spf1 mx ip4:192.0.2.1"),
        (None, ["ip4:192.0.2.1"], "v=spf1 ip4:192.0.2.1 ~all"),
    ],
)
def test_merge_spf_record(existing: str | None, missing: list[str], expected: str) -> None:
    assert merge_spf_record(existing, missing) == expected


def test_address_terms() -> None:
    assert address_terms(["192.0.2.1", "::ffff:192.0.2.1", "2001:DB8::1"]) == ["ip4:192.0.2.1", "ip6:2001:db8::1"]


def test_provider_detection_table() -> None:
    found = detect_providers(
        mx_hosts=["mx00.ionos.de", "ASPMX.L.GOOGLE.COM."],
        spf_includes=["spf.kasserver.com", "_spf.hier-im-netz.de"],
        dkim_cnames=["selector2-x._domainkey.tenant.r-v1.dkim.mail.microsoft"],
    )
    assert [p.key for p in found] == ["microsoft365", "google", "ionos", "telekom", "all-inkl"]
    assert detect_providers(mx_hosts=["mail.example.org"]) == ()
    assert provider_of_smtp_host("smtp.office365.com").spf_include == "spf.protection.outlook.com"  # type: ignore[union-attr]
    assert provider_of_smtp_host("www123.your-server.de").key == "hetzner"  # type: ignore[union-attr]
    assert provider_of_smtp_host("mail.example.org") is None


async def test_check_host_result_fields() -> None:
    zone = {"example.org": {"TXT": ["v=spf1 a:nothing.example.org ip4:192.0.2.0/24 -all"]}}
    result = await check_host("192.0.2.7", "example.org", "info@example.org", "mx.example.org", resolver=ZoneResolver(zone))
    assert result.result is SpfOutcome.PASS
    assert (result.mechanism, result.mechanism_domain) == ("ip4:192.0.2.0/24", "example.org")
    assert (result.dns_lookups, result.void_lookups) == (1, 1)
    with pytest.raises(InvalidIpAddressError):
        await check_host("not-an-ip", "example.org", "info@example.org", resolver=ZoneResolver(zone))
