"""The admin guides show every screenshot the browser test takes, and only those."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
GUIDES = [REPO / "docs" / "admin-guide.de.md", REPO / "docs" / "admin-guide.en.md"]
TAKEN = set(re.findall(r'shot\(page, "([\w-]+)"\)', (Path(__file__).parent / "test_wizard_browser.py").read_text()))


@pytest.mark.parametrize("guide", GUIDES, ids=lambda p: p.name)
def test_guide_shows_every_screenshot(guide: Path) -> None:
    shown = set(re.findall(r"!\[[^\]]+\]\(screenshots/([\w-]+)\.png\)", guide.read_text(encoding="utf-8")))
    assert len(TAKEN) >= 13 and shown == TAKEN


@pytest.mark.parametrize("guide", GUIDES, ids=lambda p: p.name)
def test_guide_quotes_the_confirmation(guide: Path) -> None:
    text = guide.read_text(encoding="utf-8")
    for phrase in ("Bitte bestätigen Sie mit OK, wenn alle Felder passend gefüllt sind.", "Noch testen",
                   "Definitiv versenden", "Verbindung testen", "MAIL_TIMER_COUNT", "--allow-remote"):
        assert phrase in text, phrase
