"""Who does what: national actors, regions and their psychiatry, police districts and their
infohuse, municipalities, and each municipality's SSP, PSP and KSP cooperation."""

from collections.abc import Iterable
from typing import Any

from django.db.models import Q

from forebyg.actors.models import Cooperation, Level, Organisation, OrganisationKind
from forebyg.actors.reference_data.files import (
    ReferenceDataError,
    Row,
    danish_slug,
    parse_date,
    pick,
    split_list,
)
from forebyg.actors.reference_data.fingerprints import Load
from forebyg.legal.models import LegalBasis
from forebyg.prevention.models import PreventionLevel

Levels = dict[str, PreventionLevel]
Organisations = dict[str, Organisation]
# Each municipality, and whether this load applied its row.
Municipalities = list[tuple[Organisation, bool]]
# The fingerprint of a row whose records also take values from the constants below is made of
# the row and those values ("derived"), so that changing a constant in the code applies the row.

ALL_LEVELS = ("building", "anticipatory", "intervening")
# prevention_levels.csv: police and psychiatry take part in SSP/PSP (anticipatory); the police also
# act when crime is committed or imminent (intervening). The infohus works on concerns.
POLICE_DISTRICT_LEVELS = ("anticipatory", "intervening")
PSYCHIATRY_LEVELS = ("anticipatory",)
INFOHOUSE_LEVELS = ("anticipatory",)
# Names that do not follow "<name> Kommune".
MUNICIPALITY_NAMES_DA = {"København": "Københavns Kommune", "Bornholm": "Bornholms Regionskommune"}
MUNICIPALITY_NAMES_EN = {
    "København": "Copenhagen Municipality",
    "Bornholm": "Bornholm Regional Municipality",
}


def _level_list(levels: Levels, keys: Iterable[str]) -> list[PreventionLevel]:
    """The prevention levels with these keys (checked on every load, set only when applied)."""
    return [pick(levels, key, "prevention level") for key in keys]


def _by(field: str, **filters: Any) -> Organisations:
    """The organisations matching `filters`, by one field (one query)."""
    return {str(getattr(org, field)): org for org in Organisation.objects.filter(**filters)}


def load_national_actors(load: Load, levels: Levels) -> Organisations:
    """The national actors by key, then their parents and successors (NCFE -> CDE)."""
    dataset = load.open("national_actors.csv")
    existing = _by("key", key__in=[row["key"] for row in dataset.rows])
    actors, applied = {}, []
    for row in dataset.rows:
        triangle_levels = _level_list(levels, split_list(row.get("triangle_levels", "")))
        actor, changed = dataset.apply(
            Organisation,
            existing.get(row["key"]),
            row["key"],
            row,
            _national_actor(row),
            key=row["key"],
        )
        if changed:
            actor.triangle_levels.set(triangle_levels)
            applied.append(row)
        actors[row["key"]] = actor
    links = {}
    for row in dataset.rows:  # they may name an actor further down the file
        parent, successor = row.get("parent_key", ""), row.get("successor_key", "")
        links[row["key"]] = {
            "parent": pick(actors, parent, "parent_key") if parent else None,
            "successor": pick(actors, successor, "successor_key") if successor else None,
        }
    for row in applied:
        load.write(Organisation, actors[row["key"]], links[row["key"]])
    return actors


def _national_actor(row: Row) -> dict[str, Any]:
    """The fields of one national actor but its parent and successor."""
    return {
        "kind": row["kind"],
        "level": row.get("level") or Level.NATIONAL,
        "name_da": row["name_da"],
        "name_en": row.get("name_en", ""),
        "abbreviation": row.get("abbreviation", ""),
        "role_da": row.get("role_da", ""),
        "role_en": row.get("role_en", ""),
        "valid_from": parse_date(row.get("valid_from", "")),
        "valid_to": parse_date(row.get("valid_to", "")),
        "source": row.get("source", ""),
        "confidence": row.get("confidence", ""),
    }


def load_regions(load: Load, levels: Levels) -> Organisations:
    """The five regions by name, each with its psychiatry (key psykiatrien-<region key>)."""
    dataset = load.open("regions.csv")
    existing = _by("code", kind=OrganisationKind.REGION)
    psychiatries = _by("parent_id", kind=OrganisationKind.PSYCHIATRY)
    psychiatry_levels = _level_list(levels, PSYCHIATRY_LEVELS)
    regions = {}
    for row in dataset.rows:
        values = {
            "level": Level.REGIONAL,
            "name_da": row["name"],
            "name_en": row.get("name_en", ""),
            "source": row.get("source", ""),
            "confidence": row.get("confidence", ""),
        }
        code = row["code_dagi"]
        region, changed = dataset.apply(
            Organisation,
            existing.get(code),
            code,
            {"row": row, "derived": {"psychiatry_levels": PSYCHIATRY_LEVELS}},
            values,
            kind=OrganisationKind.REGION,
            code=code,
            key=f"region-{danish_slug(row['name'].removeprefix('Region '))}",
        )
        psychiatry = psychiatries.get(str(region.pk))
        if changed or psychiatry is None:
            _psychiatry(load, region, psychiatry, psychiatry_levels)
        regions[row["name"]] = region
    return regions


def _psychiatry(
    load: Load, region: Organisation, record: Organisation | None, levels: list[PreventionLevel]
) -> None:
    """The psychiatry of a region, a member of each PSP in the region."""
    values = {
        "level": Level.REGIONAL,
        "name_da": f"Psykiatrien i {region.name_da}",
        "name_en": f"Psychiatry, {region.name_en or region.name_da}",
        "source": "derived: psychiatry is regional (reference data README)",
        "confidence": region.confidence,
    }
    psychiatry = load.write(
        Organisation,
        record,
        values,
        kind=OrganisationKind.PSYCHIATRY,
        parent=region,
        key=f"psykiatrien-{region.key}",
    )
    psychiatry.triangle_levels.set(levels)


def load_police_districts(load: Load, levels: Levels, national: Organisations) -> Organisations:
    """The twelve police districts in the infohus structure by name, each with its infohus."""
    dataset = load.open("police_districts.csv")
    existing = _by("code", kind=OrganisationKind.POLICE_DISTRICT)
    infohouses = _by("parent_id", kind=OrganisationKind.INFOHOUSE)
    district_levels = _level_list(levels, POLICE_DISTRICT_LEVELS)
    infohouse_levels = _level_list(levels, INFOHOUSE_LEVELS)
    derived = {"levels": POLICE_DISTRICT_LEVELS, "infohouse_levels": INFOHOUSE_LEVELS}
    rigspolitiet = pick(national, "rigspolitiet", "national actor")
    districts = {}
    for row in dataset.rows:
        if row.get("in_infohus_structure", "").lower() != "yes":
            continue  # Greenland and the Faroe Islands
        values = {
            "level": Level.REGIONAL,
            "name_da": row["name"],
            "name_en": row.get("name_en", ""),
            "parent": rigspolitiet,
            "source": row.get("source", ""),
            "confidence": row.get("mapping_confidence", ""),
        }
        code = row["code_dagi"]
        district, changed = dataset.apply(
            Organisation,
            existing.get(code),
            code,
            {"row": row, "derived": derived},
            values,
            kind=OrganisationKind.POLICE_DISTRICT,
            code=code,
            key=danish_slug(row["name"]),
        )
        if changed:
            district.triangle_levels.set(district_levels)
        infohouse = infohouses.get(str(district.pk))
        if changed or infohouse is None:
            _infohouse(load, district, infohouse, infohouse_levels)
        districts[row["name"]] = district
    return districts


def _infohouse(
    load: Load, district: Organisation, record: Organisation | None, levels: list[PreventionLevel]
) -> None:
    """The one infohus of a police district."""
    values = {
        "level": Level.REGIONAL,
        "name_da": f"Infohus {district.name_da}",
        "name_en": f"Infohus {district.name_en or district.name_da}",
        "source": "derived: one infohus per police district (reference data README)",
        "confidence": district.confidence,
    }
    infohouse = load.write(
        Organisation,
        record,
        values,
        kind=OrganisationKind.INFOHOUSE,
        parent=district,
        key=f"infohus-{district.key}",
    )
    infohouse.triangle_levels.set(levels)


def load_municipalities(
    load: Load, levels: Levels, regions: Organisations, districts: Organisations
) -> Municipalities:
    """The 98 municipalities, each in exactly one police district and one region."""
    dataset = load.open("municipalities.csv")
    existing = _by("code", kind=OrganisationKind.MUNICIPALITY)
    all_levels = _level_list(levels, ALL_LEVELS)
    municipalities = []
    for row in dataset.rows:
        name = row["name"]
        values = {
            "level": Level.LOCAL,
            "name_da": MUNICIPALITY_NAMES_DA.get(name, f"{name} Kommune"),
            "name_en": MUNICIPALITY_NAMES_EN.get(name, f"{name} Municipality"),
            "police_district": pick(districts, row["police_district"], "police district"),
            "region": pick(regions, row["region"], "region"),
            "source": row.get("source", ""),
            "confidence": row.get("mapping_confidence", ""),
        }
        derived = {"name_da": values["name_da"], "name_en": values["name_en"], "levels": ALL_LEVELS}
        municipality, changed = dataset.apply(
            Organisation,
            existing.get(row["code"]),
            row["code"],
            {"row": row, "derived": derived},
            values,
            kind=OrganisationKind.MUNICIPALITY,
            code=row["code"],
            key=f"{danish_slug(name)}-kommune",
        )
        if changed:
            municipality.triangle_levels.set(all_levels)
        municipalities.append((municipality, changed))
    return municipalities


def load_cooperations(load: Load, municipalities: Municipalities, national: Organisations) -> None:
    """SSP, PSP and KSP of every municipality. Their members are set when the cooperation is new,
    the municipality's row was applied, or a member was (re)created; else an administrator's
    correction of the members stands."""
    prison_probation = pick(national, "kriminalforsorgen", "national actor")
    psychiatry = _by("parent_id", kind=OrganisationKind.PSYCHIATRY)
    existing = {
        (cooperation.municipality_id, cooperation.kind): cooperation
        for cooperation in Cooperation.objects.all()
    }
    for municipality, applied in municipalities:
        district_id = municipality.police_district_id
        if district_id is None:  # the database's check constraint forbids it; this tells mypy
            raise ReferenceDataError(f"{municipality.key}: no police district")
        core = [municipality.pk, district_id]
        members = {
            Cooperation.Kind.SSP: core,
            Cooperation.Kind.PSP: [
                *core,
                pick(psychiatry, str(municipality.region_id), "psychiatry").pk,
            ],
            Cooperation.Kind.KSP: [*core, prison_probation.pk],
        }
        for kind, pks in members.items():
            cooperation = existing.get((municipality.pk, kind))
            renewed = applied or any(load.created(Organisation, pk) for pk in pks)
            if cooperation is None:
                cooperation = Cooperation.objects.create(kind=kind, municipality=municipality)
            elif not renewed:
                continue
            cooperation.members.set(pks)


def load_organisation_legal_bases(load: Load, bases: dict[str, LegalBasis]) -> None:
    """The legal bases of every organisation whose kind or key the mapping file names, applied
    when what the mapping gives it changed or the organisation is new to the mapping."""
    if not (load.data_dir / "organisation_legal_bases.csv").is_file():
        return  # Forebyg's own file: the shared data set alone can be loaded without it
    dataset = load.open("organisation_legal_bases.csv")
    by_kind: dict[str, set[LegalBasis]] = {}
    by_key: dict[str, set[LegalBasis]] = {}
    for row in dataset.rows:
        basis = pick(bases, row["legal_basis"], "legal basis")
        if row.get("key"):
            by_key.setdefault(row["key"], set()).add(basis)
        else:
            by_kind.setdefault(row["kind"], set()).add(basis)
    matched = Organisation.objects.filter(Q(kind__in=by_kind) | Q(key__in=by_key))
    for organisation in matched:
        mapped = by_kind.get(organisation.kind, set()) | by_key.get(organisation.key, set())
        # Fingerprinted by what the rows give this organisation, so that editing the source or
        # confidence column of the mapping does not undo the administrators' corrections.
        source = {"legal_bases": sorted(basis.key for basis in mapped)}
        created = load.created(Organisation, organisation.pk)
        if dataset.is_current(organisation.key, source) and not created:
            continue
        if dataset.known(organisation.key) or load.force:
            organisation.legal_bases.set(mapped)
        else:  # the first load to meet it (a school added in the admin): keep what was chosen
            organisation.legal_bases.add(*mapped)
        dataset.applied(organisation.key, source)
