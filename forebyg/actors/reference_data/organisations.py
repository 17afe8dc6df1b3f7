"""Who does what: national actors, regions and their psychiatry, police districts and their
infohuse, municipalities, and each municipality's SSP, PSP and KSP cooperation."""

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.db.models import Q

from forebyg.actors.models import Cooperation, Level, Organisation, OrganisationKind
from forebyg.actors.reference_data.files import (
    ReferenceDataError,
    Row,
    danish_slug,
    parse_date,
    pick,
    read_rows,
    split_list,
)
from forebyg.legal.models import LegalBasis
from forebyg.prevention.models import PreventionLevel

Levels = dict[str, PreventionLevel]
Organisations = dict[str, Organisation]

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


def _upsert(lookup: dict[str, Any], key: str, values: dict[str, Any]) -> Organisation:
    """Update the organisation found by its natural key; create it under `key` if it is new."""
    organisation, _ = Organisation.objects.update_or_create(
        **lookup, defaults=values, create_defaults={**values, "key": key}
    )
    return organisation


def _set_levels(organisation: Organisation, levels: Levels, keys: Iterable[str]) -> None:
    """Put the organisation on exactly these levels of the prevention triangle."""
    organisation.triangle_levels.set([pick(levels, key, "prevention level") for key in keys])


def load_national_actors(data_dir: Path, levels: Levels) -> Organisations:
    """The national actors by key, then their parents and successors (NCFE -> CDE)."""
    rows = read_rows(data_dir, "national_actors.csv")
    actors = {row["key"]: _national_actor(row, levels) for row in rows}
    for row in rows:
        actor = actors[row["key"]]
        parent, successor = row.get("parent_key", ""), row.get("successor_key", "")
        actor.parent = pick(actors, parent, "parent_key") if parent else None
        actor.successor = pick(actors, successor, "successor_key") if successor else None
        actor.save(update_fields=["parent", "successor"])
    return actors


def _national_actor(row: Row, levels: Levels) -> Organisation:
    """One national actor, without its parent and successor (they may come later in the file)."""
    values = {
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
    actor = _upsert({"key": row["key"]}, row["key"], values)
    _set_levels(actor, levels, split_list(row.get("triangle_levels", "")))
    return actor


def load_regions(data_dir: Path, levels: Levels) -> Organisations:
    """The five regions by name, each with its psychiatry (key psykiatrien-<region key>)."""
    regions = {}
    for row in read_rows(data_dir, "regions.csv"):
        values = {
            "level": Level.REGIONAL,
            "name_da": row["name"],
            "name_en": row.get("name_en", ""),
            "source": row.get("source", ""),
            "confidence": row.get("confidence", ""),
        }
        key = f"region-{danish_slug(row['name'].removeprefix('Region '))}"
        lookup = {"kind": OrganisationKind.REGION, "code": row["code_dagi"]}
        regions[row["name"]] = region = _upsert(lookup, key, values)
        _psychiatry(region, levels)
    return regions


def _psychiatry(region: Organisation, levels: Levels) -> Organisation:
    """The psychiatry of a region, a member of each PSP in the region."""
    values = {
        "level": Level.REGIONAL,
        "name_da": f"Psykiatrien i {region.name_da}",
        "name_en": f"Psychiatry, {region.name_en or region.name_da}",
        "source": "derived: psychiatry is regional (reference data README)",
        "confidence": region.confidence,
    }
    lookup = {"kind": OrganisationKind.PSYCHIATRY, "parent": region}
    psychiatry = _upsert(lookup, f"psykiatrien-{region.key}", values)
    _set_levels(psychiatry, levels, PSYCHIATRY_LEVELS)
    return psychiatry


def load_police_districts(data_dir: Path, levels: Levels, national: Organisations) -> Organisations:
    """The twelve police districts in the infohus structure by name, each with its infohus."""
    districts = {}
    for row in read_rows(data_dir, "police_districts.csv"):
        if row.get("in_infohus_structure", "").lower() != "yes":
            continue  # Greenland and the Faroe Islands
        values = {
            "level": Level.REGIONAL,
            "name_da": row["name"],
            "name_en": row.get("name_en", ""),
            "parent": pick(national, "rigspolitiet", "national actor"),
            "source": row.get("source", ""),
            "confidence": row.get("mapping_confidence", ""),
        }
        lookup = {"kind": OrganisationKind.POLICE_DISTRICT, "code": row["code_dagi"]}
        districts[row["name"]] = district = _upsert(lookup, danish_slug(row["name"]), values)
        _set_levels(district, levels, POLICE_DISTRICT_LEVELS)
        _infohouse(district, levels)
    return districts


def _infohouse(district: Organisation, levels: Levels) -> Organisation:
    """The one infohus of a police district."""
    values = {
        "level": Level.REGIONAL,
        "name_da": f"Infohus {district.name_da}",
        "name_en": f"Infohus {district.name_en or district.name_da}",
        "source": "derived: one infohus per police district (reference data README)",
        "confidence": district.confidence,
    }
    lookup = {"kind": OrganisationKind.INFOHOUSE, "parent": district}
    infohouse = _upsert(lookup, f"infohus-{district.key}", values)
    _set_levels(infohouse, levels, INFOHOUSE_LEVELS)
    return infohouse


def load_municipalities(
    data_dir: Path, levels: Levels, regions: Organisations, districts: Organisations
) -> list[Organisation]:
    """The 98 municipalities, each in exactly one police district and one region."""
    municipalities = []
    for row in read_rows(data_dir, "municipalities.csv"):
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
        lookup = {"kind": OrganisationKind.MUNICIPALITY, "code": row["code"]}
        municipality = _upsert(lookup, f"{danish_slug(name)}-kommune", values)
        _set_levels(municipality, levels, ALL_LEVELS)
        municipalities.append(municipality)
    return municipalities


def load_cooperations(municipalities: list[Organisation], national: Organisations) -> None:
    """SSP, PSP and KSP of every municipality, with exactly their member organisations."""
    prison_probation = pick(national, "kriminalforsorgen", "national actor")
    psychiatry = {
        org.parent_id: org for org in Organisation.objects.filter(kind=OrganisationKind.PSYCHIATRY)
    }
    existing = {
        (cooperation.municipality_id, cooperation.kind): cooperation
        for cooperation in Cooperation.objects.prefetch_related("members")
    }
    for municipality in municipalities:
        district = municipality.police_district
        if district is None:  # the database's check constraint forbids it; this tells mypy
            raise ReferenceDataError(f"{municipality.key}: no police district")
        core = [municipality, district]
        members = {
            Cooperation.Kind.SSP: core,
            Cooperation.Kind.PSP: [*core, pick(psychiatry, municipality.region_id, "psychiatry")],
            Cooperation.Kind.KSP: [*core, prison_probation],
        }
        for kind, organisations in members.items():
            cooperation = existing.get((municipality.pk, kind)) or Cooperation.objects.create(
                kind=kind, municipality=municipality
            )
            # Compared in memory (members are prefetched): most loads change no cooperation.
            if {m.pk for m in cooperation.members.all()} != {o.pk for o in organisations}:
                cooperation.members.set(organisations)


def load_organisation_legal_bases(data_dir: Path, bases: dict[str, LegalBasis]) -> None:
    """Set the legal bases of every organisation whose kind or key the mapping file names."""
    if not (data_dir / "organisation_legal_bases.csv").is_file():
        return  # Forebyg's own file: the shared data set alone can be loaded without it
    by_kind: dict[str, set[LegalBasis]] = {}
    by_key: dict[str, set[LegalBasis]] = {}
    for row in read_rows(data_dir, "organisation_legal_bases.csv"):
        basis = pick(bases, row["legal_basis"], "legal basis")
        if row.get("key"):
            by_key.setdefault(row["key"], set()).add(basis)
        else:
            by_kind.setdefault(row["kind"], set()).add(basis)
    matched = Organisation.objects.filter(Q(kind__in=by_kind) | Q(key__in=by_key))
    for organisation in matched:
        organisation.legal_bases.set(
            by_kind.get(organisation.kind, set()) | by_key.get(organisation.key, set())
        )
