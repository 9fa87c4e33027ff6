"""Which key signs a sender domain's mail, looked up cheaply on the send path.

:func:`signing_key` answers from a per-data-directory cache that is dropped
whenever ``dkim/keys.json`` changes (a ``stat`` per mail), so a key generated,
activated or removed by the wizard or the CLI applies to the very next mail
of a running host or service, while a batch of 10,000 mails reads the key
file once.
"""

from __future__ import annotations

import threading
from pathlib import Path

from ..storage.file_watch import FileSignature, FileWatch
from .dkim_key import DkimKey
from .key_store import DkimKeyStore
from .names import normalise_domain


class ActiveKeys:
    """The active key per domain of one key store, cached until the index changes."""

    def __init__(self, store: DkimKeyStore) -> None:
        self.store = store
        self._index = FileWatch(store.directory / "keys.json")
        self._signature: FileSignature | None = None
        self._keys: dict[str, DkimKey | None] = {}
        self._lock = threading.Lock()

    def any_keys(self) -> bool:
        """Is there a key index at all?  (Without one nothing is signed, and
        the sender's domain need not be looked up.)"""
        return self._index.signature() is not None

    def for_domain(self, domain: str) -> DkimKey | None:
        """The key that signs mail from ``domain``, or ``None`` (not signed)."""
        name = normalise_domain(domain)
        with self._lock:
            signature = self._index.signature()
            if signature != self._signature:
                self._keys.clear()
                self._signature = signature
            if name not in self._keys:
                self._keys[name] = self.store.get_active(name) if signature else None
            return self._keys[name]


_CACHES: dict[Path, ActiveKeys] = {}
_CACHES_LOCK = threading.Lock()


def active_keys(data_dir: Path) -> ActiveKeys:
    """The shared :class:`ActiveKeys` of ``data_dir``."""
    cache = _CACHES.get(data_dir)  # the path as given: no resolve() per mail
    if cache is not None:
        return cache
    path = Path(data_dir).resolve()
    with _CACHES_LOCK:
        cache = _CACHES.get(path)
        if cache is None:
            cache = _CACHES[path] = ActiveKeys(DkimKeyStore(path))
        _CACHES[data_dir] = cache
        return cache


def signing_key(data_dir: Path, domain: str) -> DkimKey | None:
    """The key that signs mail from ``domain`` in ``data_dir``, or ``None``."""
    return active_keys(data_dir).for_domain(domain)
