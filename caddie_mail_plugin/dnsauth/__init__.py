"""Sender-domain authentication checks: SPF, DKIM keys, DMARC, providers.

Everything runs on DNS through :class:`DnsLookup` — the real, cached, bounded
:class:`DnsResolver` or the in-memory :class:`ZoneResolver`.

* :func:`build_domain_report` — the whole check for one sender domain, with
  :func:`render_text` (German or English) and :func:`report_to_json`.
* :func:`check_host` — RFC 7208 SPF evaluation; :func:`check_spf_syntax` and
  :func:`count_lookups` for the record alone and its lookup tree.
* :func:`parse_dmarc_record`, :func:`discover_dmarc`, :func:`is_aligned` — DMARC.
* :func:`parse_dkim_key_record`, :func:`public_key_matches` — DKIM key records.
* :func:`detect_providers` — Microsoft 365, Google Workspace and German hosters.
"""

from __future__ import annotations

from caddie_mail_plugin.dnsauth.dkim_key import (
    DkimKeyRecord,
    DkimKeyType,
    parse_dkim_key_record,
    public_key_matches,
)
from caddie_mail_plugin.dnsauth.dmarc_alignment import is_aligned, organizational_domain
from caddie_mail_plugin.dnsauth.dmarc_discovery import DmarcDiscovery, discover_dmarc
from caddie_mail_plugin.dnsauth.dmarc_record import (
    AlignmentMode,
    DmarcPolicy,
    DmarcRecord,
    parse_dmarc_record,
)
from caddie_mail_plugin.dnsauth.dns_lookup import AnswerStatus, DnsAnswer, DnsLookup, RecordType
from caddie_mail_plugin.dnsauth.errors import (
    DnsAuthError,
    DnsTemporaryError,
    DnsTimeoutError,
    InvalidDnsNameError,
    InvalidIpAddressError,
    InvalidNameserverError,
    SpfSyntaxError,
)
from caddie_mail_plugin.dnsauth.problems import Problem, ProblemSeverity
from caddie_mail_plugin.dnsauth.providers import DetectedProvider, detect_providers, provider_of_smtp_host
from caddie_mail_plugin.dnsauth.report import build_domain_report
from caddie_mail_plugin.dnsauth.report_inputs import DEFAULT_DKIM_SELECTORS
from caddie_mail_plugin.dnsauth.report_model import (
    Check,
    CheckStatus,
    DnsRecordSuggestion,
    DomainReport,
    Text,
)
from caddie_mail_plugin.dnsauth.report_render import render_text, report_to_json
from caddie_mail_plugin.dnsauth.resolver import DnsResolver
from caddie_mail_plugin.dnsauth.spf_check_host import check_host
from caddie_mail_plugin.dnsauth.spf_lookup_tree import SpfLookupTree, count_lookups
from caddie_mail_plugin.dnsauth.spf_model import SpfOutcome, SpfResult
from caddie_mail_plugin.dnsauth.spf_proposal import merge_spf_record
from caddie_mail_plugin.dnsauth.spf_syntax import check_spf_syntax
from caddie_mail_plugin.dnsauth.zone_resolver import OverlayResolver, ZoneResolver

__all__ = [
    "DEFAULT_DKIM_SELECTORS",
    "AlignmentMode",
    "AnswerStatus",
    "Check",
    "CheckStatus",
    "DetectedProvider",
    "DkimKeyRecord",
    "DkimKeyType",
    "DmarcDiscovery",
    "DmarcPolicy",
    "DmarcRecord",
    "DnsAnswer",
    "DnsAuthError",
    "DnsLookup",
    "DnsRecordSuggestion",
    "DnsResolver",
    "DnsTemporaryError",
    "DnsTimeoutError",
    "DomainReport",
    "InvalidDnsNameError",
    "InvalidIpAddressError",
    "InvalidNameserverError",
    "OverlayResolver",
    "Problem",
    "ProblemSeverity",
    "RecordType",
    "SpfLookupTree",
    "SpfOutcome",
    "SpfResult",
    "SpfSyntaxError",
    "Text",
    "ZoneResolver",
    "build_domain_report",
    "check_host",
    "check_spf_syntax",
    "count_lookups",
    "detect_providers",
    "discover_dmarc",
    "is_aligned",
    "merge_spf_record",
    "organizational_domain",
    "parse_dkim_key_record",
    "parse_dmarc_record",
    "provider_of_smtp_host",
    "public_key_matches",
    "render_text",
    "report_to_json",
]
