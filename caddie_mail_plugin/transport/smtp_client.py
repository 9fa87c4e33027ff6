"""Opening an authenticated SMTP connection with aiosmtplib, safely.

* STARTTLS (required, never silently skipped), implicit TLS, or none;
* certificates are verified, optionally against the server's own CA file;
* AUTH is refused over an unencrypted connection unless the peer is a
  loopback address (the password would cross the network in clear text);
* connect and command timeouts end in :class:`SmtpTimeoutError`, never a hang;
* aiosmtplib's errors become the plugin's own, without the password.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import ssl
from collections.abc import Awaitable, Callable
from typing import TypeVar

import aiosmtplib

from ..exceptions import (
    AuthenticationError,
    DeliveryError,
    InsecureAuthError,
    SmtpConnectionError,
    SmtpTimeoutError,
    TlsError,
)
from ..models import Security, ServerConfig

T = TypeVar("T")


def tls_context(server: ServerConfig) -> ssl.SSLContext:
    context = ssl.create_default_context(cafile=server.ca_file)
    context.check_hostname = True
    context.verify_mode = ssl.CERT_REQUIRED
    return context


def _peer_is_loopback(client: aiosmtplib.SMTP) -> bool:
    transport = client.transport
    peer = transport.get_extra_info("peername") if transport is not None else None
    if not peer:
        return False
    try:
        return ipaddress.ip_address(str(peer[0]).split("%")[0]).is_loopback
    except ValueError:
        return False


async def _host_is_loopback(host: str, port: int) -> bool:
    """Do all of ``host``'s addresses lie on this machine's loopback?"""
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError:
        return False
    addresses = {str(info[4][0]).split("%")[0] for info in infos}
    return bool(addresses) and all(ipaddress.ip_address(a).is_loopback for a in addresses)


def _insecure_auth(server: ServerConfig) -> InsecureAuthError:
    return InsecureAuthError(
        f"The server {server.name!r} has no encryption configured, so the password "
        "would cross the network in clear text; set security to starttls or tls.",
        server=server.name,
    )


async def open_connection(server: ServerConfig) -> aiosmtplib.SMTP:
    """Connect, secure and authenticate; the caller closes the client.

    AUTH without encryption is only allowed to a loopback address: checked
    before connecting (no connection is made otherwise) and again against
    the connected peer."""
    plaintext_auth = bool(server.username) and server.security is Security.NONE
    if plaintext_auth and not await _host_is_loopback(server.host, server.port):
        raise _insecure_auth(server)
    client = aiosmtplib.SMTP(
        hostname=server.host,
        port=server.port,
        timeout=server.timeout,
        use_tls=server.security is Security.TLS,
        start_tls=server.security is Security.STARTTLS,
        tls_context=tls_context(server) if server.security is not Security.NONE else None,
    )
    await smtp_call(server, client.connect)
    try:
        if server.username:
            if plaintext_auth and not _peer_is_loopback(client):
                raise _insecure_auth(server)
            await smtp_call(server, lambda: client.login(server.username or "", server.password or ""))
    except BaseException:
        client.close()
        raise
    return client


async def smtp_call(server: ServerConfig, call: Callable[[], Awaitable[T]]) -> T:
    """Run one aiosmtplib call and translate its errors."""
    try:
        return await call()
    except aiosmtplib.SMTPAuthenticationError as exc:
        raise AuthenticationError(
            f"The server {server.name!r} refused the login for {server.username!r}: "
            f"{exc.code} {exc.message}. Check the username and password.",
            server=server.name,
            smtp_code=exc.code,
        ) from None
    except aiosmtplib.SMTPTimeoutError:
        raise SmtpTimeoutError(
            f"The server {server.name!r} ({server.host}:{server.port}) did not answer "
            f"within {server.timeout:g} s; check host, port and security, or try later.",
            server=server.name,
        ) from None
    except ssl.SSLError as exc:
        raise TlsError(
            f"TLS with {server.name!r} ({server.host}:{server.port}) failed: "
            f"{exc.reason or exc}. Check the security setting and the server's "
            "certificate (or give its CA file).",
            server=server.name,
        ) from None
    except (aiosmtplib.SMTPConnectError, aiosmtplib.SMTPServerDisconnected, OSError) as exc:
        cause = exc.__cause__ if isinstance(exc.__cause__, ssl.SSLError) else None
        if cause is not None:
            raise TlsError(
                f"TLS with {server.name!r} ({server.host}:{server.port}) failed: "
                f"{cause.reason or cause}. Check the security setting and the "
                "server's certificate (or give its CA file).",
                server=server.name,
            ) from None
        raise SmtpConnectionError(
            f"Could not talk to {server.name!r} ({server.host}:{server.port}): {exc}. "
            "Check host, port and the network.",
            server=server.name,
        ) from None
    except aiosmtplib.SMTPNotSupported as exc:
        raise DeliveryError(
            f"The server {server.name!r} does not support what was asked: {exc}. "
            "Check the security setting (STARTTLS) and the login.",
            server=server.name,
        ) from None
    except aiosmtplib.SMTPResponseException as exc:
        raise DeliveryError(
            f"The server {server.name!r} answered {exc.code} {exc.message}.",
            server=server.name,
            smtp_code=exc.code,
        ) from None
    except aiosmtplib.SMTPException as exc:
        raise DeliveryError(
            f"The conversation with {server.name!r} failed: {exc}. Check the security "
            "setting and whether the server needs a login.",
            server=server.name,
        ) from None


async def check_server(server: ServerConfig) -> str:
    """Connect, secure, authenticate and quit; no mail is sent.  Returns a summary."""
    client = await open_connection(server)
    try:
        tls = "TLS" if client.get_transport_info("sslcontext") else "no encryption"
        auth = f", logged in as {server.username}" if server.username else ""
        return f"{server.name}: connected to {server.host}:{server.port} ({tls}{auth})"
    finally:
        try:
            await client.quit()
        except aiosmtplib.SMTPException:
            client.close()
