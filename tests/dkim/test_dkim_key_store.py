"""The DKIM key store: files, permissions, index, active key, secrets."""

from __future__ import annotations

import base64
import json
import os
import stat
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from caddie_mail_plugin.dkim import (
    DkimKeyError,
    DkimKeyExistsError,
    DkimKeyNotFoundError,
    DkimKeyStore,
    DkimNameError,
    DkimStorageError,
    KeyType,
)
from caddie_mail_plugin.exceptions import CaddieMailError, StorageError

POSIX = os.name == "posix"
FAKE_PEM = b"-----BEGIN PRIVATE KEY-----\nU0VDUkVUU0VDUkVU\n-----END PRIVATE KEY-----\n"
DOMAIN = "golfclub-example.de"


@pytest.fixture
def store(tmp_path: Path) -> DkimKeyStore:
    return DkimKeyStore(tmp_path)


@pytest.fixture
def permissive_umask() -> Iterator[None]:
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.skipif(not POSIX, reason="file modes are POSIX")
@pytest.mark.usefixtures("permissive_umask")
@pytest.mark.parametrize("key_type", ["rsa", "ed25519"])
def test_key_files_are_private_even_with_umask_0(store: DkimKeyStore, key_type: str) -> None:
    store.generate(DOMAIN, key_type=key_type)
    assert mode(store.directory / f"{DOMAIN}.caddie.key") == 0o600
    assert mode(store.directory / "keys.json") == 0o600
    assert mode(store.directory) == 0o700


def test_generate_writes_dkimpy_forms_and_index(store: DkimKeyStore, tmp_path: Path) -> None:
    rsa_key = store.generate(DOMAIN)
    ed_key = store.generate("Other-Club.example", "ed", KeyType.ED25519)
    assert (tmp_path / "dkim" / f"{DOMAIN}.caddie.key").read_bytes().startswith(
        b"-----BEGIN PRIVATE KEY-----\n"
    )
    ed_file = tmp_path / "dkim" / "other-club.example.ed.key"
    assert len(base64.b64decode(ed_file.read_bytes())) == 32
    assert rsa_key.key_type is KeyType.RSA and ed_key.key_type is KeyType.ED25519
    index = json.loads((tmp_path / "dkim" / "keys.json").read_text("ascii"))
    assert [(k["domain"], k["selector"], k["key_type"], k["active"]) for k in index["keys"]] == [
        (DOMAIN, "caddie", "rsa", True),
        ("other-club.example", "ed", "ed25519", True),
    ]
    assert "PRIVATE" not in json.dumps(index)
    assert not [p for p in (tmp_path / "dkim").iterdir() if p.name.endswith(".tmp")]


def test_rsa_default_is_2048_bits(store: DkimKeyStore) -> None:
    key = store.generate(DOMAIN)
    private = serialization.load_pem_private_key(key.private_key, password=None)
    assert isinstance(private, rsa.RSAPrivateKey) and private.key_size == 2048


def test_get_active_round_trips_through_a_new_store(store: DkimKeyStore, tmp_path: Path) -> None:
    key = store.generate(DOMAIN, key_type="ed25519")
    again = DkimKeyStore(tmp_path).get_active(DOMAIN.upper())
    assert again == key
    assert DkimKeyStore(tmp_path).get_active("unknown.example") is None


def test_idn_domains_are_normalised(store: DkimKeyStore) -> None:
    key = store.generate("Golfclub-Straße.de", key_type="ed25519")
    assert key.domain == "xn--golfclub-strae-dgb.de"
    assert key.dns_name == "caddie._domainkey.xn--golfclub-strae-dgb.de"
    assert store.get_active("golfclub-straße.de") == key
    assert store.get_active("XN--GOLFCLUB-STRAE-DGB.DE.") == key


def test_refuses_to_overwrite_unless_replace(store: DkimKeyStore) -> None:
    first = store.generate(DOMAIN, key_type="ed25519")
    with pytest.raises(DkimKeyExistsError, match="already exists"):
        store.generate(DOMAIN, key_type="ed25519")
    second = store.generate(DOMAIN, key_type="ed25519", replace=True)
    assert second.public_key_b64 != first.public_key_b64
    assert store.get_active(DOMAIN) == second
    assert len(store.list()) == 1


def test_rotation_keeps_old_key_active_until_activated(store: DkimKeyStore) -> None:
    old = store.generate(DOMAIN, "s2025", "ed25519")
    new = store.generate(DOMAIN, "s2026", "ed25519")
    assert store.get_active(DOMAIN) == old
    store.activate(DOMAIN, "s2026")
    assert store.get_active(DOMAIN) == new
    assert [(i.selector, i.active) for i in store.list()] == [("s2025", False), ("s2026", True)]
    newest = store.generate(DOMAIN, "s2027", "ed25519", activate=True)
    assert store.get_active(DOMAIN) == newest
    with pytest.raises(DkimKeyNotFoundError):
        store.activate(DOMAIN, "nosuch")


def test_remove(store: DkimKeyStore) -> None:
    store.generate(DOMAIN, key_type="ed25519")
    assert store.remove(DOMAIN, "caddie") is True
    assert not store.key_path(DOMAIN, "caddie").exists()
    assert store.list() == [] and store.get_active(DOMAIN) is None
    assert store.remove(DOMAIN, "caddie") is False


def test_list_shows_records_without_secrets(store: DkimKeyStore) -> None:
    key = store.generate(DOMAIN)
    (info,) = store.list()
    assert (info.dns_name, info.txt_record, info.zone_file_record) == (
        key.dns_name, key.txt_record, key.zone_file_record
    )
    assert info.created_at.tzinfo is not None
    assert "PRIVATE" not in repr(info)


def test_import_existing_keys(store: DkimKeyStore) -> None:
    pkcs1 = rsa.generate_private_key(public_exponent=65537, key_size=1024).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    )
    imported = store.import_key(DOMAIN, "legacy", pkcs1)
    assert imported.private_key.startswith(b"-----BEGIN PRIVATE KEY-----")
    assert store.get(DOMAIN, "legacy") == imported
    original = store.generate("other.example", key_type="ed25519")
    copy = store.import_key("third.example", "x", b"  " + original.private_key + b"\n")
    assert copy.public_key_b64 == original.public_key_b64


@pytest.mark.parametrize(
    ("data", "match"),
    [
        (b"not a key at all", "neither PEM nor"),
        (FAKE_PEM, "cannot be read"),
    ],
)
def test_import_refuses_garbage_without_echoing_it(
    store: DkimKeyStore, data: bytes, match: str
) -> None:
    with pytest.raises(DkimKeyError, match=match) as caught:
        store.import_key(DOMAIN, "x", data)
    assert "U0VDUkVU" not in str(caught.value) and "not a key" not in str(caught.value)
    assert store.list() == []


def test_damaged_key_file_is_reported_without_its_content(
    store: DkimKeyStore, assert_no_secret: Callable[[str, bytes], None]
) -> None:
    key = store.generate(DOMAIN)
    damaged = key.private_key[:200]
    store.key_path(DOMAIN, "caddie").write_bytes(damaged)
    with pytest.raises(DkimStorageError, match="damaged") as caught:
        store.get_active(DOMAIN)
    assert isinstance(caught.value, StorageError) and isinstance(caught.value, CaddieMailError)
    assert_no_secret(str(caught.value) + repr(caught.value), damaged)
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


def test_damaged_index_is_reported(store: DkimKeyStore) -> None:
    store.generate(DOMAIN, key_type="ed25519")
    (store.directory / "keys.json").write_text("{not json")
    with pytest.raises(DkimStorageError, match="index"):
        store.list()


@pytest.mark.parametrize("domain", ["", "localhost", "a b.de", "-bad-.de", "exa_mple.de"])
def test_invalid_domains_are_refused(store: DkimKeyStore, domain: str) -> None:
    with pytest.raises(DkimNameError):
        store.generate(domain, key_type="ed25519")


@pytest.mark.parametrize("selector", ["", "a.b", "-x", "x-", "sel ector", "x" * 64, "../x"])
def test_invalid_selectors_are_refused(store: DkimKeyStore, selector: str) -> None:
    with pytest.raises(DkimNameError):
        store.generate(DOMAIN, selector, "ed25519")


def test_unknown_key_type_is_refused(store: DkimKeyStore) -> None:
    with pytest.raises(DkimKeyError, match="rsa' or 'ed25519"):
        store.generate(DOMAIN, key_type="dsa")


def test_concurrent_writers_lose_no_index_entry(tmp_path: Path) -> None:
    # Separate store objects hold separate OS-level locks, as separate processes would.
    def add(n: int) -> None:
        DkimKeyStore(tmp_path).generate(DOMAIN, f"s{n}", "ed25519")

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(add, range(8)))
    infos = DkimKeyStore(tmp_path).list()
    assert sorted(i.selector for i in infos) == sorted(f"s{n}" for n in range(8))
    assert sum(i.active for i in infos) == 1
