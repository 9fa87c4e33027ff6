"""Blacklist membership answered from memory, following the file on disk.

The index maps each address key to its scope.  :meth:`BlacklistIndex.refresh`
costs at most one ``stat`` (:class:`~.file_watch.FileWatch`) when nothing
changed and reloads the whole file when any process replaced it (every write
is an atomic rename, so the file identity changes).  Callers refresh once per mail or batch; :meth:`blocks` itself is a
dictionary lookup, never a TinyDB scan.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from ..exceptions import StorageError
from .file_watch import FileSignature, FileWatch

NEWSLETTER = "newsletter"


class BlacklistIndex:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._watch = FileWatch(path)
        self._signature: FileSignature | None = None
        self._scopes: dict[str, str] = {}

    def refresh(self) -> None:
        current = self._watch.signature()
        if current is None:
            self._signature, self._scopes = None, {}
            return
        if current == self._signature:
            return
        try:
            handle = open(self.path, "rb")
        except FileNotFoundError:
            self._signature, self._scopes = None, {}
            return
        with handle:
            st = os.fstat(handle.fileno())
            signature = (st.st_ino, st.st_size, st.st_mtime_ns)
            if signature == self._signature:
                return
            raw = handle.read()
        try:
            entries = json.loads(raw).get("entries", {}) if raw.strip() else {}
        except (ValueError, AttributeError) as exc:
            raise StorageError(
                f"{self.path} is not a valid blacklist file ({exc}); restore it from a backup."
            ) from exc
        self._scopes = {key: str(doc.get("scope", "all")) for key, doc in entries.items()}
        self._signature = signature

    def blocks(self, key: str, category: str | None = None) -> bool:
        """Is mail of ``category`` to the address with ``key`` blocked?"""
        scope = self._scopes.get(key)
        if scope is None:
            return False
        return scope != NEWSLETTER or category == NEWSLETTER

    def __len__(self) -> int:
        return len(self._scopes)
