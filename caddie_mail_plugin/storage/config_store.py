"""Servers and settings, kept together in ``config.json`` (mode 0600: passwords).

Reads are cached and re-read only when the file changed (another process,
e.g. the wizard, may have written it), so the send path pays at most one
``stat`` every 2 ms (:class:`~.file_watch.FileWatch`).
"""

from __future__ import annotations

import ipaddress
from dataclasses import replace
from pathlib import Path
from collections.abc import Callable
from typing import Any, TypeVar

from tinydb import TinyDB

from ..addresses import domain_key, filter_key, refuse_line_breaks
from ..exceptions import ConfigurationError
from ..models import ServerConfig, Settings
from .file_watch import FileSignature, FileWatch
from .json_db import JsonDatabase

SETTINGS_DOC_ID = 1
T = TypeVar("T")


class ConfigStore:
    def __init__(self, data_dir: Path) -> None:
        self.db = JsonDatabase(data_dir / "config.json", private=True)
        self._watch = FileWatch(self.db.path)
        self._signature: FileSignature | None = None
        self._servers: tuple[ServerConfig, ...] = ()
        self._settings = Settings()
        self._sections: dict[str, dict[str, Any]] = {}
        self._parsed: dict[tuple[str, Callable[[dict[str, Any]], Any]], Any] = {}

    # --- reading ----------------------------------------------------------

    def _refresh(self) -> None:
        signature = self._watch.signature()
        if signature is not None and signature == self._signature:
            return
        snapshot = self.db.snapshot()
        self._servers = tuple(ServerConfig.from_record(r) for r in snapshot.table("servers").all())
        settings = snapshot.table("settings").get(doc_id=SETTINGS_DOC_ID)
        self._settings = Settings.from_record(dict(settings)) if settings else Settings()
        sections = snapshot.table("sections").get(doc_id=SETTINGS_DOC_ID)
        self._sections = dict(sections) if sections else {}
        self._parsed = {}
        self._signature = signature

    def servers(self) -> tuple[ServerConfig, ...]:
        self._refresh()
        return self._servers

    def settings(self) -> Settings:
        self._refresh()
        return self._settings

    def server(self, name: str) -> ServerConfig:
        for server in self.servers():
            if server.name == name:
                return server
        known = ", ".join(s.name for s in self._servers) or "none"
        raise ConfigurationError(
            f"There is no server named {name!r} (configured: {known}); "
            "list them with 'caddie-mail servers list'.",
            server=name,
        )

    # --- writing ----------------------------------------------------------

    def add_server(self, server: ServerConfig, *, replace_existing: bool = False) -> None:
        server = validate_server(server)
        with self.db.transaction() as db:
            servers = [ServerConfig.from_record(r) for r in db.table("servers").all()]
            others = [s for s in servers if s.name != server.name]
            if len(others) != len(servers) and not replace_existing:
                raise ConfigurationError(
                    f"A server named {server.name!r} exists already; remove it first "
                    "or choose another name.",
                    server=server.name,
                )
            _refuse_duplicate_filter(server, others)
            if server.is_default:
                others = [replace(s, is_default=False) for s in others]
            _write_servers(db, [*others, server])

    def remove_server(self, name: str) -> None:
        with self.db.transaction() as db:
            servers = [ServerConfig.from_record(r) for r in db.table("servers").all()]
            remaining = [s for s in servers if s.name != name]
            if len(remaining) == len(servers):
                self.server(name)  # raises the helpful "no such server" error
            _write_servers(db, remaining)

    def set_default(self, name: str) -> None:
        with self.db.transaction() as db:
            servers = [ServerConfig.from_record(r) for r in db.table("servers").all()]
            if name not in {s.name for s in servers}:
                self.server(name)
            _write_servers(db, [replace(s, is_default=(s.name == name)) for s in servers])

    def update_settings(self, **changes: Any) -> Settings:
        with self.db.transaction() as db:
            table = db.table("settings")
            current = table.get(doc_id=SETTINGS_DOC_ID)
            record = Settings.from_record(dict(current) if current else {}).to_record()
            record.update({k: getattr(v, "value", v) for k, v in changes.items()})
            settings = Settings.from_record(record)
            table.truncate()
            table.insert(settings.to_record())
            return settings

    def section(self, name: str) -> dict[str, Any]:
        """The stored values of one settings section (e.g. ``"bounce_policy"``)."""
        self._refresh()
        return dict(self._sections.get(name, {}))

    def parsed_section(self, name: str, parse: Callable[[dict[str, Any]], T]) -> T:
        """``parse(section(name))``, computed once per version of the file.

        For the settings the send path reads per mail (bounce address,
        domain checks): ``parse`` must return an immutable value."""
        self._refresh()
        key = (name, parse)
        try:
            value: T = self._parsed[key]
        except KeyError:
            value = self._parsed[key] = parse(dict(self._sections.get(name, {})))
        return value

    def update_section(self, name: str, **values: Any) -> dict[str, Any]:
        """Change values of one settings section; returns the whole section."""
        with self.db.transaction() as db:
            table = db.table("sections")
            current = table.get(doc_id=SETTINGS_DOC_ID)
            sections = dict(current) if current else {}
            sections[name] = {**sections.get(name, {}), **values}
            table.truncate()
            table.insert(sections)
            return dict(sections[name])

    def replace_all(self, servers: list[ServerConfig], settings: Settings) -> None:
        """Write every server and the settings in one atomic step (wizard OK)."""
        checked = [validate_server(s) for s in servers]
        for index, server in enumerate(checked):
            _refuse_duplicate_filter(server, checked[:index])
        with self.db.transaction() as db:
            _write_servers(db, checked)
            db.table("settings").truncate()
            db.table("settings").insert(settings.to_record())


def _write_servers(db: TinyDB, servers: list[ServerConfig]) -> None:
    table = db.table("servers")
    table.truncate()
    table.insert_multiple(s.to_record() for s in servers)


def _refuse_duplicate_filter(server: ServerConfig, others: list[ServerConfig]) -> None:
    if not server.sender_filter:
        return
    key = filter_key(server.sender_filter)
    for other in others:
        if other.sender_filter and filter_key(other.sender_filter) == key:
            raise ConfigurationError(
                f"The server {other.name!r} already has the filter {other.sender_filter!r}; "
                "two servers with the same filter would make the choice ambiguous.",
                server=server.name,
            )


def validate_server(server: ServerConfig) -> ServerConfig:
    """Check a server record before it is stored; return it normalised."""
    for what, value in (("name", server.name), ("host", server.host), ("username", server.username)):
        if value is not None:
            refuse_line_breaks(value, f"The server's {what}")
    if not server.name.strip():
        raise ConfigurationError("A server needs a name; give one with NAME.")
    if not 0 < server.port < 65536:
        raise ConfigurationError(f"Port {server.port} is not a valid TCP port (1-65535).")
    host = domain_key(server.host) if not _is_ip_literal(server.host) else server.host
    flt = server.sender_filter.strip() if server.sender_filter else None
    if flt:
        filter_key(flt)  # raises a clear error for an invalid domain or address
    return replace(server, name=server.name.strip(), host=host, sender_filter=flt or None)


def _is_ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True
