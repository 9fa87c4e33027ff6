"""Shared helpers for the DKIM tests: an in-memory DNS for dkimpy's lookups."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pytest

DnsLookup = Callable[[bytes], "bytes | None"]


def make_dns(records: Mapping[str, str]) -> DnsLookup:
    """A DNS TXT lookup serving ``records`` (names compared case-insensitively)."""
    table = {name.lower().rstrip("."): value.encode("ascii") for name, value in records.items()}

    def lookup(name: bytes) -> bytes | None:
        return table.get(name.decode("ascii", "replace").lower().rstrip("."))

    return lookup


@pytest.fixture(name="make_dns")
def make_dns_fixture() -> Callable[[Mapping[str, str]], DnsLookup]:
    return make_dns


def assert_no_secret(text: str, private_key: bytes) -> None:
    """Fail if ``text`` shows the private key or any line of its PEM body."""
    lines = [ln for ln in private_key.decode("ascii").splitlines() if ln and "-----" not in ln]
    for line in lines:
        assert line[:24] not in text, "private key material leaked"


@pytest.fixture(name="assert_no_secret")
def assert_no_secret_fixture() -> Callable[[str, bytes], None]:
    return assert_no_secret
