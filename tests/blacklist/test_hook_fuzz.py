"""No bytes at all make an exception escape after_bounce (parser, policy, token check, storage)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from caddie_mail_plugin import Mailer
from caddie_mail_plugin.blacklist.bounce_address import enable_bounce_address
from caddie_mail_plugin.blacklist.bounce_outcome import BounceOutcome
from caddie_mail_plugin.async_bridge import resolve, run_sync

from bounce.corpus_files import flufl_files, require_corpora, sisimai_files
from bounce_mail import dsn, soft_dsn, vague_bounce
from .conftest import BOUNCE_PLUGINS, plugin_manager

ROOT = require_corpora()
VERP = "bounces+mfrggzdfmztwq2lknnwg23tpobyxe43uov3ho6dzpiytemzu@golfclub-example.de"
SAMPLES = [p.read_bytes() for p in flufl_files(ROOT)[::6] + sisimai_files(ROOT, "bsd")[::12]] + [
    dsn("max@example.org"), soft_dsn("erika@example.org", to=VERP), vague_bounce(to=VERP),
]
FUZZ = settings(max_examples=200, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def mailer() -> Iterator[Mailer]:
    with tempfile.TemporaryDirectory() as tmp:
        mailer = Mailer(Path(tmp), plugin_manager=plugin_manager(*BOUNCE_PLUGINS))
        enable_bounce_address(mailer.config, "golfclub-example.de")
        yield mailer


async def call_hook_with_bytes(mailer: Mailer, raw: bytes) -> list[object]:
    """The hook as a host calls it with raw bytes (not through handle_bounce)."""
    async with mailer.session() as context:
        return [await resolve(r) for r in mailer.pm.hook.after_bounce(bounce=raw, context=context)]


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(SAMPLES)))
    for _ in range(draw(st.integers(0, 8))):
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        action = draw(st.sampled_from(["flip", "truncate", "insert", "delete", "address"]))
        if action == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        elif action == "truncate":
            del data[at:]
        elif action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=64))
        elif action == "address":
            data[at:at] = draw(st.sampled_from([b"bounces+zz@golfclub-example.de", b"\nTo: bounces+", b"@", b"\n\n"]))
        elif data:
            del data[at : at + draw(st.integers(1, 200))]
    return bytes(data)


def check(mailer: Mailer, raw: bytes) -> None:
    for replies in (run_sync(call_hook_with_bytes(mailer, raw)), mailer.handle_bounce(raw)):
        assert any(isinstance(r, BounceOutcome) for r in replies)


@FUZZ
@given(mutated())
def test_mutated_bounces_never_raise(mailer: Mailer, raw: bytes) -> None:
    check(mailer, raw)


@FUZZ
@given(st.binary(max_size=4096))
def test_random_bytes_never_raise(mailer: Mailer, raw: bytes) -> None:
    check(mailer, raw)
