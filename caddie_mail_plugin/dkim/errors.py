"""Errors of the DKIM signer, its key store and the unsubscribe headers.

All of them belong to the plugin's one hierarchy (:class:`CaddieMailError`).
No message ever contains private-key material: where a lower layer fails on
a key, the error says *which* key and *what to do*, never the key itself.
"""

from __future__ import annotations

from ..exceptions import (
    CaddieMailError,
    HeaderInjectionError,
    InvalidMessageError,
    StorageError,
)


class DkimError(CaddieMailError):
    """Base class of every DKIM error."""

    code = "dkim"


class DkimNameError(DkimError, ValueError):
    """A signing domain or selector is not a valid DNS name."""

    code = "dkim-name"


class DkimKeyError(DkimError, ValueError):
    """A private key cannot be read, is of an unsupported type or too weak."""

    code = "dkim-key"


class DkimKeyExistsError(DkimError):
    """A key for this domain and selector exists and was not to be replaced."""

    code = "dkim-key-exists"


class DkimStorageError(DkimError, StorageError):
    """The DKIM key files could not be read or written."""

    code = "dkim-storage"


class DkimSigningError(DkimError, InvalidMessageError):
    """The message cannot be DKIM-signed as it is; nothing was signed."""

    code = "dkim-sign"


class UnsubscribeHeaderError(InvalidMessageError):
    """A List-Unsubscribe target (URL or mailto address) is not acceptable."""

    code = "list-unsubscribe"


class UnsubscribeInjectionError(UnsubscribeHeaderError, HeaderInjectionError):
    """A List-Unsubscribe target contains a CR or LF character."""

    code = "list-unsubscribe-injection"


class DkimKeyNotFoundError(DkimError, LookupError):
    """No key is stored for this domain and selector."""

    code = "dkim-key-not-found"
