"""Action cards: one per audience, with warning signs and whom to contact, in order."""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from forebyg.accounts.models import User
from forebyg.actors.models import Organisation
from forebyg.plans.models import ActionCard, Audience, CardContact, ContactKind, PlanVersion
from forebyg.plans.services.content.common import (
    INTRODUCTION_MAX_LENGTH,
    MAX_CONTACTS,
    TITLE_MAX_LENGTH,
    ContentError,
    locked,
    record,
    text,
    valid_phone,
)
from forebyg.prevention.models import WarningSign

STAFF_REACHED_MAX = 10_000_000  # as the card form's field


@dataclass(frozen=True)
class ContactData:
    kind: str
    label: str
    phone: str = ""
    email: str = ""
    when: str = ""
    organisation: Organisation | None = None


@dataclass(frozen=True)
class CardData:
    audience: str
    title: str
    introduction: str = ""
    warning_signs: tuple[WarningSign, ...] = ()
    staff_reached: int | None = None
    contacts: tuple[ContactData, ...] = ()


def _clean_contact(contact: ContactData, position: int) -> dict[str, Any]:
    field = f"contacts-{position}"
    if contact.kind not in ContactKind.values:
        raise ContentError({field: _("Choose whom the contact is.")})
    label = text(field, contact.label, 200, required=_("Say whom to contact."))
    phone = text(field, contact.phone, 40)
    email = text(field, contact.email, 254)
    if not phone and not email:
        raise ContentError({field: _("Give a phone number or an e-mail address.")})
    if phone and not valid_phone(phone):
        raise ContentError({field: _("Give the phone number in digits, e.g. 114 or 87 31 14 48.")})
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ContentError({field: _("Give a valid e-mail address.")}) from None
    return {
        "order": position,
        "kind": contact.kind,
        "organisation": contact.organisation,
        "label": label,
        "phone": phone,
        "email": email,
        "when": text(field, contact.when, 300),
    }


def _clean_card(version: PlanVersion, data: CardData, card: ActionCard | None) -> dict[str, Any]:
    if data.audience not in Audience.values:
        raise ContentError({"audience": _("Choose the audience.")})
    others = version.action_cards.filter(audience=data.audience)
    if card is not None:
        others = others.exclude(pk=card.pk)
    # One card per audience; "other staff" may have several, each for its own group.
    if data.audience != Audience.OTHER and others.exists():
        raise ContentError({"audience": _("This version has a card for this audience already.")})
    if data.staff_reached is not None and data.staff_reached < 0:
        raise ContentError({"staff_reached": _("Give a number of zero or more.")})
    if data.staff_reached is not None and data.staff_reached > STAFF_REACHED_MAX:
        raise ContentError(  # the database column overflows (a 500) long before this
            {"staff_reached": _("Give a number of at most %(max)d.") % {"max": STAFF_REACHED_MAX}}
        )
    if len(data.contacts) > MAX_CONTACTS:
        raise ContentError(_("A card lists at most %(n)d contacts.") % {"n": MAX_CONTACTS})
    return {
        "audience": data.audience,
        "title": text("title", data.title, TITLE_MAX_LENGTH, required=_("Give the title.")),
        "introduction": text("introduction", data.introduction, INTRODUCTION_MAX_LENGTH),
        "staff_reached": data.staff_reached,
    }


def _save_contacts(card: ActionCard, contacts: tuple[ContactData, ...]) -> list[dict[str, Any]]:
    rows = [_clean_contact(contact, position) for position, contact in enumerate(contacts)]
    card.contacts.all().delete()
    CardContact.objects.bulk_create([CardContact(card=card, **row) for row in rows])
    return [{k: v for k, v in row.items() if k != "organisation"} for row in rows]


def _card_state(card: ActionCard, contacts: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "audience": card.audience,
        "title": card.title,
        "staff_reached": card.staff_reached,
        "warning_signs": sorted(s.key for s in card.warning_signs.all()),
        "contacts": contacts,
    }


@transaction.atomic
def create_card(version: PlanVersion, *, data: CardData, by: User) -> ActionCard:
    """A new action card for one audience, with its signs and contacts in order."""
    version = locked(version, by)
    card = ActionCard.objects.create(version=version, **_clean_card(version, data, None))
    card.warning_signs.set(data.warning_signs)
    contacts = _save_contacts(card, data.contacts)
    record(by, "action_card.created", card, version, after=_card_state(card, contacts))
    return card


@transaction.atomic
def update_card(card: ActionCard, *, data: CardData, by: User) -> ActionCard:
    """Change an action card; its contacts are replaced by the given ones, in their order."""
    version = locked(card.version, by)
    contacts_before = [dict(row) for row in card.contacts.values("order", "kind", "label", "phone")]
    before = _card_state(card, contacts_before)
    for name, value in _clean_card(version, data, card).items():
        setattr(card, name, value)
    card.save()
    card.warning_signs.set(data.warning_signs)
    contacts = _save_contacts(card, data.contacts)
    after = _card_state(card, contacts)
    record(by, "action_card.updated", card, version, before=before, after=after)
    return card


@transaction.atomic
def delete_card(card: ActionCard, *, by: User) -> None:
    """Remove an action card."""
    version = locked(card.version, by)
    record(by, "action_card.deleted", card, version, before={"title": card.title})
    card.delete()
