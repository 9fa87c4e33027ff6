"""Fields and checks the wizard's forms share; every message is translated."""

from __future__ import annotations

import ipaddress
from typing import Any

from wtforms import Field, StringField  # type: ignore[import-untyped]
from wtforms.validators import StopValidation, ValidationError  # type: ignore[import-untyped]

from ..addresses import domain_key, filter_key, parse_address, parse_mailbox
from ..exceptions import CaddieMailError
from .i18n import _l

try:  # WTForms 3.3 wants SelectChoice objects; older versions take tuples
    from wtforms.fields.choices import SelectChoice  # type: ignore[import-untyped]
except ImportError:  # pragma: no cover - WTForms < 3.3
    SelectChoice = None

LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain"})


def choice(value: str, label: Any) -> Any:
    """One option of a radio or select field."""
    return SelectChoice(value, label) if SelectChoice is not None else (value, label)


class NumberField(StringField):  # type: ignore[misc]
    """A whole or decimal number; an empty field means "no value"."""

    def __init__(self, *args: Any, decimal: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.decimal = decimal

    def process_formdata(self, valuelist: list[str]) -> None:
        self.raw = valuelist[0].strip() if valuelist else ""
        self.data = None
        if not self.raw:
            return
        try:
            self.data = float(self.raw.replace(",", ".")) if self.decimal else int(self.raw)
        except ValueError:
            message = _l("Enter a number, e.g. 60.") if self.decimal else _l("Enter a whole number, e.g. 587.")
            raise ValueError(message) from None

    def _value(self) -> str:
        if self.raw_data:
            return str(self.raw_data[0])
        return "" if self.data is None else f"{self.data:g}" if isinstance(self.data, float) else str(self.data)


def strip(value: Any) -> Any:
    """Field filter: surrounding white space does not count."""
    return value.strip() if isinstance(value, str) else value


def no_line_breaks(form: Any, field: Field) -> None:
    if isinstance(field.data, str) and ("\r" in field.data or "\n" in field.data):
        raise ValidationError(_l("Remove the line break from this field."))


def mail_address(form: Any, field: Field) -> None:
    """A bare address: ``sekretariat@golfclub-example.de``."""
    if field.data:
        try:
            parse_address(field.data.strip())
        except CaddieMailError:
            raise ValidationError(
                _l("Enter a complete e-mail address, e.g. sekretariat@golfclub-example.de.")
            ) from None


def mailbox(form: Any, field: Field) -> None:
    """An address, with or without a name: ``Sekretariat <sekretariat@…>``."""
    if field.data:
        try:
            parse_mailbox(field.data.strip())
        except CaddieMailError:
            raise ValidationError(
                _l("Enter an e-mail address, e.g. Sekretariat <sekretariat@golfclub-example.de>.")
            ) from None


def host_name(form: Any, field: Field) -> None:
    if field.data and not is_ip_literal(field.data):
        try:
            domain_key(field.data)
        except CaddieMailError:
            raise ValidationError(
                _l("Enter the server's name or IP address, e.g. mail.golfclub-example.de.")
            ) from None


def sender_filter(form: Any, field: Field) -> None:
    if field.data:
        try:
            filter_key(field.data)
        except CaddieMailError:
            raise ValidationError(
                _l("Enter a domain (golfclub-example.de) or a complete sender address "
                   "(sekretariat@golfclub-example.de), or leave the field empty.")
            ) from None


class RequiredWhen:
    """Required when another field holds ``value``; skipped (and cleared) otherwise."""

    def __init__(self, other: str, value: object, message: Any) -> None:
        self.other, self.value, self.message = other, value, message

    def __call__(self, form: Any, field: Field) -> None:
        if form[self.other].data != self.value:
            field.errors[:] = []
            raise StopValidation()
        raw = str(field.raw_data[0]).strip() if field.raw_data else ""
        if (field.data is None or field.data == "") and not raw:
            field.errors[:] = []
            raise StopValidation(self.message)


class Between:
    """A number from ``low`` to ``high``; an empty or unreadable number is left
    to the required check and the field's own message."""

    def __init__(self, low: float, high: float, message: Any) -> None:
        self.low, self.high, self.message = low, high, message

    def __call__(self, form: Any, field: Field) -> None:
        if field.data is not None and not self.low <= field.data <= self.high:
            raise ValidationError(self.message)


def is_ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip().strip("[]"))
    except ValueError:
        return False
    return True


def is_loopback_host(host: str) -> bool:
    host = host.strip().strip("[]").rstrip(".").lower()
    if host in LOOPBACK_NAMES:
        return True
    return is_ip_literal(host) and ipaddress.ip_address(host).is_loopback
