"""Reads of the exchange ledger, scoped to the user: a case's disclosures for its coordinators,
an organisation's for its data protection officer, and the ledger as CSV rows."""

import datetime
from collections.abc import Iterable, Iterator

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from forebyg.actors.models import MUNICIPAL_UNIT_KINDS, Organisation, OrganisationKind
from forebyg.cases.models import Case
from forebyg.core.exports import neutralise  # the CSV's cells; also used as selectors.neutralise
from forebyg.exchange import permissions
from forebyg.exchange.models import DisclosureRecord
from forebyg.exchange.permissions import UserLike
from forebyg.legal.rules import Condition, DataCategory

RELATED = ("by", "discloser", "recipient", "case", "person", "legal_basis")


def _ledger() -> QuerySet[DisclosureRecord]:
    return DisclosureRecord.objects.select_related(*RELATED).order_by("-at", "-id")


def case_ledger(user: UserLike, case: Case) -> QuerySet[DisclosureRecord]:
    """The disclosures recorded for a case, newest first, for the coordinators who see it."""
    if not permissions.can_view_ledger(user, case):
        return DisclosureRecord.objects.none()
    return _ledger().filter(case=case)


def ledger_organisation_ids(user: UserLike) -> frozenset[int]:
    """The organisations whose ledger a DPO sees: their own, with the municipal units and the
    infohus that belong to it (the municipality or police district is their data controller)."""
    own = [organisation.pk for organisation in permissions.dpo_organisations(user)]
    if not own:
        return frozenset()
    parts = Organisation.objects.filter(
        parent__in=own, kind__in=[*MUNICIPAL_UNIT_KINDS, OrganisationKind.INFOHOUSE]
    ).values_list("pk", flat=True)
    return frozenset([*own, *parts])


def dpo_ledger(
    user: UserLike,
    *,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    purpose: str = "",
    allowed: bool | None = None,
    recipient: Organisation | None = None,
) -> QuerySet[DisclosureRecord]:
    """The disclosures the DPO's organisations made or received, newest first, filtered by
    dates (inclusive, local time), purpose, outcome and recipient."""
    ids = ledger_organisation_ids(user)
    if not ids:
        return DisclosureRecord.objects.none()
    records = _ledger().filter(Q(discloser__in=ids) | Q(recipient__in=ids))
    if date_from is not None:
        records = records.filter(at__gte=_start_of(date_from))
    if date_to is not None:
        records = records.filter(at__lt=_start_of(date_to + datetime.timedelta(days=1)))
    if purpose:
        records = records.filter(purpose=purpose)
    if allowed is not None:
        records = records.filter(allowed=allowed)
    if recipient is not None:
        records = records.filter(recipient=recipient)
    return records


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def ledger_csv_rows(records: Iterable[DisclosureRecord]) -> Iterator[list[str]]:
    """The header, then one row per disclosure, every cell safe to open in a spreadsheet. The
    person appears only by pseudonym."""
    yield [neutralise(title) for title in _header()]
    for record in records:
        yield [neutralise(cell) for cell in _row(record)]


def _header() -> list[str]:
    return [
        _("Time"),
        _("By"),
        _("From"),
        _("To"),
        _("Case"),
        _("Person (pseudonym)"),
        _("Kind"),
        _("Data categories"),
        _("Purpose"),
        _("Cooperation"),
        _("Legal basis"),
        _("Rule"),
        _("Allowed"),
        _("Conditions"),
        _("Condition not met"),
        _("Necessity note"),
        _("Explanation"),
    ]


def _row(record: DisclosureRecord) -> list[object]:
    return [
        f"{timezone.localtime(record.at):%Y-%m-%d %H:%M:%S}",
        record.by.get_username(),
        record.discloser.name,
        record.recipient.name,
        record.case.reference if record.case else "",
        record.person.pseudonym if record.person else "",
        record.get_kind_display(),
        "; ".join(_labels(record.categories, DataCategory)),
        record.get_purpose_display(),
        record.get_context_display(),
        str(record.legal_basis) if record.legal_basis else "",
        record.rule_key,
        _("yes") if record.allowed else _("no"),
        "; ".join(_labels(record.conditions, Condition)),
        "; ".join(_labels([record.failed_condition], Condition)) if record.failed_condition else "",
        record.necessity_note,
        record.explanation,
    ]


def _labels(values: Iterable[str], choices: type[DataCategory] | type[Condition]) -> list[str]:
    labels = dict(choices.choices)
    return [str(labels.get(value, value)) for value in values]
