"""Benchmark: the full sender-domain report, concurrent lookups vs one after another.

A loopback DNS server (tests/dnsserver.py) delays every answer by 50 ms and
serves a domain whose SPF policy costs exactly 10 DNS lookups (three levels of
include), plus MX, DMARC, DKIM selectors and the sending server's A/AAAA.
The same ``build_domain_report`` call runs with ``concurrency=16`` (lookups
side by side, SPF prefetching on) and with ``concurrency=1`` (every query waits
for the previous one, no prefetching), interleaved, each with a fresh cache.

    python bench/dns.py [--rounds 5] [--delay 0.05]

Prints both times per round, the medians, the ratio and the queries sent.
Goal: concurrent ≤ 40 % of sequential.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

# This file is named dns.py: keep its folder off the path so "import dns"
# finds dnspython, not this script.
BENCH_DIR = Path(__file__).resolve().parent
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != BENCH_DIR]
sys.path.insert(0, str(BENCH_DIR.parent / "tests"))

from dnsserver import DnsTestServer  # noqa: E402

from caddie_mail_plugin.dnsauth import CheckStatus, DnsResolver, build_domain_report  # noqa: E402

DOMAIN = "golfclub-bench.de"
SERVER = "smtp.golfclub-bench.de"
ZONE: dict[str, dict[str, list[object]]] = {
    DOMAIN: {
        "TXT": [f"v=spf1 mx a include:_spf1.{DOMAIN} include:_spf2.{DOMAIN} include:_spf3.{DOMAIN} ip4:203.0.113.7 -all"],
        "MX": [(10, f"mx.{DOMAIN}")],
        "A": ["192.0.2.80"],
    },
    f"mx.{DOMAIN}": {"A": ["192.0.2.25"]},
    f"_spf1.{DOMAIN}": {"TXT": [f"v=spf1 a:h1.{DOMAIN} a:h2.{DOMAIN}"]},
    f"_spf2.{DOMAIN}": {"TXT": [f"v=spf1 include:_spf4.{DOMAIN}"]},
    f"_spf3.{DOMAIN}": {"TXT": [f"v=spf1 mx:mail.{DOMAIN}"]},
    f"_spf4.{DOMAIN}": {"TXT": [f"v=spf1 a:h3.{DOMAIN}"]},
    f"h1.{DOMAIN}": {"A": ["198.51.100.1"]},
    f"h2.{DOMAIN}": {"A": ["198.51.100.2"]},
    f"h3.{DOMAIN}": {"A": ["198.51.100.3"]},
    f"mail.{DOMAIN}": {"MX": [(10, f"mx.{DOMAIN}")]},
    SERVER: {"A": ["203.0.113.7"]},
    f"_dmarc.{DOMAIN}": {"TXT": [f"v=DMARC1; p=reject; rua=mailto:dmarc@{DOMAIN}"]},
    f"selector1._domainkey.{DOMAIN}": {"TXT": ["v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="]},
}


async def one_report(nameserver: str, concurrency: int) -> tuple[float, int]:
    resolver = DnsResolver(nameserver, timeout=2.0, concurrency=concurrency)
    started = time.perf_counter()
    report = await build_domain_report(
        DOMAIN, server_host=SERVER, resolver=resolver, concurrency=concurrency
    )
    elapsed = time.perf_counter() - started
    await resolver.aclose()
    spf = report.check("spf-authorises")
    assert spf.status is CheckStatus.OK, spf.detail.en
    assert "10 of at most 10 lookups" in report.check("spf-lookups").detail.en
    return elapsed, resolver.queries_sent


async def main(rounds: int, delay: float) -> None:
    concurrent: list[float] = []
    sequential: list[float] = []
    queries: dict[str, int] = {}
    with DnsTestServer(ZONE, delay=delay) as server:
        await one_report(server.nameserver, 16)  # warm-up (imports, sockets)
        for round_number in range(1, rounds + 1):
            fast, queries["concurrent"] = await one_report(server.nameserver, 16)
            slow, queries["sequential"] = await one_report(server.nameserver, 1)
            concurrent.append(fast)
            sequential.append(slow)
            print(f"round {round_number}: concurrent {fast * 1000:7.1f} ms   sequential {slow * 1000:7.1f} ms   ratio {fast / slow:5.1%}")
    fast, slow = statistics.median(concurrent), statistics.median(sequential)
    print(f"\nanswer delay {delay * 1000:.0f} ms, {rounds} interleaved rounds, SPF tree of 10 lookups")
    print(f"median concurrent: {fast * 1000:.1f} ms ({queries['concurrent']} queries)")
    print(f"median sequential: {slow * 1000:.1f} ms ({queries['sequential']} queries)")
    print(f"ratio concurrent/sequential: {fast / slow:.1%} (goal: at most 40%)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--delay", type=float, default=0.05)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.rounds, arguments.delay))
