"""No input makes parse_bounce raise: mutated corpus samples and random bytes."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from caddie_mail_plugin.bounce import BounceReport, parse_bounce

from .corpus_files import flufl_files, require_corpora, sisimai_files

ROOT = require_corpora()
SAMPLES = [p.read_bytes() for p in flufl_files(ROOT)[::4] + sisimai_files(ROOT, "bsd")[::8]]
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def mutated_samples(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(SAMPLES)))
    for _ in range(draw(st.integers(0, 8))):
        action = draw(st.sampled_from(["flip", "truncate", "insert", "delete"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if action == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        elif action == "truncate":
            del data[at:]
        elif action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=64))
        elif data:
            del data[at : at + draw(st.integers(1, 200))]
    return bytes(data)


@FUZZ
@given(mutated_samples())
def test_mutated_samples_never_raise(raw: bytes) -> None:
    assert isinstance(parse_bounce(raw), BounceReport)


@FUZZ
@given(st.binary(max_size=4096))
def test_random_bytes_never_raise(raw: bytes) -> None:
    assert isinstance(parse_bounce(raw), BounceReport)


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>@.:;=?\"' \t\r\nabcXYZ-0123456789(){}[]|\\")), max_size=3000))
def test_header_like_noise_never_raises(text: str) -> None:
    raw = ("Content-Type: multipart/report; report-type=delivery-status; boundary=b\n\n--b\n"
           "Content-Type: message/delivery-status\n\n" + text).encode("utf-8", "surrogatepass")
    assert isinstance(parse_bounce(raw), BounceReport)
