"""Address normalisation: the ASCII fast path agrees with email-validator."""

from __future__ import annotations

import email_validator
from hypothesis import given, settings
from hypothesis import strategies as st

from caddie_mail_plugin import addresses

LOCAL = st.text(st.sampled_from("aZ09.!#$%&'*+/=?^_`{|}~-\""), min_size=1, max_size=70)
LABEL = st.text(st.sampled_from("aZ09-"), min_size=1, max_size=65)
TLD = st.sampled_from(["de", "ORG", "com", "test", "local", "x", "c1", "123", "Online", "xn--p1ai", "a" * 64])


@settings(max_examples=3000, deadline=None)
@given(local=LOCAL, labels=st.lists(LABEL, min_size=1, max_size=4), tld=TLD)
def test_fast_path_agrees_with_email_validator(local: str, labels: list[str], tld: str) -> None:
    raw = f"{local}@{'.'.join([*labels, tld])}"
    fast = addresses._plain_address(raw)
    if fast is None:
        return  # not in the fast path's subset
    valid = email_validator.validate_email(raw, check_deliverability=False, allow_smtputf8=True)
    assert fast.display == valid.normalized
    assert fast.domain == valid.ascii_domain.lower()
    assert fast.smtp == f"{valid.local_part}@{valid.ascii_domain.lower()}"


def test_fast_path_takes_ordinary_addresses() -> None:
    for raw in ("max@example.org", "Max.Muster+tag@Sub.Example.ORG", "info@golf-club.de"):
        assert addresses._plain_address(raw) is not None
    for raw in ("a@b.test", "a@xn--mller-kva.de", "jörg@example.org", "a..b@x.de", "a@x.123", '"a b"@x.de'):
        assert addresses._plain_address(raw) is None
