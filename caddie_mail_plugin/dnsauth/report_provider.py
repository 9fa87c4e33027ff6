"""The provider line of the domain report (Microsoft 365 and others).

Microsoft 365 matters twice: as the domain's mail host it is only reported;
as the *sending* server it limits volume (30 messages/minute, 10,000
recipients/day) and ends SMTP Basic authentication at the end of December
2026, so the plugin's bulk service cannot run through it.
"""

from __future__ import annotations

from caddie_mail_plugin.dnsauth.providers import (
    MICROSOFT_365,
    DetectedProvider,
    provider_of_smtp_host,
)
from caddie_mail_plugin.dnsauth.report_model import Check, CheckStatus, Text

TITLE = Text("Mail-Anbieter der Domain (Microsoft 365 u. a.)", "Mail provider of the domain (Microsoft 365 and others)")


def provider_check(providers: tuple[DetectedProvider, ...], server_host: str | None) -> Check:
    """Which providers the DNS shows, and a warning when sending through Microsoft 365."""
    if providers:
        listing = "; ".join(f"{p.name} ({', '.join(p.evidence)})" for p in providers)
        found = Text(f"Erkannt: {listing}.", f"Detected: {listing}.")
    else:
        found = Text("Kein bekannter Anbieter erkannt (eigener Mailserver oder unbekannter Anbieter).",
                     "No known provider detected (own mail server or an unknown provider).")
    sender = provider_of_smtp_host(server_host) if server_host else None
    if sender is not None and sender.key == MICROSOFT_365:
        return Check("provider", TITLE, CheckStatus.WARNING,
                     Text(f"{found.de} Ihr Versandserver {server_host} gehört zu Microsoft 365: höchstens 30 Nachrichten pro Minute und 10.000 Empfänger pro Tag; "
                          "die Anmeldung per SMTP-Basic-Authentifizierung endet Ende Dezember 2026.",
                          f"{found.en} Your sending server {server_host} is Microsoft 365: at most 30 messages a minute and 10,000 recipients a day; "
                          "SMTP Basic authentication ends at the end of December 2026."),
                     Text("Für Serienmails (Versanddienst) nutzen Sie einen Smarthost, einen eigenen Mailserver oder das Mail-Hosting Ihrer Domain.",
                          "For bulk mail (the sending service) use a smarthost, your own mail server or your domain's mail hosting."))
    return Check("provider", TITLE, CheckStatus.OK, found)


def is_microsoft365(providers: tuple[DetectedProvider, ...]) -> bool:
    """True if the domain's DNS shows Microsoft 365."""
    return any(provider.key == MICROSOFT_365 for provider in providers)
