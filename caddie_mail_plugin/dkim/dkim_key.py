"""The signing key of one sender domain and the metadata the store lists.

:class:`DkimKey` carries the private key, so its ``repr`` (and ``str``) leave
it out; :class:`DkimKeyInfo` is what lists and reports show and has no secret.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from .dns_record import dkim_dns_name, dkim_txt_value, split_txt_value, zone_file_record
from .keys import KeyType, load_key
from .names import normalise_domain, normalise_selector


@dataclass(frozen=True)
class DkimKey:
    """A private key ready for signing mail of ``domain`` under ``selector``."""

    domain: str  # ASCII (punycode), lower-case: the d= tag
    selector: str  # the s= tag
    key_type: KeyType
    public_key_b64: str  # the p= value
    txt_record: str  # one-line TXT value to publish
    dns_name: str  # where to publish it
    private_key: bytes = field(repr=False)  # dkimpy form: PEM (RSA) or base64 seed

    @classmethod
    def build(
        cls,
        domain: str,
        selector: str,
        key_type: KeyType,
        public_key_b64: str,
        private_key: bytes,
    ) -> DkimKey:
        """Assemble a key, deriving the DNS name and record; names are normalised."""
        ascii_domain = normalise_domain(domain)
        label = normalise_selector(selector)
        return cls(
            domain=ascii_domain,
            selector=label,
            key_type=key_type,
            public_key_b64=public_key_b64,
            txt_record=dkim_txt_value(key_type, public_key_b64),
            dns_name=dkim_dns_name(label, ascii_domain),
            private_key=private_key,
        )

    @classmethod
    def from_private_key(
        cls, domain: str, selector: str, private_key: bytes, *, trusted: bool = False
    ) -> DkimKey:
        """Build a key from an existing private key (PEM or base64 Ed25519 seed)."""
        material = load_key(private_key, trusted=trusted)
        return cls.build(
            domain, selector, material.key_type, material.public_key_b64, material.private_key
        )

    @property
    def txt_strings(self) -> tuple[str, ...]:
        """The record value split into TXT strings of at most 255 characters."""
        return split_txt_value(self.txt_record)

    @property
    def zone_file_record(self) -> str:
        """The record in zone-file syntax (``NAME. IN TXT ( "..." "..." )``)."""
        return zone_file_record(self.dns_name, self.txt_record)


@dataclass(frozen=True)
class DkimKeyInfo:
    """What the store records about a key; holds no secret."""

    domain: str
    selector: str
    key_type: KeyType
    public_key_b64: str
    created_at: datetime
    active: bool

    @property
    def dns_name(self) -> str:
        """Where the public key has to be published."""
        return dkim_dns_name(self.selector, self.domain)

    @property
    def txt_record(self) -> str:
        """The one-line TXT value to publish."""
        return dkim_txt_value(self.key_type, self.public_key_b64)

    @property
    def txt_strings(self) -> tuple[str, ...]:
        """The record value split into TXT strings of at most 255 characters."""
        return split_txt_value(self.txt_record)

    @property
    def zone_file_record(self) -> str:
        """The record in zone-file syntax."""
        return zone_file_record(self.dns_name, self.txt_record)
