# mypy: disallow-untyped-defs, disallow-incomplete-defs
"""A beredskab (action plan) for every municipality, written through the plans services (98 plans
are few, so the services' own rules and audit events apply): the first sections filled with a
short synthetic text; two in three adopted by the council, and half of those published."""

import datetime
import random

from django.db import transaction

from forebyg.accounts.models import User
from forebyg.plans.models import ActionPlan
from forebyg.plans.services import versions
from forebyg.synthetic.catalogue import SYNTHETIC_MARK
from forebyg.synthetic.context import Context

SECTIONS_FILLED = 4  # enough text for a realistic PDF; every section through the service is slow
SECTION_TEXT = "<p>{name}: {heading}. Syntetisk tekst til test og demonstration {mark}.</p>"


def write_plans(ctx: Context, rng: random.Random, today: datetime.date) -> int:
    """Create the plans of the municipalities that have none; returns how many were made."""
    have = set(ActionPlan.objects.values_list("municipality_id", flat=True))
    owners = {user.pk: user for user in User.objects.filter(pk__in=ctx.plan_owners)}
    made = 0
    for index, municipality in enumerate(ctx.municipalities):
        if municipality.pk in have:
            continue
        with transaction.atomic():
            owner = owners[ctx.plan_owners[index]]
            version = versions.create_plan(municipality=municipality, by=owner).versions.get()
            for section in version.sections.order_by("order")[:SECTIONS_FILLED]:
                body = SECTION_TEXT.format(
                    name=municipality.name_da, heading=section.heading, mark=SYNTHETIC_MARK
                )
                versions.update_section(section, body=body, revision=None, by=owner)
            if rng.random() < 2 / 3:
                decided = today - datetime.timedelta(days=rng.randint(30, 1400))
                versions.adopt_version(
                    version,
                    decision_date=decided,
                    reference=f"Byrådet {decided:%d.%m.%Y}",
                    by=owner,
                )
                if rng.random() < 0.5:
                    versions.publish_version(version, by=owner)
        made += 1
    return made
