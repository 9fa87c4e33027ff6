"""Typo hints for provider domains."""

from __future__ import annotations

import pytest

from caddie_mail_plugin.bounce.repair_hints import edit_distance, suggest_address_fix


@pytest.mark.parametrize(
    ("typo", "fixed"),
    [
        ("max@gmial.com", "max@gmail.com"),
        ("max@gmai.com", "max@gmail.com"),
        ("eva@t-onlne.de", "eva@t-online.de"),
        ("eva@web.de.de", "eva@web.de"),
        ("eva@t-online.de.de", "eva@t-online.de"),
        ("hans@gmx.dee", "hans@gmx.de"),
        ("hans@hotmial.com", "hans@hotmail.com"),
        ("Hans.Meier@Outlok.DE", "Hans.Meier@outlook.de"),
        ("x@yahooo.de", "x@yahoo.de"),
    ],
)
def test_typos_are_fixed(typo: str, fixed: str) -> None:
    assert suggest_address_fix(typo) == fixed


@pytest.mark.parametrize(
    "address",
    ["max@gmail.com", "max@gmx.at", "max@golfclub-example.de", "max@web.com", "max@example.com",
     "not-an-address", "@gmial.com", "max@GMAIL.COM"],
)
def test_no_hint_without_an_evident_typo(address: str) -> None:
    assert suggest_address_fix(address) is None


def test_edit_distance_counts_swaps_once() -> None:
    assert edit_distance("gmial.com", "gmail.com") == 1
    assert edit_distance("abc", "abc") == 0
    assert edit_distance("kitten", "sitting") == 3
