"""After the crash drill: every intake that was answered exists whole, nothing is half-written.

    DATABASE_URL=... python drills/check_intakes.py INTAKES.jsonl

INTAKES.jsonl has one line per intake the server answered with its receipt (drills/locustfile.py
writes them). For each: the concern with that receipt reference and idempotency key exists, with
its case, its person and its "concern.received" audit event. Then across the whole database:
every concern has its audit event, every case at least one concern, every person a case.
Exits 1 listing what is missing (references only, never names)."""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forebyg.settings")

import django

django.setup()

from django.db.models import CharField, Exists, OuterRef  # noqa: E402
from django.db.models.functions import Cast  # noqa: E402

from forebyg.audit.models import AuditEvent  # noqa: E402
from forebyg.cases.models import Case, Concern, Person  # noqa: E402

RECEIVED = AuditEvent.objects.filter(
    verb="concern.received", target_type="cases.concern", target_id=OuterRef("pk_text")
)


def answered_intakes(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def missing_answered(intakes: list[dict]) -> list[str]:
    """The answered intakes that are not in the database whole."""
    by_reference = {
        c.reporter_reference: c
        for c in Concern.objects.select_related("case__person").filter(
            reporter_reference__in=[i["reference"] for i in intakes]
        )
    }
    audited = set(
        AuditEvent.objects.filter(
            verb="concern.received",
            target_type="cases.concern",
            target_id__in=[str(c.pk) for c in by_reference.values()],
        ).values_list("target_id", flat=True)
    )
    problems = []
    for intake in intakes:
        concern = by_reference.get(intake["reference"])
        if concern is None or concern.idempotency_key != intake["key"]:
            problems.append(f"answered intake {intake['reference']} is missing")
        elif concern.case is None or concern.case.person is None:
            problems.append(f"answered intake {intake['reference']} lacks its case or person")
        elif str(concern.pk) not in audited:
            problems.append(f"answered intake {intake['reference']} has no audit event")
    return problems


def half_written() -> list[str]:
    """Rows anywhere that a committed intake would never leave behind."""
    unaudited = (
        Concern.objects.annotate(pk_text=Cast("pk", CharField()))
        .filter(~Exists(RECEIVED))
        .values_list("reporter_reference", flat=True)
    )
    empty_cases = Case.objects.filter(concerns__isnull=True).values_list("reference", flat=True)
    lone_people = Person.objects.filter(cases__isnull=True).values_list("pseudonym", flat=True)
    return (
        [f"concern {r} without its audit event" for r in unaudited]
        + [f"case {r} without a concern" for r in empty_cases]
        + [f"person {p} without a case" for p in lone_people]
    )


def main() -> int:
    intakes = answered_intakes(Path(sys.argv[1]))
    problems = missing_answered(intakes) + half_written()
    print(
        f"answered intakes checked: {len(intakes)}; in the database: "
        f"{Concern.objects.count()} concerns, {Case.objects.count()} cases, "
        f"{Person.objects.count()} people"
    )
    for problem in problems[:50]:
        print(f"  {problem}")
    if problems:
        print(f"INTEGRITY FAILED: {len(problems)} problems")
        return 1
    if not intakes:
        print("INTEGRITY FAILED: no intake was answered, nothing was tested")
        return 1
    print("integrity OK: every answered intake exists whole; nothing half-written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
