"""The ``exp=`` explanation of a ``fail`` result (RFC 7208 section 6.2).

Any problem while fetching or expanding the explanation — a DNS error, no or
several TXT records, non-ASCII text, a macro error — means "proceed as if no
exp modifier was given": the default explanation is used.  The lookup does
not count against the processing limits.
"""

from __future__ import annotations

from caddie_mail_plugin.dnsauth.dns_lookup import RecordType
from caddie_mail_plugin.dnsauth.domain_names import is_queryable_name
from caddie_mail_plugin.dnsauth.errors import DnsAuthError, SpfSyntaxError
from caddie_mail_plugin.dnsauth.spf_macro import parse_macro_string
from caddie_mail_plugin.dnsauth.spf_model import DEFAULT_EXPLANATION, SpfRecord
from caddie_mail_plugin.dnsauth.spf_session import SpfSession, SpfTempError


async def explain_fail(session: SpfSession, record: SpfRecord, domain: str) -> str:
    """The explanation text for a ``fail`` produced by ``record`` of ``domain``."""
    if record.explanation is None:
        return DEFAULT_EXPLANATION
    try:
        target = await session.target_name(record.explanation, domain)
        if not is_queryable_name(target):
            return DEFAULT_EXPLANATION
        answer = await session.lookup.query(target, RecordType.TXT)
        if len(answer.texts) != 1:
            return DEFAULT_EXPLANATION
        text = answer.texts[0].decode("ascii")
        tokens = parse_macro_string(text, explanation=True)
        return await session.expand(tokens, domain)
    except (DnsAuthError, SpfTempError, UnicodeDecodeError, SpfSyntaxError):
        return DEFAULT_EXPLANATION
