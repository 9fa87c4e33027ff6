"""The wizard in a real browser: Debian's Chromium driven by Playwright.

The wizard runs as ``caddie-mail wizard --demo`` would run it: a real HTTP
server in a thread and the embedded local test inbox as "Lokaler Testserver".
JavaScript is switched off in the browser: no step may need it.  The
screenshots of each step go to ``docs/screenshots/`` for the admin guides.

Without /usr/bin/chromium the test is skipped with the command to install it;
under CI (``CI=true``) a missing Chromium is a failure.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from caddie_mail_plugin.local_inbox import LocalInbox
from caddie_mail_plugin.storage.blacklist_store import BlacklistStore
from caddie_mail_plugin.wizard.serving import WizardServer, start_demo_inbox

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOTS = Path(os.environ.get("CADDIE_MAIL_SCREENSHOTS", Path(__file__).resolve().parents[2] / "docs"
                                  / "screenshots"))
TEST_ADDRESS = "test@golfclub-example.de"

pytestmark = pytest.mark.browser


def require_chromium() -> None:
    if CHROMIUM.exists():
        return
    message = f"{CHROMIUM} is missing: install Debian's Chromium with 'apt-get install -y chromium'"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message + " (CI must run the browser tests)")
    pytest.skip(message)


@pytest.fixture
def running(tmp_path: Path) -> Iterator[tuple[WizardServer, LocalInbox]]:
    inbox = start_demo_inbox(tmp_path / "demo-data")
    server = WizardServer.create(DATA_DIR=tmp_path / "demo-data", LOCAL_INBOX=inbox).start_in_thread()
    yield server, inbox
    server.stop()
    inbox.stop()


@pytest.fixture
def page(tmp_path: Path) -> Iterator[object]:
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=str(CHROMIUM), args=ARGS, headless=True,
            java_script_enabled=False, viewport={"width": 1100, "height": 900}, locale="de-DE")
        yield context.new_page()
        context.close()


def shot(page: object, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]


def test_setup_test_mail_and_blacklist_in_a_real_browser(
    running: tuple[WizardServer, LocalInbox], page: object, tmp_path: Path
) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    server, inbox = running
    page.goto(server.start_url)
    expect(page.locator("h1")).to_have_text("Übersicht")
    assert "token=" not in page.url
    shot(page, "01-overview")

    page.get_by_role("link", name="Einrichtung").click()
    expect(page.locator("h1")).to_have_text("Schritt 1 von 5: SMTP-Server")
    expect(page.get_by_label("Name", exact=True)).to_have_value("Lokaler Testserver")
    page.get_by_label("Filter: Domain oder vollständige Absenderadresse").fill("golfclub-example.de")
    page.get_by_role("button", name="Verbindung testen").click()
    expect(page.get_by_role("status")).to_contain_text("Die Verbindung funktioniert")
    shot(page, "02-step1-server")
    page.get_by_role("button", name="Weiter").click()

    expect(page.locator("h1")).to_have_text("Schritt 2 von 5: Absender")
    page.get_by_label("Klarname").fill("Golfclub Example – Sekretariat")
    page.get_by_label("Absenderadresse (From)").fill("sekretariat@golfclub-example.de")
    page.get_by_label("Antwortadresse (Reply-To)").fill("info@golfclub-example.de")
    shot(page, "03-step2-sender")
    page.get_by_role("button", name="Weiter").click()

    expect(page.locator("h1")).to_have_text("Schritt 3 von 5: Versand durch")
    page.get_by_label("Den Dienst", exact=False).check()
    expect(page.get_by_label("MAIL_TIMER_COUNT: Mails pro Portion")).to_be_visible()
    shot(page, "04-step3-dispatch-service")
    page.get_by_label("Direkt an den SMTP-Server", exact=False).check()
    expect(page.get_by_label("MAIL_TIMER_COUNT: Mails pro Portion")).to_be_hidden()
    page.get_by_role("button", name="Weiter").click()

    expect(page.locator("h1")).to_have_text("Schritt 4 von 5: Testmodus")
    page.get_by_label("Testmodus an").check()
    page.get_by_label("Testadresse").fill(TEST_ADDRESS)
    shot(page, "05-step4-test-mode")
    page.get_by_role("button", name="Zurück").click()
    expect(page.locator("h1")).to_have_text("Schritt 3 von 5: Versand durch")
    page.get_by_role("button", name="Weiter").click()
    expect(page.get_by_label("Testadresse")).to_have_value(TEST_ADDRESS)
    page.get_by_role("button", name="Weiter").click()

    expect(page.locator("h1")).to_have_text("Schritt 5 von 5: Zusammenfassung")
    expect(page.locator("main")).to_contain_text("Bitte bestätigen Sie mit OK, wenn alle Felder passend gefüllt sind.")
    shot(page, "06-step5-summary")
    page.get_by_role("button", name="OK").click()
    expect(page.get_by_role("status")).to_contain_text("Gespeichert.")
    shot(page, "07-saved")

    page.get_by_role("link", name="Testmail").click()
    page.get_by_label("An", exact=True).fill("max@example.org, erika@example.org")
    page.get_by_role("button", name="Senden").click()
    expect(page.locator("h1")).to_have_text("Der Testmodus ist an")
    shot(page, "08-testmail-question")
    page.get_by_role("button", name="Noch testen").click()
    expect(page.get_by_role("status")).to_contain_text("Ergebnis: gesendet")
    shot(page, "09-testmail-result")
    (arrived,) = inbox.mails
    assert arrived.rcpt_tos == (TEST_ADDRESS,)
    assert arrived.message()["Subject"] == "Testmail aus der Mail-Einrichtung"
    page.get_by_role("link", name="Test-Posteingang", exact=True).click()
    expect(page.locator("td.delivered")).to_have_text(TEST_ADDRESS)
    shot(page, "10-test-inbox")

    page.get_by_role("link", name="Sperrliste").click()
    page.get_by_label("Adresse", exact=True).fill("max@example.org")
    page.get_by_label("Grund", exact=True).fill("Wunsch des Mitglieds")
    page.get_by_role("button", name="Auf die Sperrliste setzen").click()
    expect(page.locator("table.blacklist")).to_contain_text("max@example.org")
    shot(page, "11-blacklist")
    store = BlacklistStore(tmp_path / "demo-data")
    assert store.get("max@example.org") is not None
    page.get_by_role("link", name="Entfernen").click()
    page.get_by_label("Grund für das Entfernen").fill("Wieder angemeldet")
    shot(page, "12-blacklist-remove")
    page.get_by_role("button", name="Entfernen").click()
    expect(page.get_by_role("status")).to_contain_text("steht nicht mehr auf der Sperrliste")
    assert store.get("max@example.org") is None
    assert [c.action for c in store.history("max@example.org")] == ["add", "remove"]
    page.get_by_role("link", name="Übersicht").click()
    expect(page.locator("rect.bar.sent")).to_have_count(1)
    shot(page, "14-overview-chart")


def test_microsoft365_page_and_cancel_in_a_real_browser(
    running: tuple[WizardServer, LocalInbox], page: object, tmp_path: Path
) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    server, _ = running
    before = (tmp_path / "demo-data" / "config.json").read_bytes()
    page.goto(server.start_url)
    page.get_by_role("link", name="Einrichtung").click()
    page.get_by_label("Server (Host)").fill("smtp.office365.com")
    page.get_by_label("STARTTLS", exact=False).check()
    page.get_by_label("Port", exact=True).fill("587")
    page.get_by_role("button", name="Weiter").click()
    expect(page.locator("h1")).to_have_text("Schritt 1 von 5: Microsoft 365")
    page.get_by_role("button", name="Weiter").click()
    expect(page.locator("main")).to_contain_text("Setzen Sie das Häkchen")
    shot(page, "13-office365")
    page.get_by_role("button", name="5. Zusammenfassung").click()
    page.get_by_role("button", name="Abbrechen").click()
    expect(page.get_by_role("status")).to_contain_text("Abgebrochen: Es wurde nichts gespeichert.")
    assert (tmp_path / "demo-data" / "config.json").read_bytes() == before


def test_missing_chromium_skips_locally_and_fails_under_ci(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sys.modules[__name__], "CHROMIUM", tmp_path / "no-chromium")
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="apt-get install -y chromium"):
        require_chromium()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must run the browser tests"):
        require_chromium()
