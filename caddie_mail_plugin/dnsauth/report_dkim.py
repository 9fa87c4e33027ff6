"""The DKIM line of the domain report: key published, strong enough, matching.

When the plugin signs (``dkim_signing``), the first of ``dkim_selectors`` is
the selector it signs with: its key must be published, usable, at least 1024
bits (2048 recommended) and — if ``expected_dkim_key`` is given — equal to the
signing key.  Otherwise any usable key under the usual selectors counts (the
provider signs), and none found is a warning.
"""

from __future__ import annotations

import base64
import binascii

from caddie_mail_plugin.dnsauth.dkim_key import (
    ED25519_KEY_BYTES,
    DkimKeyRecord,
    parse_dkim_key_record,
    public_key_matches,
)
from caddie_mail_plugin.dnsauth.report_inputs import DomainDns, SelectorLookup
from caddie_mail_plugin.dnsauth.report_model import Check, CheckStatus, DnsRecordSuggestion, Text

TITLE = Text("DKIM-Schlüssel veröffentlicht, stark genug und passend", "DKIM key published, strong enough and matching")


def _record_value(expected_key: str) -> str:
    try:
        raw = base64.b64decode(expected_key, validate=True)
    except binascii.Error:
        raw = b""
    key_type = "ed25519" if len(raw) == ED25519_KEY_BYTES else "rsa"
    return f"v=DKIM1; k={key_type}; p={expected_key}"


def _describe(lookup: SelectorLookup, record: DkimKeyRecord) -> str:
    kind = record.key_type.value if record.key_type else "?"
    bits = f"{record.key_bits} bit " if record.key_bits else ""
    return f"{lookup.selector}: {bits}{kind}"


def _domain_of(lookup: SelectorLookup) -> str:
    return lookup.name.split("._domainkey.", 1)[-1]


def _publish(lookup: SelectorLookup, expected_key: str | None, status: CheckStatus, detail: Text) -> Check:
    if expected_key is None:
        return Check("dkim", TITLE, status, detail,
                     Text(f"Veröffentlichen Sie den öffentlichen Schlüssel Ihres Signaturschlüssels als TXT-Eintrag {lookup.name} (im Assistenten unter DKIM und mit 'caddie-mail dkim record {_domain_of(lookup)} --selector {lookup.selector}' angezeigt).",
                          f"Publish the public half of your signing key as TXT record {lookup.name} (shown in the wizard under DKIM and by 'caddie-mail dkim record {_domain_of(lookup)} --selector {lookup.selector}')."))
    value = _record_value(expected_key)
    return Check("dkim", TITLE, status, detail,
                 Text(f"Legen Sie diesen TXT-Eintrag an: {lookup.name} = {value}", f"Publish this TXT record: {lookup.name} = {value}"),
                 DnsRecordSuggestion(lookup.name, "TXT", value))


def _signing_check(lookup: SelectorLookup, expected_key: str | None) -> Check:
    if lookup.error:
        return Check("dkim", TITLE, CheckStatus.WARNING,
                     Text(f"Der DKIM-Schlüssel {lookup.name} konnte nicht abgefragt werden ({lookup.error}).",
                          f"The DKIM key {lookup.name} could not be looked up ({lookup.error})."),
                     Text("Bitte prüfen Sie es später noch einmal.", "Please check again later."))
    if len(lookup.records) != 1:
        found = "keinen" if not lookup.records else "mehrere"
        return _publish(lookup, expected_key, CheckStatus.ERROR,
                        Text(f"Unter {lookup.name} ist {found} DKIM-Schlüssel veröffentlicht. Empfänger können Ihre Signatur nicht prüfen.",
                             f"{'No' if not lookup.records else 'More than one'} DKIM key is published at {lookup.name}. Receivers cannot verify your signature."))
    record = parse_dkim_key_record(lookup.records[0])
    listing = "; ".join(problem.message for problem in record.problems)
    if not record.is_usable:
        return _publish(lookup, expected_key, CheckStatus.ERROR,
                        Text(f"Der DKIM-Schlüssel unter {lookup.name} ist nicht verwendbar: {listing}.",
                             f"The DKIM key at {lookup.name} cannot be used: {listing}."))
    if expected_key is not None and not public_key_matches(record, expected_key):
        return _publish(lookup, expected_key, CheckStatus.ERROR,
                        Text(f"Der unter {lookup.name} veröffentlichte Schlüssel passt nicht zu dem Schlüssel, mit dem signiert wird. Signaturen schlagen fehl.",
                             f"The key published at {lookup.name} does not match the key used for signing. Signatures will fail."))
    described = _describe(lookup, record)
    if record.problems:
        return Check("dkim", TITLE, CheckStatus.WARNING,
                     Text(f"DKIM-Schlüssel {described} ist verwendbar, aber: {listing}.", f"DKIM key {described} works, but: {listing}."),
                     Text("Erzeugen Sie bei Gelegenheit einen 2048-Bit-Schlüssel und veröffentlichen Sie ihn.",
                          "When convenient, generate a 2048-bit key and publish it."))
    return Check("dkim", TITLE, CheckStatus.OK,
                 Text(f"DKIM-Schlüssel {described} ist veröffentlicht und passt.", f"DKIM key {described} is published and matches."))


def _provider_check(dns: DomainDns) -> Check:
    usable = []
    for lookup in dns.selectors:
        for text in lookup.records:
            record = parse_dkim_key_record(text)
            if record.is_usable:
                usable.append(_describe(lookup, record))
    if usable:
        listing = ", ".join(usable)
        return Check("dkim", TITLE, CheckStatus.OK,
                     Text(f"DKIM-Schlüssel gefunden ({listing}); signiert wird bei Ihrem Anbieter.",
                          f"DKIM keys found ({listing}); your provider signs the mail."))
    return Check("dkim", TITLE, CheckStatus.WARNING,
                 Text(f"Für {dns.domain} wurde unter den üblichen Selektoren kein DKIM-Schlüssel gefunden. Seit 2024 verlangen Gmail und Yahoo DKIM von Massenversendern.",
                      f"No DKIM key was found for {dns.domain} under the usual selectors. Since 2024 Gmail and Yahoo require DKIM from bulk senders."),
                 Text(f"Schalten Sie die DKIM-Signatur ein (im Assistenten oder mit 'caddie-mail dkim generate {dns.domain}') und veröffentlichen Sie den angezeigten Schlüssel, oder lassen Sie Ihren Anbieter signieren.",
                      f"Switch on DKIM signing (in the wizard or with 'caddie-mail dkim generate {dns.domain}') and publish the key it shows, or have your provider sign."))


def dkim_check(dns: DomainDns, *, dkim_signing: bool, expected_key: str | None) -> Check:
    """The DKIM line."""
    if dkim_signing and dns.selectors:
        return _signing_check(dns.selectors[0], expected_key)
    return _provider_check(dns)
