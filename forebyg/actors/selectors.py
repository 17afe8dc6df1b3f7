"""Reads for the public "who does what" pages: the directory, one organisation, the structure."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from forebyg.actors.models import (
    Cooperation,
    InternationalCooperation,
    Level,
    Organisation,
    OrganisationKind,
)
from forebyg.legal.models import LegalBasis


def _case_variants(text: str) -> set[str]:
    # SQLite folds case for ASCII only, so "østjylland" must also be tried as "Østjylland".
    return {text, text.lower(), text.upper(), text.capitalize(), text.title()}


def directory_organisations(filters: dict[str, Any]) -> QuerySet[Organisation]:
    """All organisations matching the directory's filters (level, kind, triangle, district,
    municipality, free text), ordered by name."""
    organisations = Organisation.objects.select_related("parent", "police_district", "region")
    if filters.get("level"):
        organisations = organisations.filter(level=filters["level"])
    if filters.get("kind"):
        organisations = organisations.filter(kind=filters["kind"])
    if filters.get("triangle"):
        organisations = organisations.filter(triangle_levels=filters["triangle"])
    if district := filters.get("police_district"):
        organisations = organisations.filter(
            Q(pk=district.pk)
            | Q(police_district=district)
            | Q(parent=district)
            | Q(parent__police_district=district)
        )
    if municipality := filters.get("municipality"):
        organisations = organisations.filter(Q(pk=municipality.pk) | Q(parent=municipality))
    if text := (filters.get("q") or "").strip():
        match = Q()
        for variant in _case_variants(text):
            match |= (
                Q(name_da__icontains=variant)
                | Q(name_en__icontains=variant)
                | Q(abbreviation__icontains=variant)
            )
        organisations = organisations.filter(match | Q(code=text))
    return organisations.order_by("name_da", "pk")


def organisation_for_page(key: str) -> QuerySet[Organisation]:
    """The organisation with all its public page shows, in a fixed number of queries."""
    return (
        Organisation.objects.filter(key=key)
        .select_related("parent", "successor", "police_district", "region")
        .prefetch_related(
            "predecessors",
            "triangle_levels",
            Prefetch("legal_bases", queryset=LegalBasis.objects.order_by("law_da", "section")),
            "children",
            Prefetch(
                "cooperations",
                queryset=Cooperation.objects.prefetch_related("members").order_by("kind"),
            ),
            Prefetch(
                "member_of_cooperations",
                queryset=Cooperation.objects.select_related("municipality").order_by(
                    "municipality__name_da", "kind"
                ),
            ),
        )
    )


@dataclass
class OrganisationRelations:
    infohouse: Organisation | None = None
    district_municipalities: list[Organisation] = field(default_factory=list)
    region_municipalities: list[Organisation] = field(default_factory=list)
    # Cooperations of other municipalities it takes part in (a municipality's own are listed apart).
    memberships: list[Cooperation] = field(default_factory=list)


def organisation_relations(organisation: Organisation) -> OrganisationRelations:
    """The infohus and municipalities that belong with a municipality, police district, infohus
    or region (the infohus of a municipality is the one under its police district)."""
    relations = OrganisationRelations(
        memberships=[
            cooperation
            for cooperation in organisation.member_of_cooperations.all()
            if cooperation.municipality_id != organisation.pk
        ]
    )
    kind = organisation.kind
    district: Organisation | None = None
    if kind == OrganisationKind.MUNICIPALITY:
        district = organisation.police_district
    elif kind == OrganisationKind.POLICE_DISTRICT:
        district = organisation
    elif kind == OrganisationKind.INFOHOUSE:
        district = organisation.parent
    if district is not None and kind != OrganisationKind.INFOHOUSE:
        relations.infohouse = Organisation.objects.filter(
            kind=OrganisationKind.INFOHOUSE, parent=district
        ).first()
    if district is not None and kind != OrganisationKind.MUNICIPALITY:
        relations.district_municipalities = list(
            Organisation.objects.filter(
                kind=OrganisationKind.MUNICIPALITY, police_district=district
            ).order_by("name_da")
        )
    if kind == OrganisationKind.REGION:
        relations.region_municipalities = list(
            Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY, region=organisation)
        )
    return relations


def international_cooperations() -> QuerySet[InternationalCooperation]:
    """The international forums and networks Denmark takes part in, by name."""
    return InternationalCooperation.objects.order_by("name")


# -- The structure: which national authorities support which regional and local actors --------

# Whom a national authority supports, by its kind. A rule per kind, not per organisation, so a new
# authority in the data appears in the diagram by itself. Agencies are split by their levels:
# an agency working at the building level supports education (STUK), another the municipalities.
SUPPORTED_KINDS: dict[str, tuple[str, ...]] = {
    OrganisationKind.KNOWLEDGE_CENTRE: (OrganisationKind.MUNICIPALITY,),
    OrganisationKind.POLICE: (OrganisationKind.POLICE_DISTRICT, OrganisationKind.INFOHOUSE),
    OrganisationKind.INTELLIGENCE_SERVICE: (OrganisationKind.POLICE_DISTRICT,),
    OrganisationKind.PRISON_PROBATION: (OrganisationKind.INFOHOUSE,),
    OrganisationKind.HOTLINE: (OrganisationKind.INFOHOUSE,),
    OrganisationKind.COUNCIL: (OrganisationKind.MUNICIPALITY,),
    OrganisationKind.PROGRAMME: (OrganisationKind.MUNICIPALITY,),
    OrganisationKind.AGENCY: (OrganisationKind.MUNICIPALITY,),
}
EDUCATION_KINDS = (
    OrganisationKind.SCHOOL,
    OrganisationKind.DAYCARE,
    OrganisationKind.YOUTH_EDUCATION,
)


@dataclass
class KindGroup:
    kind: str
    label: str
    level_label: str
    count: int
    part_of: list[str] = field(default_factory=list)  # labels of the kinds it belongs to


@dataclass
class SupportingAuthority:
    organisation: Organisation
    ministry: Organisation | None
    supports: list[KindGroup]


@dataclass
class Structure:
    authorities: list[SupportingAuthority]
    kinds: list[KindGroup]
    # (parent kind, child kind): e.g. (police_district, infohouse) and (municipality, school).
    kind_links: list[tuple[KindGroup, KindGroup]]


def _kind_rank(kind: str) -> int:
    values = list(OrganisationKind.values)
    return values.index(kind) if kind in values else len(values)


def _root(organisation: Organisation) -> Organisation | None:
    """The top of an organisation's parent chain (its ministry), or None if it has no parent."""
    node, seen = organisation.parent, 0
    while node is not None and node.parent_id is not None and seen < 5:
        node, seen = node.parent, seen + 1
    return node


def _active(organisation: Organisation, today: date) -> bool:
    return organisation.valid_to is None or organisation.valid_to >= today


def structure() -> Structure:
    """The national authorities active in prevention today and the regional and local kinds of
    actor they support, plus how those kinds hang together (parent, police district, region)."""
    counts = (
        Organisation.objects.exclude(level=Level.NATIONAL)
        .order_by()
        .values("kind", "level")
        .annotate(count=Count("pk"))
    )
    labels, level_labels = dict(OrganisationKind.choices), dict(Level.choices)
    kinds: dict[str, KindGroup] = {}
    for row in counts:  # a kind normally has one level; if not, its rows are added up
        group = kinds.setdefault(
            row["kind"],
            KindGroup(
                row["kind"],
                str(labels.get(row["kind"], row["kind"])),
                str(level_labels.get(row["level"], row["level"])),
                0,
            ),
        )
        group.count += row["count"]
    kind_links = _kind_links(kinds)
    for parent, child in kind_links:
        child.part_of.append(parent.label)
    return Structure(
        authorities=_supporting_authorities(kinds),
        kinds=sorted(kinds.values(), key=lambda group: _kind_rank(group.kind)),
        kind_links=kind_links,
    )


def _supporting_authorities(kinds: dict[str, KindGroup]) -> list[SupportingAuthority]:
    today = timezone.localdate()
    national = (
        Organisation.objects.filter(level=Level.NATIONAL, triangle_levels__isnull=False)
        .distinct()
        .select_related("parent__parent__parent")
        .prefetch_related("triangle_levels")
    )
    authorities = []
    for organisation in national:
        if not _active(organisation, today):
            continue
        targets = list(SUPPORTED_KINDS.get(organisation.kind, ()))
        if organisation.kind == OrganisationKind.AGENCY and any(
            level.key == "building" for level in organisation.triangle_levels.all()
        ):
            targets = [*EDUCATION_KINDS, OrganisationKind.MUNICIPALITY]
        supports = [kinds[kind] for kind in targets if kind in kinds]
        if supports:
            authorities.append(SupportingAuthority(organisation, _root(organisation), supports))
    authorities.sort(
        key=lambda a: (
            a.ministry is None,
            (a.ministry and a.ministry.name) or "",
            a.organisation.name,
        )
    )
    return authorities


def _kind_links(kinds: dict[str, KindGroup]) -> list[tuple[KindGroup, KindGroup]]:
    pairs: set[tuple[str, str]] = set()
    for relation in ("parent", "police_district", "region"):
        rows = (
            Organisation.objects.exclude(level=Level.NATIONAL)
            .filter(**{f"{relation}__isnull": False})
            .exclude(**{f"{relation}__level": Level.NATIONAL})
            .order_by()
            .values_list(f"{relation}__kind", "kind")
            .distinct()
        )
        pairs.update((parent, child) for parent, child in rows if parent != child)
    return [
        (kinds[parent], kinds[child])
        for parent, child in sorted(
            pairs, key=lambda pair: (_kind_rank(pair[0]), _kind_rank(pair[1]))
        )
        if parent in kinds and child in kinds
    ]
