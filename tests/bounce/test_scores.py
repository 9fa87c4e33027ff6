"""The accuracy goals, measured on the shared corpora (see scoring.py for the method)."""

from __future__ import annotations

import json

from caddie_mail_plugin.bounce import ReportKind, parse_bounce

from .corpus_files import require_corpora
from .scoring import score_flufl, score_sisimai, split_found

ROOT = require_corpora()


def test_sisimai_core_recipients_and_hard_soft_agree_on_95_percent() -> None:
    tally = score_sisimai(parse_bounce)
    assert tally.total == 374
    assert tally.share >= 0.95, f"{tally.passed}/{tally.total}; failing: {tally.failures}"


def test_flufl_expected_addresses_found_with_right_split_on_95_percent() -> None:
    recall, quiet = score_flufl(lambda raw: split_found(parse_bounce(raw)))
    assert recall.share >= 0.95, f"{recall.passed}/{recall.total}; missing: {recall.failures}"
    assert quiet.passed == quiet.total, f"found something in {quiet.failures}"


def test_feedback_reports_and_auto_replies_are_never_bounces() -> None:
    expected = json.loads((ROOT / "sisimai-bounces" / "expected.json").read_text())["samples"]
    checked = 0
    for name, entry in expected.items():
        reasons = {r["reason"] for r in entry["recipients"]}
        if reasons & {"feedback", "vacation"}:
            report = parse_bounce((ROOT / "sisimai-bounces" / name).read_bytes())
            assert not report.is_bounce, (name, report)
            assert report.kind in (ReportKind.FEEDBACK, ReportKind.AUTO_REPLY), (name, report.kind)
            checked += 1
    assert checked >= 20


def test_delivered_dsns_are_not_bounces() -> None:
    for name in ("lhost-amazonses-12.eml", "lhost-amazonses-13.eml"):
        report = parse_bounce((ROOT / "sisimai-bounces" / "maildir-bsd" / name).read_bytes())
        assert report.kind is ReportKind.DELIVERED and not report.is_bounce, name
