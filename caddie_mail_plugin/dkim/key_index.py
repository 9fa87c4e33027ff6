"""The JSON index of stored DKIM keys (``dkim/keys.json``).

It records, per key, the domain, selector, key type, public key, creation
time and whether the key is the one that signs the domain's mail.  The key
files themselves stay the source of truth for the key material.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from .dkim_key import DkimKeyInfo
from .errors import DkimStorageError
from .keys import KeyType
from .secure_file import write_private_file

INDEX_VERSION = 1


def read_index(path: Path) -> list[DkimKeyInfo]:
    """Return the recorded keys; a missing index means no keys."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise DkimStorageError(
            f"Could not read {path} ({exc.strerror or exc}); check the file permissions."
        ) from None
    try:
        document = json.loads(raw)
        return [_entry_from_json(item) for item in document["keys"]]
    except (ValueError, KeyError, TypeError) as exc:
        raise DkimStorageError(
            f"The DKIM key index {path} is damaged ({type(exc).__name__}: {exc}); "
            "restore it from a backup or delete it and import the keys again."
        ) from None


def write_index(path: Path, entries: list[DkimKeyInfo]) -> None:
    """Atomically replace the index with ``entries`` (sorted for stable diffs)."""
    ordered = sorted(entries, key=lambda e: (e.domain, e.selector))
    document = {"version": INDEX_VERSION, "keys": [_entry_to_json(e) for e in ordered]}
    data = json.dumps(document, indent=2, ensure_ascii=True).encode("ascii") + b"\n"
    write_private_file(path, data)


def _entry_to_json(entry: DkimKeyInfo) -> dict[str, Any]:
    return {
        "domain": entry.domain,
        "selector": entry.selector,
        "key_type": entry.key_type.value,
        "public_key": entry.public_key_b64,
        "created_at": entry.created_at.isoformat(),
        "active": entry.active,
    }


def _entry_from_json(item: dict[str, Any]) -> DkimKeyInfo:
    active = item["active"]
    if not isinstance(active, bool):
        raise TypeError("'active' must be true or false")
    return DkimKeyInfo(
        domain=str(item["domain"]),
        selector=str(item["selector"]),
        key_type=KeyType(item["key_type"]),
        public_key_b64=str(item["public_key"]),
        created_at=datetime.fromisoformat(item["created_at"]),
        active=active,
    )
