"""Left-to-right evaluation of SPF records with include and redirect.

:func:`evaluate_domain` is ``check_host()`` without the initial checks: it
fetches the domain's record, tries the mechanisms in order and follows
``redirect=`` when none matched.  ``include:`` recurses into the same function.
A permerror or temperror anywhere ends the whole evaluation (exceptions from
:mod:`~caddie_mail_plugin.dnsauth.spf_session`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from caddie_mail_plugin.dnsauth.domain_names import is_queryable_name
from caddie_mail_plugin.dnsauth.spf_mechanisms import match_address_mechanism
from caddie_mail_plugin.dnsauth.spf_model import (
    Mechanism,
    MechanismKind,
    SpfOutcome,
    SpfRecord,
)
from caddie_mail_plugin.dnsauth.spf_session import SpfPermError, SpfSession

RecordListener = Callable[[SpfRecord, str], None]


@dataclass(frozen=True)
class Verdict:
    """The result of one domain's record, with what produced it."""

    outcome: SpfOutcome
    mechanism: str = ""
    domain: str = ""
    record: SpfRecord | None = None


async def _include_matches(
    session: SpfSession, mechanism: Mechanism, domain: str, on_record: RecordListener
) -> bool:
    session.count_dns_term(mechanism.text)
    target = await session.target_name(mechanism.domain_spec, domain)
    verdict = await evaluate_domain(session, target, on_record)
    if verdict.outcome is SpfOutcome.NONE:
        raise SpfPermError(f"{mechanism.text}: {target} has no SPF record")
    return verdict.outcome is SpfOutcome.PASS


async def _matches(
    session: SpfSession, mechanism: Mechanism, domain: str, on_record: RecordListener
) -> bool:
    if mechanism.kind is MechanismKind.ALL:
        return True
    if mechanism.kind is MechanismKind.INCLUDE:
        return await _include_matches(session, mechanism, domain, on_record)
    return await match_address_mechanism(session, mechanism, domain)


async def evaluate_domain(
    session: SpfSession, domain: str, on_record: RecordListener
) -> Verdict:
    """Evaluate the SPF record of ``domain`` (``none`` if it has none).

    ``on_record`` is told about every record as soon as it is loaded (the
    prefetcher uses it to start the lookups the record will need).
    """
    record = await session.record_of(domain) if is_queryable_name(domain) else None
    if record is None:
        return Verdict(SpfOutcome.NONE, domain=domain)
    on_record(record, domain)
    for mechanism in record.mechanisms:
        if await _matches(session, mechanism, domain, on_record):
            return Verdict(mechanism.qualifier.outcome, mechanism.text, domain, record)
    if record.redirect is not None:
        session.count_dns_term("redirect=" + record.redirect)
        target = await session.target_name(record.redirect, domain)
        verdict = await evaluate_domain(session, target, on_record)
        if verdict.outcome is SpfOutcome.NONE:
            raise SpfPermError(f"redirect={record.redirect}: {target} has no SPF record")
        return verdict
    return Verdict(SpfOutcome.NEUTRAL, domain=domain, record=record)
