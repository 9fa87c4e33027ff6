"""List-Unsubscribe / List-Unsubscribe-Post (RFC 2369, RFC 8058)."""

from __future__ import annotations

import copy
import email
import pickle
from email import policy
from email.message import EmailMessage

import pytest

from caddie_mail_plugin.dkim import (
    UnsubscribeHeaderError,
    UnsubscribeInjectionError,
    add_list_unsubscribe,
)
from caddie_mail_plugin.exceptions import HeaderInjectionError, InvalidMessageError

URL = "https://golfclub-example.de/newsletter/abmelden?t=4f2a9c&m=17"


def message() -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = "sekretariat@golfclub-example.de"
    msg["Subject"] = "Clubnachrichten"
    msg.set_content("Hallo\n")
    return msg


def test_url_and_mailto() -> None:
    msg = message()
    add_list_unsubscribe(msg, url=URL, mailto="abmelden@golfclub-example.de")
    assert msg["List-Unsubscribe"] == f"<{URL}>, <mailto:abmelden@golfclub-example.de>"
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_mailto_only_has_no_one_click_header_and_replaces_old_ones() -> None:
    msg = message()
    add_list_unsubscribe(msg, url=URL)
    add_list_unsubscribe(msg, mailto="mailto:Abmelden@Golfclub-Straße.de?subject=Abmelden%20NL")
    assert msg.get_all("List-Unsubscribe") == [
        "<mailto:Abmelden@xn--golfclub-strae-dgb.de?subject=Abmelden%20NL>"
    ]
    assert msg["List-Unsubscribe-Post"] is None


def test_neither_target_is_refused() -> None:
    with pytest.raises(UnsubscribeHeaderError, match="at least one"):
        add_list_unsubscribe(message())


@pytest.mark.parametrize(
    "url",
    [
        "http://golfclub-example.de/abmelden",
        "javascript:alert(1)",
        "https:///no-host",
        "https://golfclub-example.de/ab melden",
        "https://golfclub-example.de/abmelden?name=Müller",
        "https://golfclub-example.de/<x>",
        "https://golfclub-example.de/" + "a" * 900,
    ],
)
def test_bad_urls_are_refused(url: str) -> None:
    msg = message()
    with pytest.raises(UnsubscribeHeaderError) as caught:
        add_list_unsubscribe(msg, url=url)
    assert isinstance(caught.value, InvalidMessageError)
    assert msg["List-Unsubscribe"] is None and msg["List-Unsubscribe-Post"] is None


@pytest.mark.parametrize(
    ("url", "mailto"),
    [(URL + "\r\nBcc: victim@example.org", None), (None, "a@golfclub-example.de\nBcc: x@y.de")],
)
def test_line_breaks_are_header_injection(url: str | None, mailto: str | None) -> None:
    with pytest.raises(UnsubscribeInjectionError) as caught:
        add_list_unsubscribe(message(), url=url, mailto=mailto)
    assert isinstance(caught.value, HeaderInjectionError)


@pytest.mark.parametrize(
    "mailto", ["not-an-address", "a@", "@golfclub-example.de", "mäx@golfclub-example.de",
               "a@golfclub-example.de?subject=two words"]
)
def test_bad_mailto_is_refused(mailto: str) -> None:
    with pytest.raises(UnsubscribeHeaderError):
        add_list_unsubscribe(message(), mailto=mailto)


@pytest.mark.parametrize("smtp", [policy.SMTP, policy.default, policy.SMTPUTF8])
def test_long_url_is_never_encoded_word(smtp: policy.Policy) -> None:
    long_url = "https://golfclub-example.de/newsletter/abmelden?token=" + "A1b2" * 60
    msg = message()
    add_list_unsubscribe(msg, url=long_url, mailto="abmelden@golfclub-example.de")
    raw = msg.as_bytes(policy=smtp)
    assert b"=?" not in raw
    assert f"<{long_url}>".encode() in raw
    parsed = email.message_from_bytes(raw, policy=policy.default)
    assert parsed["List-Unsubscribe"] == f"<{long_url}>, <mailto:abmelden@golfclub-example.de>"


def test_message_with_header_can_be_copied_and_pickled() -> None:
    msg = message()
    add_list_unsubscribe(msg, url=URL)
    for clone in (copy.deepcopy(msg), pickle.loads(pickle.dumps(msg))):
        assert clone.as_bytes(policy=policy.SMTP) == msg.as_bytes(policy=policy.SMTP)
