"""Small helpers shared by the case tests."""

import datetime
import uuid

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext

from forebyg.audit.models import AuditEvent
from forebyg.cases import services
from forebyg.cases.models import (
    Assessment,
    Attachment,
    Case,
    CaseMeasure,
    Concern,
    MeasureReview,
    Person,
    StatusChange,
)

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
# A real 2x2 white PNG: an image that does not decode is refused (services/images.py).
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x02\x00\x00\x00\x02\x08\x02\x00\x00"
    b"\x00\xfd\xd4\x9as\x00\x00\x00\x16IDATx\x9cc\xfc\xff\xff?\x03\x03\x03\x13\x03\x03\x03"
    b"\x03\x03\x03\x00$\x06\x03\x01\xfc5\xde\x9b\x00\x00\x00\x00IEND\xaeB`\x82"
)
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64


def today() -> datetime.date:
    return timezone.localdate()


def days(n: int) -> datetime.date:
    return today() + datetime.timedelta(days=n)


def upload(name: str = "notat.pdf", content: bytes = PDF, content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def row_counts() -> dict[str, int]:
    """How many rows each case table (and the audit log) has, to prove nothing was saved."""
    models = [Person, Case, Concern, Attachment, StatusChange, Assessment, CaseMeasure]
    counts = {model.__name__: model._default_manager.count() for model in models}
    counts["MeasureReview"] = MeasureReview.objects.count()
    counts["AuditEvent"] = AuditEvent.objects.count()
    return counts


def raw_column(model, field: str, pk: int) -> str:
    """The value as stored in the database, bypassing the field's decryption."""
    table = connection.ops.quote_name(model._meta.db_table)
    column = connection.ops.quote_name(model._meta.get_field(field).column)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def report(by, municipality, **overrides):
    """Record a concern through the service with sensible defaults."""
    values = {
        "source": "professional",
        "idempotency_key": uuid.uuid4().hex,
        "person_name": "Jonas Hansen",
        "municipality": municipality,
        "description": "Jonas deler voldsforherligende videoer i klassens chat.",
        "birth_date": datetime.date(2010, 5, 17),
        "custody_informed": "yes",
        "reporter_contact": "lærer Anne, tlf. 12 34 56 78",
    }
    values.update(overrides)
    return services.receive_concern(by=by, **values)


def move(case, by, *targets, **extra):
    """Walk a case through several statuses with the current version each time."""
    for target in targets:
        case.refresh_from_db()
        if case.status == "screening":
            case = services.record_screening(
                case, outcome=target, by=extra.get("police", by), expected_version=case.version
            )
        else:
            case = services.change_status(
                case, to=target, by=by, expected_version=case.version, **extra.get(target, {})
            )
    return case


NO_SCORE_SENTENCES = (
    "Describe what you see along the nine dimensions of the assessment tool, each observation "
    "marked as a risk or a resource. There is no score: the summary and the recommendation say "
    "what it means.",
    "Along the nine dimensions of the assessment tool, observations are marked as a risk or a "
    "resource. There is no score.",
)


def without_no_score_sentences(html: str) -> str:
    """The page without the sentences that tell the user there is no score (in any language)."""
    for sentence in NO_SCORE_SENTENCES:
        html = html.replace(str(gettext(sentence)), "")
    return html
