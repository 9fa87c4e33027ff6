"""The official RFC 7208 SPF test suite (openspf.org), one test per suite test.

Run through :class:`ZoneResolver` (in-memory) with prefetching on, as
production runs.  A second test runs each scenario through a real UDP server
and the real resolver.  Deviations from the suite: none (all 203 pass).

The RFC 4408 suite runs for information only (``test_rfc4408_for_information``
never fails; it prints a score with ``-s``).
"""

from __future__ import annotations

import asyncio
from collections import defaultdict

import pytest
from dnsserver import DnsServerFactory
from spf_suite_data import RFC4408, RFC7208, SuiteCase, load_cases

from caddie_mail_plugin.dnsauth.dns_lookup import DnsLookup
from caddie_mail_plugin.dnsauth.resolver import DnsResolver
from caddie_mail_plugin.dnsauth.spf_check_host import check_host
from caddie_mail_plugin.dnsauth.spf_model import DEFAULT_EXPLANATION, SpfResult

CASES = list(load_cases(RFC7208))

# Every test of the suite must pass: there are no documented deviations.


def test_suite_is_complete() -> None:
    assert len(CASES) == 203


async def _run(case: SuiteCase, resolver: DnsLookup) -> SpfResult:
    return await check_host(case.host, case.domain, case.sender, case.helo, resolver=resolver)


def _failure(case: SuiteCase, result: SpfResult) -> str:
    return (
        f"[{case.scenario} / {case.name}] spec {case.spec}: {case.description}\n"
        f"  check_host({case.host}, {case.domain}, {case.sender}, helo={case.helo})\n"
        f"  expected {'|'.join(case.results)}"
        + (f" with explanation {case.explanation!r}" if case.explanation else "")
        + f"\n  got {result.result.value} explanation={result.explanation!r} "
        f"mechanism={result.mechanism!r} reason={result.reason!r}"
    )


def _expected_explanation(case: SuiteCase) -> str | None:
    if case.explanation is None:
        return None
    return DEFAULT_EXPLANATION if case.explanation == "DEFAULT" else case.explanation


@pytest.mark.parametrize("case", CASES, ids=[f"{c.scenario}::{c.name}" for c in CASES])
async def test_rfc7208(case: SuiteCase) -> None:
    result = await _run(case, case.zone.resolver())
    assert result.result.value in case.results, _failure(case, result)
    expected = _expected_explanation(case)
    if expected is not None:
        assert result.explanation == expected, _failure(case, result)


SCENARIOS: dict[str, list[SuiteCase]] = defaultdict(list)
for _case in CASES:
    SCENARIOS[_case.scenario].append(_case)


@pytest.mark.parametrize("scenario", list(SCENARIOS))
async def test_rfc7208_over_udp(scenario: str, dns_server_factory: DnsServerFactory) -> None:
    """The same scenario through a loopback DNS server and the real resolver."""
    cases = SCENARIOS[scenario]
    zone = cases[0].zone
    server = dns_server_factory(zone.records, partial_timeouts=zone.timeouts)
    failures = []
    for case in cases:
        resolver = DnsResolver(server.nameserver, timeout=0.2)
        result = await _run(case, resolver)
        await resolver.aclose()
        expected = _expected_explanation(case)
        if result.result.value not in case.results or (
            expected is not None and result.explanation != expected
        ):
            failures.append(_failure(case, result))
    assert not failures, "\n".join(failures)


def test_rfc4408_for_information(capsys: pytest.CaptureFixture[str]) -> None:
    """Score on the older RFC 4408 suite; printed, never asserted."""

    async def score() -> tuple[int, list[str]]:
        passed, misses = 0, []
        for case in load_cases(RFC4408):
            result = await _run(case, case.zone.resolver())
            if result.result.value in case.results:
                passed += 1
            else:
                misses.append(f"{case.name}: {result.result.value} not in {case.results}")
        return passed, misses

    passed, misses = asyncio.run(score())
    with capsys.disabled():
        print(f"\nRFC 4408 suite (information only): {passed} passed, {len(misses)} differ")


async def test_sequential_evaluation_gives_the_same_results() -> None:
    """``prefetch=False`` (strictly one lookup after another) agrees on all 203."""
    differences = []
    for case in CASES:
        ahead = await _run(case, case.zone.resolver())
        plain = await check_host(
            case.host, case.domain, case.sender, case.helo, resolver=case.zone.resolver(), prefetch=False
        )
        if ahead != plain:
            differences.append(f"{case.name}: {ahead} != {plain}")
    assert not differences, "\n".join(differences)
