"""The published DNS record: name, one-line value and zone-file form."""

from __future__ import annotations

import dkim
import pytest

from caddie_mail_plugin.dkim import (
    DkimKeyError,
    KeyType,
    dkim_dns_name,
    dkim_txt_value,
    generate_key,
    split_txt_value,
    zone_file_record,
)


def test_dns_name_and_value() -> None:
    name = dkim_dns_name("caddie", "golfclub-example.de")
    assert name == "caddie._domainkey.golfclub-example.de"
    assert dkim_txt_value(KeyType.ED25519, "AAAA") == "v=DKIM1; k=ed25519; p=AAAA"


@pytest.mark.parametrize("length", [0, 1, 254, 255, 256, 410, 510, 511, 800])
def test_split_keeps_strings_within_255_and_joins_back(length: int) -> None:
    value = "".join(chr(65 + i % 26) for i in range(length))
    parts = split_txt_value(value)
    assert "".join(parts) == value
    assert all(len(p) <= 255 for p in parts)
    assert len(parts) == max(1, -(-length // 255))


def test_zone_file_record_quotes_every_string() -> None:
    value = "v=DKIM1; k=rsa; p=" + "Q" * 400
    text = zone_file_record("caddie._domainkey.golfclub-example.de", value, ttl=3600)
    assert text.startswith("caddie._domainkey.golfclub-example.de. 3600 IN TXT (\n")
    strings = [line.strip().strip(" )").strip('"') for line in text.splitlines()[1:]]
    assert "".join(strings) == value and all(len(s) <= 255 for s in strings)
    assert zone_file_record("n", 'a"b\\c') == 'n. IN TXT ( "a\\"b\\\\c" )'


@pytest.mark.parametrize(("key_type", "bits", "size"), [("rsa", 2048, 2048), ("ed25519", 0, 256)])
def test_generated_record_is_accepted_by_dkimpy(key_type: str, bits: int, size: int) -> None:
    material = generate_key(key_type, bits=bits or 2048)
    record = dkim_txt_value(material.key_type, material.public_key_b64)
    _pk, keysize, ktag, _tlsrpt = dkim.evaluate_pk(b"n", record.encode())
    assert (ktag, keysize) == (key_type.encode(), size)
    assert "private_key" not in repr(material)


def test_rsa_2048_record_needs_two_strings() -> None:
    material = generate_key("rsa")
    record = dkim_txt_value(material.key_type, material.public_key_b64)
    assert len(record) > 255 and len(split_txt_value(record)) == 2


@pytest.mark.parametrize("bits", [512, 1023, 16384])
def test_unusable_rsa_sizes_are_refused(bits: int) -> None:
    with pytest.raises(DkimKeyError, match="2048"):
        generate_key("rsa", bits=bits)
