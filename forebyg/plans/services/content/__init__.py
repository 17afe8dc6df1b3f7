"""Every write of a version's content beside its sections: the roles matrix, initiatives with
their indicators, and action cards. Each runs in one transaction with its audit event
(organisation = the municipality).

A version's content changes only while the version is in work (draft or consultation): an
adopted version is the council's decision, and changing it means a new draft version. Every
service locks the version row first, so a concurrent adoption cannot slip between the check and
the write.

Errors: ContentError (a ValidationError, keyed by the keyword arguments where it concerns one);
PermissionDenied when the view let through someone who may not edit the plan."""

from forebyg.plans.services.content.cards import (
    CardData,
    ContactData,
    create_card,
    delete_card,
    update_card,
)
from forebyg.plans.services.content.common import (
    INTRODUCTION_MAX_LENGTH,
    MAX_CONTACTS,
    PHONE_PATTERN,
    TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    ContentError,
    valid_phone,
)
from forebyg.plans.services.content.initiatives import (
    IndicatorData,
    InitiativeData,
    create_indicator,
    create_initiative,
    delete_indicator,
    delete_initiative,
    update_indicator,
    update_initiative,
)
from forebyg.plans.services.content.matrix import (
    add_actor,
    add_task,
    remove_actor,
    remove_task,
    rename_task,
    set_cells,
)

__all__ = [
    "INTRODUCTION_MAX_LENGTH",
    "MAX_CONTACTS",
    "PHONE_PATTERN",
    "TEXT_MAX_LENGTH",
    "TITLE_MAX_LENGTH",
    "CardData",
    "ContactData",
    "ContentError",
    "IndicatorData",
    "InitiativeData",
    "add_actor",
    "add_task",
    "create_card",
    "create_indicator",
    "create_initiative",
    "delete_card",
    "delete_indicator",
    "delete_initiative",
    "remove_actor",
    "remove_task",
    "rename_task",
    "set_cells",
    "update_card",
    "update_indicator",
    "update_initiative",
    "valid_phone",
]
