"""The DMARC lines of the domain report: the policy, and alignment as sent.

Alignment is judged for the mail as the plugin will send it: SPF counts when
SPF passes for every sending address *and* the envelope (MAIL FROM) domain
aligns with the From domain; DKIM counts when the plugin signs with a usable,
matching key *and* its ``d=`` domain aligns.  DMARC passes if either does.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from caddie_mail_plugin.dnsauth.dmarc_alignment import is_aligned
from caddie_mail_plugin.dnsauth.dmarc_record import AlignmentMode, DmarcPolicy, DmarcRecord, parse_dmarc_record
from caddie_mail_plugin.dnsauth.dns_lookup import DnsLookup
from caddie_mail_plugin.dnsauth.report_inputs import DomainDns
from caddie_mail_plugin.dnsauth.report_model import Check, CheckStatus, DnsRecordSuggestion, Text
from caddie_mail_plugin.dnsauth.spf_model import SpfOutcome

TITLE_RECORD = Text("DMARC-Richtlinie vorhanden und gültig", "DMARC policy present and valid")
TITLE_ALIGNMENT = Text("DMARC-Ausrichtung beim Versand", "DMARC alignment as sent")
MODE_TEXT = {AlignmentMode.RELAXED: ("locker", "relaxed"), AlignmentMode.STRICT: ("streng", "strict")}


def _missing(dns: DomainDns) -> Check:
    value = f"v=DMARC1; p=none; rua=mailto:dmarc@{dns.domain}"
    name = f"_dmarc.{dns.domain}"
    return Check("dmarc-record", TITLE_RECORD, CheckStatus.WARNING,
                 Text(f"{dns.domain} hat keine DMARC-Richtlinie. Seit 2024 verlangen Gmail und Yahoo sie von Massenversendern.",
                      f"{dns.domain} has no DMARC policy. Since 2024 Gmail and Yahoo require one from bulk senders."),
                 Text(f"Legen Sie den TXT-Eintrag {name} = {value} an und richten Sie das Postfach dmarc@{dns.domain} für die Berichte ein.",
                      f"Publish the TXT record {name} = {value} and set up the mailbox dmarc@{dns.domain} for the reports."),
                 DnsRecordSuggestion(name, "TXT", value))


def record_check(dns: DomainDns) -> Check:
    """DMARC present, valid, and how strict its policy is."""
    own = dns.dmarc.own
    if own.error:
        return Check("dmarc-record", TITLE_RECORD, CheckStatus.WARNING,
                     Text(f"Die DMARC-Richtlinie konnte nicht abgefragt werden ({own.error}).", f"The DMARC policy could not be looked up ({own.error})."),
                     Text("Bitte prüfen Sie es später noch einmal.", "Please check again later."))
    if len(own.records) > 1:
        return Check("dmarc-record", TITLE_RECORD, CheckStatus.ERROR,
                     Text(f"_dmarc.{dns.domain} hat {len(own.records)} DMARC-Einträge; Empfänger ignorieren dann alle.",
                          f"_dmarc.{dns.domain} has {len(own.records)} DMARC records; receivers then ignore them all."),
                     Text("Löschen Sie alle bis auf einen.", "Delete all but one."))
    if len(own.records) == 1 and own.record is None:
        problems = parse_dmarc_record(own.records[0], dns.domain).problems
        listing = "; ".join(problem.message for problem in problems if problem.is_error)
        return Check("dmarc-record", TITLE_RECORD, CheckStatus.ERROR,
                     Text(f"Der DMARC-Eintrag „{own.records[0]}“ ist ungültig: {listing}.", f"The DMARC record '{own.records[0]}' is invalid: {listing}."),
                     Text("Korrigieren Sie den Eintrag wie beschrieben.", "Correct the record as described."))
    found = dns.dmarc.policy_lookup
    if found is None or found.record is None:
        return _missing(dns)
    record = found.record
    where_de = "" if found.domain == dns.domain else f" (geerbt von {found.domain})"
    where_en = "" if found.domain == dns.domain else f" (inherited from {found.domain})"
    notes = "; ".join(problem.message for problem in record.problems)
    notes_text = f" Hinweise: {notes}." if notes else ""
    notes_en = f" Notes: {notes}." if notes else ""
    if record.effective_policy is DmarcPolicy.NONE:
        return Check("dmarc-record", TITLE_RECORD, CheckStatus.WARNING,
                     Text(f"DMARC-Richtlinie p=none{where_de}: Empfänger beobachten nur und schützen Ihre Domain nicht vor Fälschungen.{notes_text}",
                          f"DMARC policy p=none{where_en}: receivers only monitor and do not protect your domain from forgery.{notes_en}"),
                     Text("Werten Sie die Berichte einige Wochen aus und stellen Sie dann auf p=quarantine, später p=reject um.",
                          "Review the reports for a few weeks, then move to p=quarantine and later p=reject."))
    status = CheckStatus.WARNING if record.problems else CheckStatus.OK
    return Check("dmarc-record", TITLE_RECORD, status,
                 Text(f"DMARC-Richtlinie p={record.effective_policy.value}{where_de}: {record.text}.{notes_text}",
                      f"DMARC policy p={record.effective_policy.value}{where_en}: {record.text}.{notes_en}"))


@dataclass(frozen=True)
class AlignmentFacts:
    """How the mail will be sent."""

    dkim_signing: bool
    dkim_domain: str
    dkim_usable: bool


def _policy_record(dns: DomainDns) -> DmarcRecord | None:
    found = dns.dmarc.policy_lookup
    return found.record if found is not None else None


async def alignment_check(dns: DomainDns, facts: AlignmentFacts, resolver: DnsLookup) -> Check:
    """Will DMARC pass for the mail as sent (through SPF or DKIM)?"""
    record = _policy_record(dns)
    aspf = record.aspf if record else AlignmentMode.RELAXED
    adkim = record.adkim if record else AlignmentMode.RELAXED
    spf_aligned, dkim_aligned = await asyncio.gather(
        is_aligned(dns.domain, dns.envelope_domain, aspf, resolver),
        is_aligned(dns.domain, facts.dkim_domain, adkim, resolver),
    )
    spf_pass = bool(dns.spf_results) and all(e.result.result is SpfOutcome.PASS for e in dns.spf_results)
    spf_ok = spf_pass and spf_aligned
    dkim_ok = facts.dkim_signing and facts.dkim_usable and dkim_aligned
    spf_de = f"SPF: Umschlag-Absender {dns.envelope_domain}, SPF {'bestanden' if spf_pass else 'nicht bestanden'}, {'ausgerichtet' if spf_aligned else 'nicht ausgerichtet'} ({MODE_TEXT[aspf][0]})"
    spf_en = f"SPF: envelope domain {dns.envelope_domain}, SPF {'passes' if spf_pass else 'does not pass'}, {'aligned' if spf_aligned else 'not aligned'} ({MODE_TEXT[aspf][1]})"
    if facts.dkim_signing:
        dkim_de = f"DKIM: d={facts.dkim_domain}, Schlüssel {'in Ordnung' if facts.dkim_usable else 'fehlerhaft'}, {'ausgerichtet' if dkim_aligned else 'nicht ausgerichtet'} ({MODE_TEXT[adkim][0]})"
        dkim_en = f"DKIM: d={facts.dkim_domain}, key {'fine' if facts.dkim_usable else 'not usable'}, {'aligned' if dkim_aligned else 'not aligned'} ({MODE_TEXT[adkim][1]})"
    else:
        dkim_de, dkim_en = "DKIM: es wird nicht signiert", "DKIM: mail is not signed"
    detail = Text(f"Absender {dns.domain}. {spf_de}. {dkim_de}.", f"From domain {dns.domain}. {spf_en}. {dkim_en}.")
    if spf_ok or dkim_ok:
        status = CheckStatus.OK if spf_ok and dkim_ok else CheckStatus.WARNING
        advice = None if status is CheckStatus.OK else Text(
            "DMARC besteht über nur ein Verfahren. Richten Sie auch das andere ein (SPF und DKIM), damit Weiterleitungen nicht scheitern.",
            "DMARC passes through one method only. Set up the other as well (SPF and DKIM) so forwarding does not break it.")
        return Check("dmarc-alignment", TITLE_ALIGNMENT, status, detail, advice)
    if any(e.result.result is SpfOutcome.TEMPERROR for e in dns.spf_results) and not dkim_ok:
        return Check("dmarc-alignment", TITLE_ALIGNMENT, CheckStatus.WARNING, detail,
                     Text("Die SPF-Prüfung ist vorübergehend fehlgeschlagen, daher ist offen, ob DMARC besteht. Bitte prüfen Sie es später noch einmal.",
                          "The SPF check failed temporarily, so whether DMARC passes is open. Please check again later."))
    strict = record is not None and record.effective_policy is not DmarcPolicy.NONE
    return Check("dmarc-alignment", TITLE_ALIGNMENT, CheckStatus.ERROR if strict else CheckStatus.WARNING, detail,
                 Text("Sorgen Sie dafür, dass SPF Ihren Server erlaubt und der Umschlag-Absender zur Absenderdomain gehört, oder schalten Sie die DKIM-Signatur mit d="
                      f"{dns.domain} ein. Sonst werden Mails {'abgewiesen oder als Spam markiert' if strict else 'nach DMARC als nicht authentisch gewertet'}.",
                      f"Make SPF authorise your server with an envelope domain belonging to the From domain, or switch on DKIM signing with d={dns.domain}. "
                      f"Otherwise mail {'is rejected or marked as spam' if strict else 'is not authenticated under DMARC'}."))
