"""The single-pass phrase matcher answers exactly as searching rule after rule does."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from caddie_mail_plugin.bounce import parse_bounce
from caddie_mail_plugin.bounce.phrase_match import FirstRuleMatcher
from caddie_mail_plugin.bounce.reasons import _HOST_DOES_NOT_EXIST, _TEXT_RULES, HOST_UNKNOWN, reason_from_text

from .corpus_files import require_corpora, sisimai_files

ROOT = require_corpora()
RULES = [phrases for _, phrases in _TEXT_RULES]
MATCHER = FirstRuleMatcher(RULES)
PHRASES = sorted({p for phrases in RULES for p in phrases})


def first_rule_one_by_one(rules: list[tuple[str, ...]], text: str) -> int | None:
    return next((i for i, phrases in enumerate(rules) if any(p in text for p in phrases)), None)


def test_overlapping_and_prefix_phrases() -> None:
    matcher = FirstRuleMatcher([("mailbox unavailable",), ("mailbox",), ("box full", "unavail")])
    assert matcher.first("the mailbox unavailable") == 0
    assert matcher.first("mailbox full") == 1  # "box full" overlaps "mailbox" but rule 1 comes first
    assert matcher.first("inbox full") == 2
    assert matcher.first("nothing here") is None
    assert FirstRuleMatcher([]).first("anything") is None


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(PHRASES), st.text(alphabet="abcdefghilmnorstu .:-'", max_size=12)),
                max_size=8))
def test_same_answer_as_rule_by_rule(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert MATCHER.first(text) == first_rule_one_by_one(RULES, text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="ab", min_size=1, max_size=4), min_size=1, max_size=6).map(tuple),
       st.lists(st.text(alphabet="ab", min_size=1, max_size=4), min_size=1, max_size=6).map(tuple),
       st.text(alphabet="ab ", max_size=30))
def test_dense_prefixes(first: tuple[str, ...], second: tuple[str, ...], text: str) -> None:
    rules = [first, second]
    assert FirstRuleMatcher(rules).first(text) == first_rule_one_by_one(rules, text)


def reason_rule_by_rule(text: str) -> str | None:
    """The reason search as a plain loop over the rules (the reference)."""
    lowered = text.lower()
    for reason, phrases in _TEXT_RULES:
        if reason == HOST_UNKNOWN and _HOST_DOES_NOT_EXIST.search(lowered):
            return HOST_UNKNOWN
        if any(p in lowered for p in phrases):
            return reason
    return None


def test_reasons_of_the_corpus_diagnostics() -> None:
    diagnostics = [r.diagnostic for p in sisimai_files(ROOT, "bsd") for r in parse_bounce(p.read_bytes()).recipients]
    assert len(diagnostics) > 500
    for text in diagnostics + ["mx.example.org does not exist", "Mailbox FULL; mx.example.org does not exist"]:
        assert reason_from_text(text) == reason_rule_by_rule(text), text
