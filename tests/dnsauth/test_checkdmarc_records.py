"""Syntax verdicts of checkdmarc's test records (shared/corpora/checkdmarc-records).

SPF: the SPFSyntaxError cases must be rejected, and the records whose outcome
needs no DNS (``record_needs_dns_lookups: false``) must get the verdict
checkdmarc asserts.  The remaining SPF cases depended on DNS data and are not
syntax verdicts (corpus README); one of them, ``v=spf1 -all exp=exp.example
extra``, parses in checkdmarc but is a syntax error under RFC 7208 ("extra" is
an unknown mechanism) — we follow the RFC and do not assert it.

DMARC: every record, accepted or rejected as checkdmarc asserts.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from dnsauth_corpora import CORPORA

from caddie_mail_plugin.dnsauth.dmarc_record import parse_dmarc_record
from caddie_mail_plugin.dnsauth.problems import has_errors
from caddie_mail_plugin.dnsauth.spf_syntax import check_spf_syntax

CORPUS = CORPORA / "checkdmarc-records"
RECORDS = json.loads((CORPUS / "records.json").read_text(encoding="utf-8"))

SPF_SYNTAX_CASES = [
    case
    for case in RECORDS["spf"]
    if case["error"] == "SPFSyntaxError" or not case["record_needs_dns_lookups"]
]
DMARC_CASES = RECORDS["dmarc"]


def _id(case: dict[str, Any]) -> str:
    return f"{case['upstream_test'].split('::')[-1]}:{case['record'][:60]}"


def test_case_counts() -> None:
    assert len(DMARC_CASES) == 45
    assert len(SPF_SYNTAX_CASES) == 26


@pytest.mark.parametrize("case", SPF_SYNTAX_CASES, ids=[_id(c) for c in SPF_SYNTAX_CASES])
def test_spf_syntax_verdict(case: dict[str, Any]) -> None:
    problems = check_spf_syntax(case["record"])
    rejected = has_errors(problems)
    expected = case["expected"] == "error"
    assert rejected == expected, (
        f"{case['upstream_test']}: {case['doc']!r}\n  record {case['record']!r}\n"
        f"  checkdmarc: {case['expected']} {case['error'] or ''}; we found {problems}"
    )


@pytest.mark.parametrize("case", DMARC_CASES, ids=[_id(c) for c in DMARC_CASES])
def test_dmarc_verdict(case: dict[str, Any]) -> None:
    record = parse_dmarc_record(case["record"], case["domain"] or None)
    expected_valid = case["expected"] == "parses"
    assert record.is_valid == expected_valid, (
        f"{case['upstream_test']}: {case['doc']!r}\n  record {case['record']!r}\n"
        f"  checkdmarc: {case['expected']} {case['error'] or ''}; we found {record.problems}"
    )


RFC_OVER_CHECKDMARC = {"v=spf1 -all exp=exp.example extra"}
DNS_CASES_THAT_PARSE = [
    case
    for case in RECORDS["spf"]
    if case["record_needs_dns_lookups"] and case["expected"] == "parses"
]


@pytest.mark.parametrize("case", DNS_CASES_THAT_PARSE, ids=[_id(c) for c in DNS_CASES_THAT_PARSE])
def test_spf_records_checkdmarc_parses_have_valid_syntax(case: dict[str, Any]) -> None:
    """Records checkdmarc parses (outcome given DNS data) are syntactically fine here too."""
    if case["record"] in RFC_OVER_CHECKDMARC:
        assert has_errors(check_spf_syntax(case["record"])), "RFC 7208: unknown mechanism"
        return
    assert not has_errors(check_spf_syntax(case["record"])), check_spf_syntax(case["record"])
