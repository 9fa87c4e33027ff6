"""The domain report as plain text (German or English) and as JSON data."""

from __future__ import annotations

from typing import Any

from caddie_mail_plugin.dnsauth.report_model import Check, CheckStatus, DomainReport, Text

STATUS_LABEL = {
    CheckStatus.OK: Text("OK", "OK"),
    CheckStatus.WARNING: Text("WARNUNG", "WARNING"),
    CheckStatus.ERROR: Text("FEHLER", "ERROR"),
}
HEADING = Text("Prüfung der Absenderdomain", "Sender domain check")
NEXT = Text("Nächster Schritt", "Next step")
RECORD = Text("DNS-Eintrag", "DNS record")
PROVIDERS = Text("Erkannte Anbieter", "Detected providers")
SUMMARY = Text("Gesamtergebnis", "Overall result")


def _text_json(text: Text | None) -> dict[str, str] | None:
    return None if text is None else {"de": text.de, "en": text.en}


def zone_file_value(value: str) -> str:
    """A TXT value in zone-file form: quoted strings of at most 255 characters."""
    chunks = [value[index : index + 255] for index in range(0, len(value), 255)] or [""]
    return " ".join('"' + chunk.replace("\\", "\\\\").replace('"', '\\"') + '"' for chunk in chunks)


def _render_check(check: Check, lang: str) -> list[str]:
    lines = [f"[{STATUS_LABEL[check.status].get(lang)}] {check.title.get(lang)}", f"    {check.detail.get(lang)}"]
    if check.next_step is not None:
        lines.append(f"    {NEXT.get(lang)}: {check.next_step.get(lang)}")
    if check.dns_record is not None:
        record = check.dns_record
        lines.append(f"    {RECORD.get(lang)}: {record.name}. IN {record.rtype} {zone_file_value(record.value)}")
    return lines


def render_text(report: DomainReport, lang: str = "de") -> str:
    """The report as plain text, one block per line; ``lang`` is "de" or "en"."""
    lines = [f"{HEADING.get(lang)}: {report.domain}", ""]
    for check in report.checks:
        lines += _render_check(check, lang)
        lines.append("")
    if report.providers:
        lines.append(f"{PROVIDERS.get(lang)}: {', '.join(p.name for p in report.providers)}")
    lines.append(f"{SUMMARY.get(lang)}: {STATUS_LABEL[report.status].get(lang)}")
    return "\n".join(lines) + "\n"


def report_to_json(report: DomainReport) -> dict[str, Any]:
    """The report as JSON-ready data with both languages."""
    return {
        "domain": report.domain,
        "envelope_domain": report.envelope_domain,
        "status": report.status.value,
        "is_microsoft365": report.is_microsoft365,
        "sending_ips": list(report.sending_ips),
        "providers": [
            {"key": p.key, "name": p.name, "evidence": list(p.evidence)} for p in report.providers
        ],
        "checks": [
            {
                "id": check.id,
                "status": check.status.value,
                "title": _text_json(check.title),
                "detail": _text_json(check.detail),
                "next_step": _text_json(check.next_step),
                "dns_record": None
                if check.dns_record is None
                else {"name": check.dns_record.name, "type": check.dns_record.rtype, "value": check.dns_record.value},
            }
            for check in report.checks
        ],
    }
