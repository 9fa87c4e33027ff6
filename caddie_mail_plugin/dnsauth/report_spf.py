"""The SPF lines of the domain report: record, syntax, lookups, authorisation.

When the sending server is not authorised, the line carries the record to
publish instead: the existing record with the server's ``ip4:``/``ip6:`` terms
(or its provider's ``include:``) merged in before ``all``.  The proposal is
checked before it is offered: ``check_host()`` runs against it (served from
memory on top of the real DNS) for every sending address.
"""

from __future__ import annotations

import asyncio

from caddie_mail_plugin.dnsauth.dns_lookup import DnsLookup
from caddie_mail_plugin.dnsauth.problems import has_errors
from caddie_mail_plugin.dnsauth.providers import provider_of_smtp_host
from caddie_mail_plugin.dnsauth.report_inputs import DomainDns
from caddie_mail_plugin.dnsauth.report_model import Check, CheckStatus, DnsRecordSuggestion, Text
from caddie_mail_plugin.dnsauth.spf_check_host import check_host
from caddie_mail_plugin.dnsauth.spf_model import MAX_DNS_TERMS, MAX_VOID_LOOKUPS, SpfOutcome
from caddie_mail_plugin.dnsauth.spf_proposal import address_terms, merge_spf_record
from caddie_mail_plugin.dnsauth.spf_syntax import check_spf_syntax
from caddie_mail_plugin.dnsauth.zone_resolver import OverlayResolver, ZoneResolver

TITLE_RECORD = Text("SPF-Eintrag vorhanden und eindeutig", "SPF record present and unique")
TITLE_SYNTAX = Text("SPF-Syntax", "SPF syntax")
TITLE_LOOKUPS = Text("SPF-DNS-Abfragen (höchstens 10, davon höchstens 2 ins Leere)", "SPF DNS lookups (at most 10, at most 2 void)")
TITLE_AUTHORISES = Text("SPF erlaubt den Versand über Ihren Server", "SPF authorises your sending server")
TRY_LATER = Text(
    "Der DNS-Server hat nicht geantwortet. Bitte prüfen Sie es später noch einmal.",
    "The DNS server did not answer. Please check again later.",
)


def record_check(dns: DomainDns) -> Check:
    """SPF present and unique."""
    domain = dns.envelope_domain
    if dns.spf_error:
        return Check("spf-record", TITLE_RECORD, CheckStatus.WARNING,
                     Text(f"Der SPF-Eintrag von {domain} konnte nicht abgefragt werden ({dns.spf_error}).",
                          f"The SPF record of {domain} could not be looked up ({dns.spf_error})."), TRY_LATER)
    if not dns.spf_records:
        return Check("spf-record", TITLE_RECORD, CheckStatus.ERROR,
                     Text(f"{domain} hat keinen SPF-Eintrag. Empfänger können nicht prüfen, welche Server für Ihre Domain senden dürfen.",
                          f"{domain} has no SPF record. Receivers cannot tell which servers may send for your domain."),
                     Text("Legen Sie den unten unter „SPF erlaubt den Versand“ vorgeschlagenen TXT-Eintrag an.",
                          "Publish the TXT record proposed below under 'SPF authorises your sending server'."))
    if len(dns.spf_records) > 1:
        listing = " | ".join(dns.spf_records)
        return Check("spf-record", TITLE_RECORD, CheckStatus.ERROR,
                     Text(f"{domain} hat {len(dns.spf_records)} SPF-Einträge ({listing}). Empfänger werten das als Fehler (permerror).",
                          f"{domain} has {len(dns.spf_records)} SPF records ({listing}). Receivers treat this as an error (permerror)."),
                     Text("Fassen Sie alle Angaben in einem einzigen TXT-Eintrag „v=spf1 … all“ zusammen und löschen Sie die übrigen.",
                          "Merge everything into a single TXT record 'v=spf1 … all' and delete the others."))
    return Check("spf-record", TITLE_RECORD, CheckStatus.OK,
                 Text(f"{domain}: {dns.spf_records[0]}", f"{domain}: {dns.spf_records[0]}"))


def syntax_check(record: str) -> Check:
    """SPF syntax errors and advice."""
    problems = check_spf_syntax(record)
    if not problems:
        return Check("spf-syntax", TITLE_SYNTAX, CheckStatus.OK, Text("Der SPF-Eintrag ist korrekt aufgebaut.", "The SPF record is well-formed."))
    listing = "; ".join(problem.message for problem in problems)
    if has_errors(problems):
        return Check("spf-syntax", TITLE_SYNTAX, CheckStatus.ERROR,
                     Text(f"Der SPF-Eintrag enthält Fehler: {listing}. Empfänger werten ihn als ungültig (permerror).",
                          f"The SPF record has errors: {listing}. Receivers treat it as invalid (permerror)."),
                     Text("Korrigieren Sie den Eintrag wie beschrieben (oder übernehmen Sie den Vorschlag unten).",
                          "Correct the record as described (or use the proposal below)."))
    return Check("spf-syntax", TITLE_SYNTAX, CheckStatus.WARNING,
                 Text(f"Der SPF-Eintrag ist gültig, aber: {listing}.", f"The SPF record is valid, but: {listing}."),
                 Text("Prüfen Sie die Hinweise mit Ihrem DNS-Anbieter.", "Review these notes with your DNS provider."))


def lookups_check(dns: DomainDns) -> Check:
    """At most 10 DNS-querying terms and 2 void lookups over the whole tree."""
    tree = dns.lookup_tree
    picture_de = " / ".join(line.strip() for line in tree.lines("de"))
    picture = " / ".join(line.strip() for line in tree.lines("en"))
    counts_de = f"{tree.total_lookups} von höchstens {MAX_DNS_TERMS} Abfragen, {tree.total_void} ins Leere (höchstens {MAX_VOID_LOOKUPS})"
    counts_en = f"{tree.total_lookups} of at most {MAX_DNS_TERMS} lookups, {tree.total_void} void (at most {MAX_VOID_LOOKUPS})"
    if tree.within_limits:
        return Check("spf-lookups", TITLE_LOOKUPS, CheckStatus.OK, Text(f"{counts_de}: {picture_de}", f"{counts_en}: {picture}"))
    return Check("spf-lookups", TITLE_LOOKUPS, CheckStatus.ERROR,
                 Text(f"{counts_de}: {picture_de}. Empfänger brechen die Prüfung ab (permerror).",
                      f"{counts_en}: {picture}. Receivers abort the check (permerror)."),
                 Text("Entfernen Sie nicht mehr genutzte include:-Einträge und Einträge ohne DNS-Daten, oder ersetzen Sie sie durch ip4:/ip6:-Angaben.",
                      "Remove include: terms no longer used and terms whose names have no DNS data, or replace them with ip4:/ip6: terms."))


async def proposal_for(dns: DomainDns, server_host: str | None, resolver: DnsLookup) -> tuple[str, bool]:
    """The merged record to publish and whether it was checked to pass."""
    host = dns.addresses.server_host
    provider = provider_of_smtp_host(host) if host else None
    failing = [e.ip for e in dns.spf_results if e.result.result is not SpfOutcome.PASS]
    terms = [f"include:{provider.spf_include}"] if provider and provider.spf_include else address_terms(failing)
    existing = dns.spf_records[0] if len(dns.spf_records) == 1 else None
    proposal = merge_spf_record(existing, terms)
    overlay = OverlayResolver(resolver, ZoneResolver({dns.envelope_domain: {"TXT": [proposal]}}))
    helo = server_host or dns.envelope_domain
    results = await asyncio.gather(*(
        check_host(ip, dns.envelope_domain, "postmaster@" + dns.envelope_domain, helo, resolver=overlay)
        for ip in dns.addresses.ips
    ))
    return proposal, all(result.result is SpfOutcome.PASS for result in results)


async def authorises_check(dns: DomainDns, server_host: str | None, resolver: DnsLookup) -> Check:
    """Does SPF pass for every address the mail is sent from?"""
    domain, addresses = dns.envelope_domain, dns.addresses
    if not addresses.ips and not addresses.error:
        return Check("spf-authorises", TITLE_AUTHORISES, CheckStatus.WARNING,
                     Text("Es ist kein Versandserver angegeben, daher konnte nicht geprüft werden, ob SPF ihn erlaubt.",
                          "No sending server was given, so it could not be checked whether SPF authorises it."),
                     Text("Geben Sie den SMTP-Server (oder die Absende-IP-Adressen Ihres Smarthosts) an und prüfen Sie erneut.",
                          "Give the SMTP server (or your smarthost's sending IP addresses) and check again."))
    if addresses.error:
        return Check("spf-authorises", TITLE_AUTHORISES, CheckStatus.ERROR,
                     Text(f"Die Adressen des Servers {addresses.server_host} konnten nicht ermittelt werden ({addresses.error}).",
                          f"The addresses of server {addresses.server_host} could not be found ({addresses.error})."),
                     Text("Prüfen Sie den Servernamen in den SMTP-Einstellungen.", "Check the server name in the SMTP settings."))
    outcomes = {e.ip: e.result for e in dns.spf_results}
    summary = ", ".join(f"{ip}: {result.result.value}" for ip, result in outcomes.items())
    if all(result.result is SpfOutcome.PASS for result in outcomes.values()):
        return Check("spf-authorises", TITLE_AUTHORISES, CheckStatus.OK,
                     Text(f"SPF von {domain} erlaubt den Versand ({summary}).", f"The SPF policy of {domain} authorises sending ({summary})."))
    if any(result.result is SpfOutcome.TEMPERROR for result in outcomes.values()):
        return Check("spf-authorises", TITLE_AUTHORISES, CheckStatus.WARNING,
                     Text(f"Die SPF-Prüfung ist vorübergehend fehlgeschlagen ({summary}).", f"The SPF check failed temporarily ({summary})."), TRY_LATER)
    broken = [result.reason for result in outcomes.values() if result.result is SpfOutcome.PERMERROR]
    if broken:
        return Check("spf-authorises", TITLE_AUTHORISES, CheckStatus.ERROR,
                     Text(f"Der SPF-Eintrag von {domain} ist fehlerhaft (permerror: {broken[0]}). Empfänger lehnen Ihre Mails ab oder stufen sie als Spam ein.",
                          f"The SPF policy of {domain} is broken (permerror: {broken[0]}). Receivers reject your mail or mark it as spam."),
                     Text("Beheben Sie zuerst die oben genannten SPF-Fehler.", "First fix the SPF errors listed above."))
    proposal, verified = await proposal_for(dns, server_host, resolver)
    checked_de = " (geprüft: damit besteht SPF für alle Absendeadressen)" if verified else ""
    checked_en = " (checked: with it SPF passes for all sending addresses)" if verified else ""
    action_de = f"Ersetzen Sie den SPF-Eintrag (TXT) von {domain} durch" if dns.spf_records else f"Legen Sie für {domain} diesen TXT-Eintrag an"
    action_en = f"Replace the SPF (TXT) record of {domain} with" if dns.spf_records else f"Publish this TXT record for {domain}"
    return Check("spf-authorises", TITLE_AUTHORISES, CheckStatus.ERROR,
                 Text(f"SPF von {domain} erlaubt Ihren Server nicht ({summary}). Mails können abgelehnt werden oder im Spam landen.",
                      f"The SPF policy of {domain} does not authorise your server ({summary}). Mail may be rejected or end up as spam."),
                 Text(f"{action_de}: {proposal}{checked_de}", f"{action_en}: {proposal}{checked_en}"),
                 DnsRecordSuggestion(domain, "TXT", proposal))


async def spf_checks(dns: DomainDns, server_host: str | None, resolver: DnsLookup) -> list[Check]:
    """All SPF lines of the report."""
    checks = [record_check(dns)]
    if len(dns.spf_records) == 1:
        checks += [syntax_check(dns.spf_records[0]), lookups_check(dns)]
    checks.append(await authorises_check(dns, server_host, resolver))
    return checks
