"""DKIM keys per sender domain, kept in the plugin's data directory.

Layout: ``DATA_DIR/dkim/DOMAIN.SELECTOR.key`` (mode 0600) holds the private
key in dkimpy's form, ``DATA_DIR/dkim/keys.json`` the index.  Every change
runs under a cross-process file lock (wizard, service and host share the
files) and every file is replaced atomically, so readers need no lock.

At most one key per domain is *active*: the one :meth:`get_active` returns
for signing.  A domain's first key becomes active; further keys (a rotation
in progress) stay inactive until :meth:`activate` or ``activate=True``.
"""

from __future__ import annotations

import builtins
import contextlib
import dataclasses
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import filelock

from .dkim_key import DkimKey, DkimKeyInfo
from .errors import DkimKeyError, DkimKeyExistsError, DkimKeyNotFoundError, DkimStorageError
from .key_index import read_index, write_index
from .keys import DEFAULT_RSA_BITS, KeyMaterial, KeyType, generate_key, load_key
from .names import normalise_domain, normalise_selector
from .secure_file import ensure_private_directory, remove_file, write_private_file


class DkimKeyStore:
    """Generate, import, look up and remove DKIM keys under ``data_dir/dkim``."""

    def __init__(self, data_dir: Path, *, lock_timeout: float = 10.0) -> None:
        self.directory = Path(data_dir) / "dkim"
        self._index_path = self.directory / "keys.json"
        self._lock_timeout = lock_timeout

    def key_path(self, domain: str, selector: str) -> Path:
        """The private key file of ``domain`` / ``selector``."""
        return self.directory / f"{normalise_domain(domain)}.{normalise_selector(selector)}.key"

    def generate(
        self,
        domain: str,
        selector: str = "caddie",
        key_type: KeyType | str = KeyType.RSA,
        *,
        replace: bool = False,
        activate: bool | None = None,
        bits: int = DEFAULT_RSA_BITS,
    ) -> DkimKey:
        """Create and store a new key; refuses to overwrite unless ``replace``."""
        self._refuse_existing(domain, selector, replace)
        return self._store(domain, selector, generate_key(key_type, bits=bits), replace, activate)

    def import_key(
        self,
        domain: str,
        selector: str,
        private_key: bytes,
        *,
        replace: bool = False,
        activate: bool | None = None,
    ) -> DkimKey:
        """Store an existing private key (PEM, or base64 Ed25519 seed)."""
        return self._store(domain, selector, load_key(private_key), replace, activate)

    def get(self, domain: str, selector: str) -> DkimKey | None:
        """The stored key of ``domain`` / ``selector``, or ``None``."""
        path = self.key_path(domain, selector)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise DkimStorageError(
                f"Could not read the DKIM key {path.name} ({exc.strerror or exc}); "
                "check the file permissions of the data directory."
            ) from None
        try:
            return DkimKey.from_private_key(domain, selector, data, trusted=True)
        except DkimKeyError:
            raise DkimStorageError(
                f"The DKIM key file {path.name} is damaged; generate a new key for "
                "this selector (replace) and publish its DNS record."
            ) from None

    def get_active(self, domain: str) -> DkimKey | None:
        """The key that signs mail from ``domain``, or ``None`` (no signing)."""
        ascii_domain = normalise_domain(domain)
        for entry in read_index(self._index_path):
            if entry.domain == ascii_domain and entry.active:
                return self.get(entry.domain, entry.selector)
        return None

    def activate(self, domain: str, selector: str) -> None:
        """Make this key the domain's signing key (the others become inactive)."""
        ascii_domain, label = normalise_domain(domain), normalise_selector(selector)
        with self._locked():
            entries = read_index(self._index_path)
            if not any(e.domain == ascii_domain and e.selector == label for e in entries):
                raise DkimKeyNotFoundError(
                    f"No DKIM key {label} is stored for {ascii_domain}; generate it first."
                )
            write_index(self._index_path, _with_active(entries, ascii_domain, label))

    def remove(self, domain: str, selector: str) -> bool:
        """Delete the key; return whether there was one.  No other key is activated."""
        ascii_domain, label = normalise_domain(domain), normalise_selector(selector)
        with self._locked():
            entries = read_index(self._index_path)
            kept = [e for e in entries if (e.domain, e.selector) != (ascii_domain, label)]
            if len(kept) != len(entries):
                write_index(self._index_path, kept)
            removed_file = remove_file(self.key_path(ascii_domain, label))
        return removed_file or len(kept) != len(entries)

    def list(self) -> builtins.list[DkimKeyInfo]:
        """All recorded keys, sorted by domain and selector (no secrets)."""
        return sorted(read_index(self._index_path), key=lambda e: (e.domain, e.selector))

    def _store(
        self,
        domain: str,
        selector: str,
        material: KeyMaterial,
        replace: bool,
        activate: bool | None,
    ) -> DkimKey:
        key = DkimKey.build(
            domain, selector, material.key_type, material.public_key_b64, material.private_key
        )
        with self._locked():
            self._refuse_existing(key.domain, key.selector, replace)
            entries = read_index(self._index_path)
            previous = next(
                (e for e in entries if (e.domain, e.selector) == (key.domain, key.selector)),
                None,
            )
            others = [e for e in entries if e is not previous]
            if activate is None:
                activate = previous.active if previous else not any(
                    e.active for e in others if e.domain == key.domain
                )
            write_private_file(self.key_path(key.domain, key.selector), key.private_key)
            info = DkimKeyInfo(
                domain=key.domain,
                selector=key.selector,
                key_type=key.key_type,
                public_key_b64=key.public_key_b64,
                created_at=datetime.now(timezone.utc).replace(microsecond=0),
                active=False,
            )
            entries = others + [info]
            if activate:
                entries = _with_active(entries, key.domain, key.selector)
            write_index(self._index_path, entries)
        return key

    def _refuse_existing(self, domain: str, selector: str, replace: bool) -> None:
        if replace:
            return
        ascii_domain, label = normalise_domain(domain), normalise_selector(selector)
        recorded = any(
            (e.domain, e.selector) == (ascii_domain, label)
            for e in read_index(self._index_path)
        )
        if recorded or self.key_path(ascii_domain, label).exists():
            raise DkimKeyExistsError(
                f"A DKIM key {label} already exists for {ascii_domain}; choose another "
                "selector, or replace it (the published DNS record must then be updated)."
            )

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        ensure_private_directory(self.directory)
        lock_path = str(self.directory / "keys.json.lock")
        lock = filelock.FileLock(lock_path, timeout=self._lock_timeout)
        try:
            with lock:
                yield
        except filelock.Timeout:
            raise DkimStorageError(
                f"The DKIM key directory {self.directory} is locked by another "
                "program (wizard or mail service); try again in a moment."
            ) from None


def _with_active(entries: list[DkimKeyInfo], domain: str, selector: str) -> list[DkimKeyInfo]:
    return [
        dataclasses.replace(e, active=(e.selector == selector)) if e.domain == domain else e
        for e in entries
    ]
