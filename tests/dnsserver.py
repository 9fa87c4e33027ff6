"""A real UDP DNS server on loopback for tests, built with dnspython.

It serves zones given as a plain dict (the format of
:mod:`caddie_mail_plugin.dnsauth.zone_resolver`)::

    zone = {"example.com": {"TXT": ["v=spf1 mx -all"], "MX": [(10, "mx.example.com")]},
            "mx.example.com": {"A": ["192.0.2.25"]}}
    with DnsTestServer(zone, delay=0.05, timeouts={"slow.example.com"}) as server:
        resolver = DnsResolver(server.nameserver, timeout=0.5)

Options: ``delay`` (seconds before every answer), ``delays`` (per name),
``timeouts`` (names that never get an answer), ``partial_timeouts``
(names that get no answer for the record types they hold none of), ``servfail`` (names answered
with SERVFAIL), ``ttl`` / ``ttls`` (per name) and ``negative_ttl`` (SOA minimum
sent with NXDOMAIN/NODATA).  A name missing from the zone is NXDOMAIN; CNAMEs
are followed inside the zone like a recursive server would.  ``queries``
counts the queries received per (name, type).

The server runs its own asyncio loop in a daemon thread, so it works the same
for synchronous tests and for tests running in pytest-asyncio's loop.
"""

from __future__ import annotations

import asyncio
import threading
from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence
from types import TracebackType
from typing import cast

import dns.flags
import dns.message
import dns.name
import dns.rcode
import dns.rdata
import dns.rdataclass
import dns.rdatatype
import dns.rdtypes.ANY.CNAME
import dns.rdtypes.ANY.MX
import dns.rdtypes.ANY.PTR
import dns.rdtypes.ANY.SOA
import dns.rdtypes.ANY.TXT
import dns.rrset

from caddie_mail_plugin.dnsauth.domain_names import normalise_name, to_dns_name

ZoneData = Mapping[str, Mapping[str, Sequence[object]]]
IN = dns.rdataclass.IN
MAX_CNAME_CHAIN = 8


def _name(text: str) -> dns.name.Name:
    return dns.name.root if normalise_name(text) == "" else to_dns_name(text)


def _txt_strings(value: object) -> list[bytes]:
    if isinstance(value, (str, bytes)):
        data = value.encode("utf-8") if isinstance(value, str) else value
        return [data[i : i + 255] for i in range(0, len(data), 255)] or [b""]
    if isinstance(value, Sequence):
        return [part for item in value for part in _txt_strings(item)] or [b""]
    raise TypeError(f"bad TXT value {value!r}")


def _rdata(rtype: str, value: object) -> dns.rdata.Rdata:
    if rtype == "TXT":
        return dns.rdtypes.ANY.TXT.TXT(IN, dns.rdatatype.TXT, _txt_strings(value))
    if rtype == "MX":
        parts = str(value).split(None, 1) if isinstance(value, str) else list(value)  # type: ignore[call-overload]
        preference, host = int(parts[0]), _name(str(parts[1]))
        return dns.rdtypes.ANY.MX.MX(IN, dns.rdatatype.MX, preference, host)  # type: ignore[no-untyped-call]
    if rtype == "PTR":
        return dns.rdtypes.ANY.PTR.PTR(IN, dns.rdatatype.PTR, _name(str(value)))  # type: ignore[no-untyped-call]
    if rtype == "CNAME":
        return dns.rdtypes.ANY.CNAME.CNAME(IN, dns.rdatatype.CNAME, _name(str(value)))  # type: ignore[no-untyped-call]
    return dns.rdata.from_text(IN, dns.rdatatype.from_text(rtype), str(value))


class _Protocol(asyncio.DatagramProtocol):
    def __init__(self, server: DnsTestServer) -> None:
        self.server = server
        self.transport: asyncio.DatagramTransport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.DatagramTransport, transport)

    def datagram_received(self, data: bytes, addr: tuple[str | object, ...]) -> None:
        reply, delay = self.server.answer(data)
        if reply is None or self.transport is None:
            return
        transport = self.transport
        if delay > 0:
            asyncio.get_running_loop().call_later(delay, transport.sendto, reply, addr)
        else:
            transport.sendto(reply, addr)


class DnsTestServer:
    """UDP DNS server on 127.0.0.1 (or ``host``) and a free port."""

    def __init__(
        self,
        zone: ZoneData | None = None,
        *,
        host: str = "127.0.0.1",
        delay: float = 0.0,
        delays: Mapping[str, float] | None = None,
        timeouts: Collection[str] = (),
        partial_timeouts: Collection[str] = (),
        servfail: Collection[str] = (),
        ttl: int = 300,
        ttls: Mapping[str, int] | None = None,
        negative_ttl: int = 60,
    ) -> None:
        self.host = host
        self.port = 0
        self.delay = delay
        self.delays = {normalise_name(k): v for k, v in (delays or {}).items()}
        self.timeouts = {normalise_name(name) for name in timeouts}
        self.partial_timeouts = {normalise_name(name) for name in partial_timeouts}
        self.servfail = {normalise_name(name) for name in servfail}
        self.ttl = ttl
        self.ttls = {normalise_name(k): v for k, v in (ttls or {}).items()}
        self.negative_ttl = negative_ttl
        self.queries: Counter[tuple[str, str]] = Counter()
        self._zone: dict[str, dict[str, Sequence[object]]] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._transport: asyncio.DatagramTransport | None = None
        self._thread: threading.Thread | None = None
        self.set_zone(zone or {})

    # --- zone -------------------------------------------------------------

    def set_zone(self, zone: ZoneData) -> None:
        """Replace the served records."""
        self._zone = {
            normalise_name(name): {rtype.upper(): values for rtype, values in records.items()}
            for name, records in zone.items()
        }

    def set_records(self, name: str, records: Mapping[str, Sequence[object]]) -> None:
        """Replace the records of one name."""
        self._zone[normalise_name(name)] = {k.upper(): v for k, v in records.items()}

    @property
    def nameserver(self) -> str:
        """``host:port`` as the resolver expects it."""
        return f"[{self.host}]:{self.port}" if ":" in self.host else f"{self.host}:{self.port}"

    def received(self, name: str, rtype: str) -> int:
        """How many queries for ``name``/``rtype`` arrived."""
        return self.queries[(normalise_name(name), rtype.upper())]

    # --- answering --------------------------------------------------------

    def _exists(self, name: str) -> bool:
        return any(known == name or known.endswith("." + name) for known in self._zone)

    def answer(self, wire: bytes) -> tuple[bytes | None, float]:
        """Build the reply to one query and the delay before sending it."""
        query = dns.message.from_wire(wire)
        question = query.question[0]
        labels = [label.decode("latin-1") for label in question.name.labels if label]
        name = ".".join(labels).lower()
        rtype = dns.rdatatype.to_text(question.rdtype)
        self.queries[(name, rtype)] += 1
        if name in self.timeouts:
            return None, 0.0
        if name in self.partial_timeouts and not self._zone.get(name, {}).get(rtype):
            return None, 0.0
        response = dns.message.make_response(query)
        response.flags |= dns.flags.AA | dns.flags.RA
        if name in self.servfail:
            response.set_rcode(dns.rcode.SERVFAIL)
        else:
            self._fill(response, question.name, name, rtype)
        return response.to_wire(), self.delays.get(name, self.delay)

    def _fill(self, response: dns.message.Message, owner: dns.name.Name, name: str, rtype: str) -> None:
        for _ in range(MAX_CNAME_CHAIN):
            records = self._zone.get(name, {})
            ttl = self.ttls.get(name, self.ttl)
            if records.get(rtype):
                rdatas = [_rdata(rtype, value) for value in records[rtype]]
                response.answer.append(dns.rrset.from_rdata_list(owner, ttl, rdatas))
                return
            if rtype == "CNAME" or not records.get("CNAME"):
                break
            target = str(records["CNAME"][0])
            response.answer.append(dns.rrset.from_rdata_list(owner, ttl, [_rdata("CNAME", target)]))
            owner, name = _name(target), normalise_name(target)
        if not self._exists(name):
            response.set_rcode(dns.rcode.NXDOMAIN)
        soa = dns.rdtypes.ANY.SOA.SOA(  # type: ignore[no-untyped-call]
            IN, dns.rdatatype.SOA, dns.name.from_text("ns.test."), dns.name.from_text("hostmaster.test."),
            1, 3600, 600, 86400, self.negative_ttl,
        )
        response.authority.append(dns.rrset.from_rdata_list(dns.name.root, self.negative_ttl, [soa]))

    # --- lifecycle --------------------------------------------------------

    def start(self) -> DnsTestServer:
        """Bind a free port and serve in a background thread."""
        ready = threading.Event()
        errors: list[BaseException] = []

        def run() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            try:
                transport, _ = loop.run_until_complete(
                    loop.create_datagram_endpoint(lambda: _Protocol(self), local_addr=(self.host, 0))
                )
            except BaseException as error:  # reported to start()
                errors.append(error)
                ready.set()
                loop.close()
                return
            self._transport = transport
            self.port = transport.get_extra_info("sockname")[1]
            ready.set()
            loop.run_forever()
            transport.close()
            loop.run_until_complete(asyncio.sleep(0))
            loop.close()

        self._thread = threading.Thread(target=run, name="dns-test-server", daemon=True)
        self._thread.start()
        ready.wait(5.0)
        if errors:
            raise errors[0]
        return self

    def stop(self) -> None:
        """Stop serving and release the port."""
        if self._loop is not None and self._thread is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(5.0)
        self._loop = None
        self._thread = None

    def __enter__(self) -> DnsTestServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


DnsServerFactory = Callable[..., DnsTestServer]
"""Type of the ``dns_server_factory`` fixture (tests/dnsauth/conftest.py)."""
