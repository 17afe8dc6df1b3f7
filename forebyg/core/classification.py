"""Data classification: every model field of Forebyg tagged with the categories of personal data it
holds and its retention class (issue 8, GDPR art. 30). The record of processing is generated from
these tags (forebyg.core.record_of_processing) and a test fails on any untagged field.

Rules the tags follow:
- A link to a row about the same data subject (case → person) carries no data of its own: it is
  `not_personal`, the linked row is classified. A link to a user says which employee did
  something: identity of staff. A link to reference data that says something about the person
  (the extremism category of a case) is classified by what it says.
- Free text may hold anything, so it counts as every category a case can hold.
- Apps of reference data only (REFERENCE_APPS) may tag a whole model with "Model.*"."""

from dataclasses import dataclass, field
from enum import StrEnum

from django.db import models


class Category(StrEnum):
    IDENTITY = "identity"
    CPR = "cpr"
    ART9 = "art9"
    ART10 = "art10"
    POLICE = "police"
    FREE_TEXT = "free_text"
    OTHER = "other"
    NOT_PERSONAL = "not_personal"


class Retention(StrEnum):
    CASE = "case"
    AUDIT = "audit"
    ACCOUNT = "account"
    OPERATIONAL = "operational"
    PUBLIC = "public"


class Subjects(StrEnum):
    CONCERNED = "concerned"
    REPORTER = "reporter"
    STAFF = "staff"
    NONE = "none"


@dataclass(frozen=True)
class Classification:
    categories: frozenset[Category]
    retention_class: Retention
    subjects: Subjects = Subjects.NONE
    note: str = field(default="", compare=False)

    @property
    def is_personal(self) -> bool:
        return Category.NOT_PERSONAL not in self.categories


C = Category
NP: tuple[Category, ...] = (C.NOT_PERSONAL,)
STAFF = "staff"  # marker for a field that identifies an employee (see _model)
# Apps of reference data only: the one place a whole model may be tagged with "Model.*".
REFERENCE_APPS = frozenset({"actors", "legal", "prevention"})


def _model(
    label: str, retention: Retention, subjects: Subjects, /, **fields: object
) -> dict[str, Classification]:
    """Entries for one model; a field given as STAFF identifies an employee, "a b c" as
    `not_personal=` lists fields without personal data."""
    entries: dict[str, Classification] = {}
    for name in str(fields.pop("not_personal", "")).split():
        entries[f"{label}.{name}"] = Classification(frozenset(NP), retention)
    for name, tags in fields.items():
        if tags == STAFF:
            value = Classification(frozenset({C.IDENTITY}), retention, Subjects.STAFF)
        elif isinstance(tags, Classification):
            value = tags
        else:
            value = Classification(frozenset(tags), retention, subjects)  # type: ignore[call-overload]
        entries[f"{label}.{name}"] = value
    return entries


def _reference(*labels: str) -> dict[str, Classification]:
    return {f"{label}.*": Classification(frozenset(NP), Retention.PUBLIC) for label in labels}


CASE, AUDIT, ACCOUNT, OPS, PUBLIC = (
    Retention.CASE,
    Retention.AUDIT,
    Retention.ACCOUNT,
    Retention.OPERATIONAL,
    Retention.PUBLIC,
)
CONCERNED, REPORTER = Subjects.CONCERNED, Subjects.REPORTER
OTH, IDN, FT = (C.OTHER,), (C.IDENTITY,), (C.FREE_TEXT,)
STAMPS = "created_at updated_at"
FT_SENSITIVE = (C.FREE_TEXT, C.ART9, C.ART10)

# fmt: off
REGISTRY: dict[str, Classification] = {
    **_reference(
        "actors.Organisation", "actors.Cooperation", "actors.InternationalCooperation",
        "actors.ReferenceRow", "legal.LegalBasis", "legal.DisclosureRule",
        "prevention.ModelCharacteristic", "prevention.PreventionLevel",
        "prevention.AssessmentDimension", "prevention.ExtremismCategory", "prevention.Measure",
        "prevention.WarningSign",
    ),
    # -- Cases --------------------------------------------------------------------------------
    **_model(
        "cases.Person", CASE, CONCERNED, not_personal="id updated_at",
        created_at=OTH, municipality=OTH, name=IDN, cpr=(C.CPR,), cpr_index=(C.CPR,),
        birth_date=IDN, gender=OTH, pseudonym=IDN,
    ),
    **_model(
        "cases.Case", CASE, CONCERNED, not_personal="id updated_at person version",
        created_at=OTH, episode=OTH, municipality=OTH, police_district=OTH, reference=IDN,
        status=OTH, acute=OTH, category=(C.ART9,), level=OTH, screening_due=OTH,
        screening_outcome=OTH, screened_at=OTH, closure_reason=OTH, closure_outcome=OTH,
        opened_at=OTH, closed_at=OTH, content_removed_at=OTH,
    ),
    **_model(
        "cases.StatusChange", CASE, CONCERNED, not_personal="id case",
        from_status=OTH, to_status=OTH, by=STAFF, at=OTH, note=FT,
    ),
    **_model(
        "cases.ScreeningPolicy", OPS, Subjects.NONE,
        not_personal=f"id {STAMPS} municipality screening_days",
    ),
    **_model(
        "cases.Concern", CASE, CONCERNED,
        not_personal="id updated_at case idempotency_key reporter_reference",
        created_at=OTH, source=OTH, recorded_by=STAFF, reporter=STAFF,
        reporter_organisation=Classification(frozenset(OTH), CASE, REPORTER),
        reporter_contact=Classification(frozenset(IDN), CASE, REPORTER),
        description=FT_SENSITIVE, category=(C.ART9,), acute=OTH, custody_informed=OTH,
        received_at=OTH,
    ),
    **_model(
        "cases.Attachment", CASE, CONCERNED, not_personal="id concern content_type size sha256",
        file=FT_SENSITIVE, original_name=FT, uploaded_at=OTH,
    ),
    **_model(
        "cases.CaseMeasure", CASE, CONCERNED, not_personal="id updated_at case",
        created_at=OTH, measure_type=OTH, owner=OTH, legal_basis=OTH, responsible_person=STAFF,
        start=OTH, end=OTH, status=OTH, next_review=OTH, created_by=STAFF,
    ),
    **_model(
        "cases.MeasureReview", CASE, CONCERNED, not_personal="id measure",
        reviewed_on=OTH, note=FT, by=STAFF, created_at=OTH,
    ),
    **_model(
        "cases.Assessment", CASE, CONCERNED, not_personal="id updated_at case version",
        created_at=OTH, summary=FT_SENSITIVE, recommendation=FT, created_by=STAFF,
    ),
    **_model(
        "cases.Observation", CASE, CONCERNED, not_personal="id assessment",
        dimension=OTH, kind=OTH, text=FT_SENSITIVE,
    ),
    **_model(
        "cases.BreakGlassGrant", AUDIT, Subjects.STAFF, not_personal="id case organisation",
        user=STAFF, reason=FT, granted_at=OTH, expires_at=OTH, ended_at=OTH,
    ),
    **_model(
        "cases.BreakGlassNotice", AUDIT, Subjects.STAFF, not_personal="id grant",
        recipient=STAFF, created_at=OTH, seen_at=OTH,
    ),
    # -- Exchange (consents and the disclosure ledger) ----------------------------------------
    **_model(
        "exchange.Consent", CASE, CONCERNED, not_personal="id person",
        given_by=OTH, given_at=OTH, recipient_kinds=OTH, purposes=OTH, categories=OTH, note=FT,
        recorded_by=STAFF, recorded_at=OTH, withdrawn_at=OTH, withdrawn_by=STAFF,
    ),
    **_model(
        "exchange.DisclosureRecord", CASE, CONCERNED,
        not_personal="id case person consent explanation_da explanation_en",
        at=OTH, by=STAFF, discloser=OTH, recipient=OTH, kind=OTH, categories=OTH, purpose=OTH,
        context=OTH, legal_basis=OTH, rule_key=OTH, allowed=OTH, conditions=OTH,
        failed_condition=OTH, meeting_49a_number=OTH, special_follow_up=OTH,
        necessity_note=(C.FREE_TEXT, C.POLICE),
    ),
    **_model(
        "exchange.PartnerInvitation", CASE, CONCERNED,
        not_personal="id case invite_record reveal_record",
        partner=OTH, summary=FT, invited_by=STAFF, invited_at=OTH, revoked_at=OTH,
        revoked_by=STAFF, identity_revealed_at=OTH,
    ),
    # -- Conferences --------------------------------------------------------------------------
    **_model(
        "conferences.Conference", OPS, Subjects.NONE,
        not_personal=f"id {STAMPS} municipality police_district held_on location status",
        notes=Classification(frozenset(NP), OPS, note="practical notes only, by rule"),
        created_by=STAFF,
    ),
    **_model(
        "conferences.Participant", OPS, Subjects.STAFF, not_personal="id conference",
        organisation=OTH, name=STAFF, role=OTH,
    ),
    **_model(
        "conferences.AgendaItem", CASE, CONCERNED, not_personal="id conference case order",
        reason=FT,
    ),
    **_model(
        "conferences.ParticipantClearance", CASE, CONCERNED,
        not_personal="id item participant explanation_da explanation_en disclosure",
        allowed=OTH, own_case=OTH, legal_basis=OTH, decided_at=OTH,
    ),
    **_model(
        "conferences.Minutes", CASE, CONCERNED, not_personal="id item",
        text=(*FT_SENSITIVE, C.POLICE), written_by=STAFF, written_at=OTH,
    ),
    **_model(
        "conferences.AuthorityDecision", CASE, CONCERNED, not_personal="id item",
        organisation=OTH, decided_by=STAFF, text=FT, recorded_by=STAFF, recorded_at=OTH,
    ),
    # -- Retention (periods and purge runs; the runs are the purges' receipts) -----------------
    **_model(
        "retention.RetentionPeriod", OPS, Subjects.NONE,
        not_personal=f"id {STAMPS} organisation outcome legal_basis months", changed_by=STAFF,
    ),
    **_model(
        "retention.PurgeRun", AUDIT, Subjects.NONE,
        not_personal="id organisation status as_of created_at approved_at executed_at summary",
        created_by=STAFF, approved_by=STAFF,
    ),
    **_model(
        "retention.PurgeItem", AUDIT, CONCERNED, not_personal="id run case skipped",
        outcome=OTH, months=OTH, closed_on=OTH, expires_on=OTH, purged_at=OTH,
    ),
    # -- Access requests (GDPR art. 15) -------------------------------------------------------
    **_model(
        "access_requests.AccessRequest", AUDIT, CONCERNED,
        not_personal=f"id {STAMPS} organisation idempotency_key",
        cpr=(C.CPR,), cpr_index=(C.CPR,), received_on=OTH, identity_check=OTH, identity_note=FT,
        deadline=OTH, extended_at=OTH, extension_reason=FT, answered_on=OTH, registered_by=STAFF,
    ),
    **_model(
        "access_requests.Restriction", AUDIT, CONCERNED, not_personal="id request item_key",
        ground=OTH, reason=FT, restricted_by=STAFF, restricted_at=OTH,
    ),
    # -- Users, audit, API tokens -------------------------------------------------------------
    **_model(
        "accounts.User", ACCOUNT, Subjects.STAFF,
        not_personal="id password is_superuser is_staff is_active",
        last_login=OTH, username=IDN, first_name=IDN, last_name=IDN, email=IDN,
        date_joined=OTH, oidc_subject=IDN, sessions_ended_at=OTH,
    ),
    **_model(
        "accounts.Membership", ACCOUNT, Subjects.STAFF, not_personal=f"id {STAMPS} user",
        organisation=OTH, role=OTH,
    ),
    **_model(
        "audit.AuditEvent", AUDIT, Subjects.STAFF,
        not_personal="id sequence previous_hash hash verb target_type request_id organisation",
        occurred_at=OTH, actor=STAFF, actor_label=STAFF,
        target_id=Classification(frozenset(IDN), AUDIT, CONCERNED, note="a row's id"),
        purpose=Classification(frozenset(FT), AUDIT, CONCERNED),
        before=Classification(frozenset({C.IDENTITY, C.FREE_TEXT}), AUDIT, CONCERNED),
        after=Classification(frozenset({C.IDENTITY, C.FREE_TEXT}), AUDIT, CONCERNED),
    ),
    **_model("audit.AuditChainHead", AUDIT, Subjects.NONE, not_personal="id sequence hash"),
    **_model(
        "stats.StoredPublication", OPS, Subjects.NONE,
        not_personal="id scope_key period_key built_at",
        data=Classification(
            frozenset(NP), OPS, note="published counts and marks only (decision 0013)"
        ),
    ),
    **_model(
        "api.ApiToken", OPS, Subjects.NONE,
        not_personal="id organisation name description scopes prefix key_hash account "
        "created_at expires_at revoked_at last_used_at",
        created_by=STAFF,
    ),
    # -- Police networks, plans, national plan ------------------------------------------------
    **_model(
        "networks.NetworkNote", OPS, Subjects.NONE,
        not_personal="id police_district kind date created_at",
        title=Classification(frozenset(NP), OPS, note="no personal data, by rule"),
        text=Classification(frozenset(NP), OPS, note="no personal data, by rule"),
        written_by=STAFF,
    ),
    **_model("plans.ActionPlan", PUBLIC, Subjects.NONE, not_personal=f"id {STAMPS} municipality"),
    **_model(
        "plans.PlanVersion", PUBLIC, Subjects.NONE,
        not_personal=f"id {STAMPS} plan number title status council_decision_date "
        "council_reference published_at superseded_at based_on revision",
        created_by=STAFF,
    ),
    **_model(
        "plans.Section", PUBLIC, Subjects.NONE,
        not_personal="id version key order heading pillar body",
    ),
    **_model("plans.PlanTask", PUBLIC, Subjects.NONE, not_personal="id version order title"),
    **_model(
        "plans.RoleAssignment", PUBLIC, Subjects.NONE, not_personal="id task actor responsibility",
    ),
    **_model(
        "plans.PlanInitiative", PUBLIC, Subjects.NONE,
        not_personal="id version title level pillar target_group responsible rationale start "
        "end status",
    ),
    **_model(
        "plans.Indicator", PUBLIC, Subjects.NONE,
        not_personal="id initiative name unit target measured figure",
    ),
    **_model(
        "plans.ActionCard", PUBLIC, Subjects.NONE,
        not_personal="id version audience title introduction staff_reached",
    ),
    **_model(
        "plans.CardContact", PUBLIC, Subjects.NONE,
        not_personal="id card order kind organisation when",
        label=STAFF, phone=STAFF, email=STAFF,
    ),
    **_model(
        "national.FocusArea", PUBLIC, Subjects.NONE,
        not_personal="id source confidence number title_da title_en",
    ),
    **_model(
        "national.Initiative", PUBLIC, Subjects.NONE,
        not_personal="id source confidence focus_area number title_da title_en responsible "
        "seed_key",
    ),
    **_model(
        "national.StatusUpdate", PUBLIC, Subjects.NONE,
        not_personal="id initiative date status note source recorded_at",
        recorded_by=STAFF,
    ),
}
# fmt: on


def field_key(model_field: models.Field) -> str:  # type: ignore[type-arg]
    """The registry key of a model field: "app_label.Model.field"."""
    return f"{model_field.model._meta.label}.{model_field.name}"


def classify(model_field: models.Field) -> Classification | None:  # type: ignore[type-arg]
    """The tags of a model field, or None when it is untagged."""
    key = field_key(model_field)
    if key in REGISTRY:
        return REGISTRY[key]
    return REGISTRY.get(f"{model_field.model._meta.label}.*")


# Personal data that must be encrypted at rest (see ENCRYPTED_CATEGORIES) but is kept in clear on
# purpose, with the reason. A test refuses any other text column of those categories in clear.
ENCRYPTED_SUBJECTS = frozenset({Subjects.CONCERNED, Subjects.REPORTER})
STORED_IN_CLEAR: dict[str, str] = {
    "cases.Person.cpr_index": "keyed hash (HMAC-SHA256) for look-ups, not the number",
    "cases.Person.pseudonym": "random code",
    "cases.Case.reference": "random code",
    "access_requests.AccessRequest.cpr_index": "keyed hash (HMAC-SHA256) for look-ups",
    "audit.AuditEvent.target_id": "a row's id",
    "audit.AuditEvent.purpose": "audit log, read by the DPO and for access requests",
    "audit.AuditEvent.before": "audit log; CPR numbers only as their keyed hash",
    "audit.AuditEvent.after": "audit log; CPR numbers only as their keyed hash",
}


def must_be_encrypted(found: Classification) -> bool:
    """Whether a text column with these tags must hold ciphertext: CPR numbers, free text, and
    the identity of the persons concerned and of reporters."""
    if found.categories & {Category.CPR, Category.FREE_TEXT}:
        return True
    return Category.IDENTITY in found.categories and found.subjects in ENCRYPTED_SUBJECTS
