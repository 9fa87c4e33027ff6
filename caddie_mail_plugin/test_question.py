"""The question put to the host while test mode is on."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TestModeQuestion:
    """"Still testing, or send for real?" for one send or batch."""

    __test__ = False  # not a pytest test class
    test_address: str
    message_count: int
    subjects: tuple[str, ...]
    recipient_count: int

    def prompt(self) -> str:
        what = f"{self.message_count} mail(s)" if self.message_count != 1 else "this mail"
        return (
            f"Test mode is on: {what} would go to {self.test_address} only. "
            "Still testing, or send for real to the actual recipients?"
        )
