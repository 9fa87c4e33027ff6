"""One exception hierarchy for everything the plugin refuses or fails at.

Every error carries structured attributes (``code``, ``recipient``, ``server``)
and a message that tells the user what to do next.  Where a builtin exception
describes the same failure, the class subclasses it too (``ValueError`` for bad
input, ``TimeoutError`` for timeouts, ``ConnectionError`` for network trouble),
so hosts that already catch builtins keep working.
"""

from __future__ import annotations


class CaddieMailError(Exception):
    """Base class of every error raised by caddie-mail-plugin."""

    code: str = "error"

    def __init__(
        self,
        message: str,
        *,
        recipient: str | None = None,
        server: str | None = None,
        smtp_code: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.recipient = recipient
        self.server = server
        self.smtp_code = smtp_code

    def __str__(self) -> str:
        return self.message


# --- bad input -------------------------------------------------------------


class InvalidMessageError(CaddieMailError, ValueError):
    """The message cannot be sent as it is; nothing was sent."""

    code = "invalid-message"


class HeaderInjectionError(InvalidMessageError):
    """A header value or address contains a CR or LF character."""

    code = "header-injection"


class InvalidAddressError(InvalidMessageError):
    """An address is not a valid e-mail address."""

    code = "invalid-address"


class NoRecipientsError(InvalidMessageError):
    """The message has no recipient at all."""

    code = "no-recipients"


# --- configuration and policy ----------------------------------------------


class ConfigurationError(CaddieMailError, ValueError):
    """The stored configuration is incomplete or contradicts itself."""

    code = "configuration"


class RoutingError(ConfigurationError):
    """No SMTP server is configured for the mail's sender."""

    code = "no-route"


class PolicyRefusal(CaddieMailError):
    """A rule of the plugin refuses to send this mail; nothing was sent."""

    code = "refused"


class Office365RefusedError(PolicyRefusal):
    """Sending through Microsoft 365 is refused (see the message for why)."""

    code = "office365"


class TestModeViolation(PolicyRefusal):
    """A delivery would have left the test address while test mode is on."""

    __test__ = False  # not a pytest test class
    code = "test-mode"


# --- delivery --------------------------------------------------------------


class DeliveryError(CaddieMailError):
    """The SMTP conversation failed; the mail was not delivered."""

    code = "delivery"


class SmtpConnectionError(DeliveryError, ConnectionError):
    """The SMTP server could not be reached or closed the connection."""

    code = "connection"


class SmtpTimeoutError(DeliveryError, TimeoutError):
    """The SMTP server did not answer in time."""

    code = "timeout"


class TlsError(DeliveryError):
    """The TLS handshake or the certificate check failed."""

    code = "tls"


class InsecureAuthError(DeliveryError):
    """Authentication would send the password over an unencrypted connection."""

    code = "insecure-auth"


class AuthenticationError(DeliveryError):
    """The server refused the username or password."""

    code = "auth"


# --- storage and plugins ---------------------------------------------------


class StorageError(CaddieMailError, OSError):
    """A data file could not be read or written."""

    code = "storage"


class PluginError(CaddieMailError):
    """A plugin could not be loaded or does not match the hook contract."""

    code = "plugin"
