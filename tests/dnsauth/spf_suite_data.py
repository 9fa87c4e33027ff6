"""Loads the openspf.org YAML test suites into cases and in-memory zones.

Driver rules (see shared/corpora/README.md, section spf-test-suite):

* ``SPF:`` records are served as TXT, unless the name has TXT records of its
  own; ``TXT: NONE`` means "no TXT records, and do not copy SPF ones".
* YAML ``\\xNN`` escapes are code points U+0080..U+00FF: encoded as latin-1 to
  get the raw bytes the authors meant.
* ``TIMEOUT`` makes queries of that name time out (for record types the name
  holds no records of, so a present TXT record still answers).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from dnsauth_corpora import CORPORA

from caddie_mail_plugin.dnsauth.zone_resolver import ZoneResolver

CORPUS = CORPORA / "spf-test-suite"
RFC7208 = CORPUS / "rfc7208-tests.yml"
RFC4408 = CORPUS / "rfc4408-tests.yml"


@dataclass(frozen=True)
class SuiteZone:
    """A scenario's zone data in ZoneResolver form."""

    records: dict[str, dict[str, list[object]]]
    timeouts: frozenset[str]

    def resolver(self) -> ZoneResolver:
        return ZoneResolver(self.records, timeouts=self.timeouts)


@dataclass(frozen=True)
class SuiteCase:
    """One test of the suite."""

    scenario: str
    name: str
    host: str
    mailfrom: str
    helo: str
    results: tuple[str, ...]
    explanation: str | None
    spec: str
    description: str
    zone: SuiteZone = field(repr=False)

    @property
    def domain(self) -> str:
        return self.mailfrom.rpartition("@")[2] if self.mailfrom else self.helo

    @property
    def sender(self) -> str:
        return self.mailfrom or "postmaster@" + self.helo


def _raw(value: object) -> object:
    if isinstance(value, str):
        return value.encode("latin-1")
    if isinstance(value, list):
        return [_raw(part) for part in value] if value else [b""]
    return str(value).encode("latin-1")


def build_zone(zonedata: Mapping[str, Sequence[Any]]) -> SuiteZone:
    """Turn a scenario's ``zonedata`` into a zone, applying the driver rules."""
    records: dict[str, dict[str, list[object]]] = {}
    timeouts: set[str] = set()
    for name, entries in zonedata.items():
        by_type: dict[str, list[object]] = {}
        spf: list[object] = []
        txt_none = False
        for entry in entries:
            if entry == "TIMEOUT":
                timeouts.add(name)
                continue
            ((rtype, value),) = entry.items()
            if rtype == "SPF":
                spf.append(_raw(value))
            elif rtype == "TXT" and value == "NONE":
                txt_none = True
            elif rtype in ("TXT",):
                by_type.setdefault("TXT", []).append(_raw(value))
            elif rtype == "MX":
                by_type.setdefault("MX", []).append((int(value[0]), str(value[1])))
            else:
                by_type.setdefault(rtype, []).append(str(value))
        if spf and "TXT" not in by_type and not txt_none:
            by_type["TXT"] = spf
        records[name] = by_type
    return SuiteZone(records, frozenset(timeouts))


def load_cases(path: Path) -> Iterator[SuiteCase]:
    """Every test of a suite file, with its scenario's zone."""
    with path.open(encoding="ascii") as stream:
        scenarios = list(yaml.safe_load_all(stream))
    for scenario in scenarios:
        zone = build_zone(scenario.get("zonedata") or {})
        for name, test in scenario["tests"].items():
            result = test["result"]
            yield SuiteCase(
                scenario=scenario["description"],
                name=name,
                host=str(test["host"]),
                mailfrom=str(test["mailfrom"]),
                helo=str(test["helo"]),
                results=tuple(result) if isinstance(result, list) else (result,),
                explanation=test.get("explanation"),
                spec=str(test.get("spec", "")),
                description=str(test.get("description") or "").strip(),
                zone=zone,
            )
