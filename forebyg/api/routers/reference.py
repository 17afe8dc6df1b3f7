"""Reference data: organisations, legal bases and prevention levels (public, as their pages)."""

from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from forebyg.actors.models import Organisation, OrganisationKind
from forebyg.api.auth import throttle_anonymous
from forebyg.api.fields import Key
from forebyg.api.problems import PUBLIC_ERRORS, errors_by_status
from forebyg.legal.models import LegalBasis
from forebyg.prevention.models import PreventionLevel

router = Router()

NOT_FOUND = {**PUBLIC_ERRORS, **errors_by_status(404, 422)}


class OrganisationOut(Schema):
    key: str
    kind: str
    level: str
    code: str
    name_da: str
    name_en: str
    abbreviation: str
    parent: str | None
    police_district: str | None
    region: str | None


class OrganisationDetailOut(OrganisationOut):
    role_da: str
    role_en: str
    prevention_levels: list[str]
    legal_bases: list[str]


class OrganisationFilters(Schema):
    kind: OrganisationKind | None = None


class LegalBasisOut(Schema):
    key: str
    law: str
    section: str
    title_da: str
    title_en: str
    rationale: str
    kind: str
    summary_da: str
    summary_en: str
    conditions_da: str
    conditions_en: str
    source: str


class PreventionLevelOut(Schema):
    key: str
    order: int
    name_da: str
    name_en: str
    target_group_da: str
    target_group_en: str
    aim_da: str
    aim_en: str


def _organisations() -> Any:
    return Organisation.objects.select_related("parent", "police_district", "region")


def _organisation(org: Organisation) -> dict[str, Any]:
    return {
        "key": org.key,
        "kind": org.kind,
        "level": org.level,
        "code": org.code,
        "name_da": org.name_da,
        "name_en": org.name_en,
        "abbreviation": org.abbreviation,
        "parent": org.parent.key if org.parent else None,
        "police_district": org.police_district.key if org.police_district else None,
        "region": org.region.key if org.region else None,
    }


@router.get(
    "/organisations",
    response={200: list[OrganisationOut], **PUBLIC_ERRORS, **errors_by_status(422)},
    summary="Organisations",
)
def list_organisations(
    request: HttpRequest, filters: Query[OrganisationFilters]
) -> list[dict[str, Any]]:
    throttle_anonymous(request)
    organisations = _organisations()
    if filters.kind:
        organisations = organisations.filter(kind=filters.kind)
    return [_organisation(org) for org in organisations]


@router.get("/organisations/{key}", response={200: OrganisationDetailOut, **NOT_FOUND})
def read_organisation(request: HttpRequest, key: Key) -> dict[str, Any]:
    throttle_anonymous(request)
    org = (
        _organisations().prefetch_related("triangle_levels", "legal_bases").filter(key=key).first()
    )
    if org is None:
        raise Http404(_("No such organisation."))
    return _organisation(org) | {
        "role_da": org.role_da,
        "role_en": org.role_en,
        "prevention_levels": [level.key for level in org.triangle_levels.all()],
        "legal_bases": [basis.key for basis in org.legal_bases.all()],
    }


def _basis(basis: LegalBasis) -> dict[str, Any]:
    fields = ("key", "section", "title_da", "title_en", "rationale", "kind", "source")
    texts = ("summary_da", "summary_en", "conditions_da", "conditions_en")
    return {"law": basis.law_da} | {name: getattr(basis, name) for name in fields + texts}


@router.get("/legal-bases", response={200: list[LegalBasisOut], **PUBLIC_ERRORS})
def list_legal_bases(request: HttpRequest) -> list[dict[str, Any]]:
    throttle_anonymous(request)
    return [_basis(basis) for basis in LegalBasis.objects.all()]


@router.get("/legal-bases/{key}", response={200: LegalBasisOut, **NOT_FOUND})
def read_legal_basis(request: HttpRequest, key: Key) -> dict[str, Any]:
    throttle_anonymous(request)
    basis = LegalBasis.objects.filter(key=key).first()
    if basis is None:
        raise Http404(_("No such legal basis."))
    return _basis(basis)


@router.get("/prevention-levels", response={200: list[PreventionLevelOut], **PUBLIC_ERRORS})
def list_prevention_levels(request: HttpRequest) -> list[PreventionLevel]:
    throttle_anonymous(request)
    return list(PreventionLevel.objects.all())


@router.get("/prevention-levels/{key}", response={200: PreventionLevelOut, **NOT_FOUND})
def read_prevention_level(request: HttpRequest, key: Key) -> PreventionLevel:
    throttle_anonymous(request)
    level = PreventionLevel.objects.filter(key=key).first()
    if level is None:
        raise Http404(_("No such prevention level."))
    return level
