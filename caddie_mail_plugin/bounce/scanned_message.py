"""A ``Message`` whose header lookups come from caches (built by ``mime_scan``)."""

from __future__ import annotations

import email.message
from typing import Any

_NOT_FOUND: Any = object()


class ScannedMessage(email.message.Message):
    """A ``Message`` that answers header questions from caches instead of scanning its headers.

    ``get`` (and with it ``get_content_type``, ``get_param``, ``get_payload``)
    returns exactly what ``Message`` does - the first header of that name,
    through the policy - and the parameters of a header are parsed once.
    Every method that changes the headers drops the caches (see below)."""

    def __init__(self, fields: list[tuple[str, str]] | None = None) -> None:
        super().__init__()
        self._headers = list(fields or ())
        self._reindex()

    def _reindex(self) -> None:
        self._first: dict[str, tuple[str, Any]] | None = None  # built on the first lookup
        self._ctype: str | None = None
        self._params: dict[str, Any] = {}

    def _lookup(self, name: str) -> tuple[str, Any] | None:
        if self._first is None:
            self._first = {}
            for field, value in reversed(self._headers):
                self._first[field.lower()] = (field, value)
        return self._first.get(name.lower())

    def get(self, name: str, failobj: Any = None) -> Any:
        found = self._lookup(name)
        return failobj if found is None else self.policy.header_fetch_parse(*found)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self._lookup(name) is not None

    def get_content_type(self) -> str:
        if self._ctype is None:
            self._ctype = super().get_content_type()
        return self._ctype

    def _get_params_preserve(self, failobj: Any, header: str) -> Any:
        key = header.lower()
        if key not in self._params:
            self._params[key] = getattr(super(), "_get_params_preserve")(_NOT_FOUND, header)
        found = self._params[key]
        return failobj if found is _NOT_FOUND else found


def _dropping_caches(name: str) -> Any:
    change = getattr(email.message.Message, name)

    def method(self: ScannedMessage, *args: Any, **kwargs: Any) -> Any:
        result = change(self, *args, **kwargs)
        self._reindex()
        return result

    return method


for _change in ("set_raw", "__setitem__", "__delitem__", "replace_header", "add_header", "set_param",
                "del_param", "set_type", "set_default_type", "set_boundary", "set_charset"):
    setattr(ScannedMessage, _change, _dropping_caches(_change))
