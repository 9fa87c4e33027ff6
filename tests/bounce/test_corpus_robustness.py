"""Every corpus sample, in every line-ending variant, parses without an exception."""

from __future__ import annotations

from caddie_mail_plugin.bounce import BounceReport, parse_bounce

from .corpus_files import flufl_files, line_ending_variants, require_corpora, sisimai_files

ROOT = require_corpora()


def _summary(report: BounceReport) -> tuple[object, ...]:
    return (report.kind, tuple((r.address.lower(), r.bounce_class, r.action) for r in report.recipients))


def test_flufl_samples_in_every_line_ending() -> None:
    for path in flufl_files(ROOT):
        variants = {name: parse_bounce(raw) for name, raw in line_ending_variants(path.read_bytes()).items()}
        assert all(isinstance(r, BounceReport) for r in variants.values()), path.name
        assert _summary(variants["crlf"]) == _summary(variants["lf"]), path.name
        assert _summary(variants["cr"]) == _summary(variants["lf"]), path.name


def test_sisimai_bsd_samples_parse() -> None:
    files = sisimai_files(ROOT, "bsd")
    assert len(files) >= 600
    for path in files:
        assert isinstance(parse_bounce(path.read_bytes()), BounceReport), path.name


def test_sisimai_dos_and_mac_variants_agree_with_bsd() -> None:
    for flavour in ("dos", "mac"):
        files = sisimai_files(ROOT, flavour)
        assert files, flavour
        for path in files:
            twin = ROOT / "sisimai-bounces" / "maildir-bsd" / path.name
            assert _summary(parse_bounce(path.read_bytes())) == _summary(parse_bounce(twin.read_bytes())), path


def test_message_objects_are_accepted() -> None:
    import email
    import email.policy

    path = ROOT / "sisimai-bounces" / "maildir-bsd" / "lhost-postfix-02.eml"
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.compat32)
    assert _summary(parse_bounce(message)) == _summary(parse_bounce(path.read_bytes()))
