"""DKIM signing per sender domain and RFC 8058 one-click unsubscribe headers.

- :class:`DkimKeyStore` keeps one or more keys per sender domain in the data
  directory (``dkim/DOMAIN.SELECTOR.key``, mode 0600) and says which one signs.
- :class:`DkimKey` is a signing key with its DNS name and TXT record.
- :func:`sign_message` / :func:`verify_message` sign and check with dkimpy.
- :func:`add_list_unsubscribe` sets List-Unsubscribe and List-Unsubscribe-Post.
"""

from __future__ import annotations

from .dkim_key import DkimKey, DkimKeyInfo
from .dns_record import dkim_dns_name, dkim_txt_value, split_txt_value, zone_file_record
from .errors import (
    DkimError,
    DkimKeyError,
    DkimKeyExistsError,
    DkimKeyNotFoundError,
    DkimNameError,
    DkimSigningError,
    DkimStorageError,
    UnsubscribeHeaderError,
    UnsubscribeInjectionError,
)
from .key_store import DkimKeyStore
from .keys import KeyMaterial, KeyType, generate_key, load_key
from .names import normalise_domain, normalise_selector
from .signer import DEFAULT_SIGNED_HEADERS, DnsTxtLookup, sign_message, verify_message
from .unsubscribe import add_list_unsubscribe

__all__ = [
    "DEFAULT_SIGNED_HEADERS",
    "DkimError",
    "DkimKey",
    "DkimKeyError",
    "DkimKeyExistsError",
    "DkimKeyInfo",
    "DkimKeyNotFoundError",
    "DkimKeyStore",
    "DkimNameError",
    "DkimSigningError",
    "DkimStorageError",
    "DnsTxtLookup",
    "KeyMaterial",
    "KeyType",
    "UnsubscribeHeaderError",
    "UnsubscribeInjectionError",
    "add_list_unsubscribe",
    "dkim_dns_name",
    "dkim_txt_value",
    "generate_key",
    "load_key",
    "normalise_domain",
    "normalise_selector",
    "sign_message",
    "split_txt_value",
    "zone_file_record",
    "verify_message",
]
