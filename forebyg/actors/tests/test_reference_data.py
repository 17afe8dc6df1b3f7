"""The reference data: one count line, idempotent loading, edits that update, corrections made in
the admin that survive a reload, and the structure of the Danish model (each municipality in one
police district and region, infohuse, SSP/PSP/KSP)."""

import csv
import shutil
from io import StringIO
from pathlib import Path
from typing import TypeVar

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.forms.models import model_to_dict
from django.test.utils import CaptureQueriesContext

from forebyg.actors.management.commands.load_reference_data import (
    Command as LoadReferenceData,
)
from forebyg.actors.models import (
    Cooperation,
    InternationalCooperation,
    Organisation,
    OrganisationKind,
    ReferenceRow,
)
from forebyg.actors.reference_data import DATA_DIR, danish_slug, load_reference_data
from forebyg.actors.tests.factories import OrganisationFactory
from forebyg.legal.models import LegalBasis
from forebyg.national.models import FocusArea, Initiative
from forebyg.prevention.models import (
    AssessmentDimension,
    ExtremismCategory,
    Measure,
    ModelCharacteristic,
    PreventionLevel,
    WarningSign,
)

T = TypeVar("T")
REFERENCE_MODELS = (
    Organisation,
    Cooperation,
    InternationalCooperation,
    LegalBasis,
    PreventionLevel,
    ModelCharacteristic,
    AssessmentDimension,
    ExtremismCategory,
    Measure,
    WarningSign,
    FocusArea,
    Initiative,
)


def _of(value: T | None) -> T:
    """A foreign key that must be set."""
    assert value is not None
    return value


def _rows(name: str, data_dir: Path = DATA_DIR) -> list[dict[str, str]]:
    with (data_dir / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _rewrite(data_dir: Path, name: str, match: dict[str, str], changes: dict[str, str]) -> None:
    """Change the cells of the one row of data_dir/name whose columns equal `match`."""
    rows = _rows(name, data_dir)
    hits = [row for row in rows if all(row[key] == value for key, value in match.items())]
    assert len(hits) == 1, (name, match)
    hits[0].update(changes)
    with (data_dir / name).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def _run(data_dir: Path | None = None, *, force: bool = False) -> str:
    """Run the command and return its last output line."""
    out = StringIO()
    options = ["--data-dir", str(data_dir)] if data_dir else []
    options += ["--force"] if force else []
    call_command("load_reference_data", *options, stdout=out)
    return out.getvalue().strip().splitlines()[-1]


def _snapshot() -> dict[str, dict[int, dict]]:
    """Every reference row with every field and many-to-many link, by model and id."""

    def plain(obj) -> dict:
        values = model_to_dict(obj)
        for field in obj._meta.many_to_many:
            values[field.name] = sorted(item.pk for item in values[field.name])
        return values

    return {
        model._meta.label: {obj.pk: plain(obj) for obj in model.objects.all()}
        for model in REFERENCE_MODELS
    }


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    return Path(shutil.copytree(DATA_DIR, tmp_path / "data"))


def test_the_command_ends_with_one_line_of_counts_from_the_database(db):
    line = _run()

    assert line == (
        "municipalities=98 regions=5 police_districts=12 infohouses=12 "
        f"national_actors={len(_rows('national_actors.csv'))} "
        f"legal_bases={len(_rows('legal_bases.csv'))} prevention_levels=3 assessment_dimensions=9 "
        f"measures={len(_rows('measures.csv'))} "
        f"national_plan_initiatives={len(_rows('national_plan_2016_initiatives.csv'))}"
    )
    assert "national_actors=20 legal_bases=17" in line


def test_the_loader_returns_the_counts_in_the_order_of_the_line(db):
    counts = load_reference_data()

    assert list(counts) == [pair.split("=")[0] for pair in _run().split()]
    assert counts["municipalities"] == Organisation.objects.filter(kind="municipality").count()


def test_loading_again_gives_the_same_line_and_changes_nothing(db):
    before = _snapshot()

    first, second = _run(), _run()

    assert first == second
    assert _snapshot() == before


def _writes(queries: CaptureQueriesContext) -> list[str]:
    """The statements among the captured queries that change the database."""
    verbs = {"INSERT", "UPDATE", "DELETE", "REPLACE"}
    return [q["sql"] for q in queries.captured_queries if q["sql"].split(None, 1)[0] in verbs]


def _bases(key: str) -> set[str]:
    return {basis.key for basis in Organisation.objects.get(key=key).legal_bases.all()}


def _members(kind: str, municipality_key: str) -> set[str]:
    cooperation = Cooperation.objects.get(kind=kind, municipality__key=municipality_key)
    return {member.key for member in cooperation.members.all()}


def test_a_second_load_writes_nothing(db):
    first = _run()

    with CaptureQueriesContext(connection) as queries:
        second = _run()

    assert second == first
    assert _writes(queries) == []
    assert len(queries) < 60  # a few bulk reads per file, never one per row


def test_a_correction_made_in_the_admin_survives_the_next_load(db):
    aarhus = Organisation.objects.get(key="aarhus-kommune")
    aarhus.name_en = "City of Aarhus"
    aarhus.save(update_fields=["name_en"])
    LegalBasis.objects.filter(key="rpl-115-4").update(summary_da="Rettet i administrationen")

    _run()

    aarhus.refresh_from_db()
    assert aarhus.name_en == "City of Aarhus"
    assert LegalBasis.objects.get(key="rpl-115-4").summary_da == "Rettet i administrationen"


def test_an_edit_of_the_corrected_row_in_the_file_wins(db, data_copy):
    Organisation.objects.filter(key="aarhus-kommune").update(name_en="City of Aarhus")
    LegalBasis.objects.filter(key="rpl-115-4").update(summary_da="Rettet i administrationen")
    _rewrite(data_copy, "municipalities.csv", {"code": "751"}, {"name": "Aros"})
    _rewrite(data_copy, "legal_bases.csv", {"key": "rpl-115-4"}, {"summary_da": "Ny tekst"})

    _run(data_copy)

    assert Organisation.objects.get(key="aarhus-kommune").name_en == "Aros Municipality"
    assert LegalBasis.objects.get(key="rpl-115-4").summary_da == "Ny tekst"
    assert ReferenceRow.objects.get(dataset="municipalities", natural_key="751").fingerprint


def test_links_corrected_in_the_admin_survive_the_next_load(db):
    aarhus = Organisation.objects.get(key="aarhus-kommune")
    aarhus.legal_bases.remove(LegalBasis.objects.get(key="sel-12b"))
    aarhus.triangle_levels.remove(PreventionLevel.objects.get(key="intervening"))
    Cooperation.objects.get(kind="KSP", municipality=aarhus).members.remove(
        Organisation.objects.get(key="kriminalforsorgen")
    )
    Measure.objects.get(key="mentor").typical_levels.clear()

    _run()

    assert "sel-12b" not in _bases("aarhus-kommune")
    assert {level.key for level in aarhus.triangle_levels.all()} == {"building", "anticipatory"}
    assert "kriminalforsorgen" not in _members("KSP", "aarhus-kommune")
    assert not Measure.objects.get(key="mentor").typical_levels.exists()


def test_a_changed_mapping_row_resets_the_legal_bases_it_gives(db, data_copy):
    for key in ("aarhus-kommune", "randers-kommune"):
        Organisation.objects.get(key=key).legal_bases.clear()
    _rewrite(
        data_copy,
        "organisation_legal_bases.csv",
        {"kind": "municipality", "legal_basis": "sel-12b"},
        {"legal_basis": "rpl-115-3"},
    )

    _run(data_copy)

    assert _bases("aarhus-kommune") == {
        "rpl-115-2",
        "sel-49a",
        "bl-15-3",
        "underretning",
        "rpl-115-3",
    }
    assert _bases("randers-kommune") == _bases("aarhus-kommune")
    assert _bases("oestjyllands-politi") >= {"rpl-115-1", "rhl"}  # its rows did not change


def test_editing_only_the_source_of_a_mapping_row_keeps_the_corrections(db, data_copy):
    Organisation.objects.get(key="aarhus-kommune").legal_bases.clear()
    _rewrite(
        data_copy,
        "organisation_legal_bases.csv",
        {"kind": "municipality", "legal_basis": "sel-12b"},
        {"source": "a better source"},
    )

    _run(data_copy)

    assert _bases("aarhus-kommune") == set()


def test_force_reapplies_every_row(db):
    aarhus = Organisation.objects.get(key="aarhus-kommune")
    Organisation.objects.filter(pk=aarhus.pk).update(name_en="City of Aarhus")
    LegalBasis.objects.filter(key="rpl-115-4").update(summary_da="Rettet i administrationen")
    aarhus.legal_bases.clear()
    Cooperation.objects.get(kind="KSP", municipality=aarhus).members.clear()

    line = _run(force=True)

    aarhus.refresh_from_db()
    assert aarhus.name_en == "Aarhus Municipality"
    assert LegalBasis.objects.get(key="rpl-115-4").summary_da.startswith("Ingen har pligt")
    assert "sel-12b" in _bases("aarhus-kommune")
    assert "kriminalforsorgen" in _members("KSP", "aarhus-kommune")
    assert line == _run()


def test_the_command_help_documents_force():
    parser = LoadReferenceData().create_parser("manage.py", "load_reference_data")

    assert "Reapply every row" in parser.format_help()


def test_a_deleted_record_is_recreated_with_its_links(db):
    Organisation.objects.get(key="infohus-oestjyllands-politi").delete()
    Organisation.objects.get(key="psykiatrien-region-midtjylland").delete()
    ExtremismCategory.objects.get(key="left_wing").delete()

    line = _run()

    infohouse = Organisation.objects.get(key="infohus-oestjyllands-politi")
    assert [level.key for level in infohouse.triangle_levels.all()] == ["anticipatory"]
    assert _bases(infohouse.key) == {"rpl-115-1", "rpl-115-2"}
    assert "psykiatrien-region-midtjylland" in _members("PSP", "aarhus-kommune")
    assert _bases("psykiatrien-region-midtjylland") == {"rpl-115-2"}
    assert ExtremismCategory.objects.get(key="left_wing").name_en == "Left-wing extremism"
    assert "infohouses=12" in line


def test_a_load_without_fingerprints_reapplies_every_row(db):
    Organisation.objects.filter(key="aarhus-kommune").update(name_en="City of Aarhus")
    ReferenceRow.objects.all().delete()  # as on the first load after this table was added

    _run()

    assert Organisation.objects.get(key="aarhus-kommune").name_en == "Aarhus Municipality"
    assert ReferenceRow.objects.filter(dataset="municipalities").count() == 98


def test_a_school_added_with_legal_bases_keeps_them_and_gets_those_of_its_kind(db):
    school = OrganisationFactory.create(parent=Organisation.objects.get(key="aarhus-kommune"))
    school.legal_bases.add(LegalBasis.objects.get(key="rpl-115-3"))

    load_reference_data()

    assert _bases(school.key) == {"rpl-115-3", "folkeskolelov-1", "sel-49a", "underretning"}


def test_an_edited_municipality_row_updates_that_municipality_and_adds_nothing(db, data_copy):
    aarhus = Organisation.objects.get(code="751", kind="municipality")
    counts = {model: model.objects.count() for model in REFERENCE_MODELS}
    _rewrite(data_copy, "municipalities.csv", {"code": "751"}, {"name": "Aros"})

    _run(data_copy)

    aarhus.refresh_from_db()
    assert (aarhus.name_da, aarhus.name_en) == ("Aros Kommune", "Aros Municipality")
    assert aarhus.key == "aarhus-kommune"  # other code finds it by key: a new name keeps it
    assert {model: model.objects.count() for model in REFERENCE_MODELS} == counts


def test_an_edited_legal_basis_updates_that_record_only(db, data_copy):
    basis = LegalBasis.objects.get(key="rpl-115-4")
    others = {b.pk: model_to_dict(b) for b in LegalBasis.objects.exclude(pk=basis.pk)}
    _rewrite(data_copy, "legal_bases.csv", {"key": "rpl-115-4"}, {"summary_da": "Rettet tekst"})

    _run(data_copy)

    basis.refresh_from_db()
    assert basis.summary_da == "Rettet tekst"
    assert {b.pk: model_to_dict(b) for b in LegalBasis.objects.exclude(pk=basis.pk)} == others


@pytest.mark.parametrize(
    ("name", "match", "changes", "model", "lookup", "field"),
    [
        (
            "national_plan_2016_initiatives.csv",
            {"title_da": "Uddannelse af fængselsbetjente"},
            {"title_da": "Uddannelse af fængselsbetjente og -ledere"},
            Initiative,
            {"seed_key": "2016-6-uddannelse-af-faengselsbetjente"},
            "title_da",
        ),
        (
            "warning_signs.csv",
            {"sign_en": "Conspiracy beliefs"},
            {"sign_en": "Belief in conspiracy theories"},
            WarningSign,
            {"key": "attitudes-conspiracy-beliefs"},
            "sign_en",
        ),
    ],
)
def test_rewording_a_row_with_a_stable_key_updates_it(
    db, data_copy, name, match, changes, model, lookup, field
):
    record = model.objects.get(**lookup)
    count = model.objects.count()
    _rewrite(data_copy, name, match, changes)

    _run(data_copy)

    record.refresh_from_db()
    assert getattr(record, field) == changes[field]
    assert model.objects.count() == count


def test_a_file_naming_an_unknown_legal_basis_is_refused_and_nothing_is_saved(db, data_copy):
    _rewrite(data_copy, "prevention_levels.csv", {"key": "building"}, {"name_da": "Ændret"})
    _rewrite(data_copy, "measures.csv", {"key": "mentor"}, {"typical_basis": "no-such-basis"})

    with pytest.raises(CommandError, match="no-such-basis"):
        _run(data_copy)

    assert PreventionLevel.objects.get(key="building").name_da == "Opbyggende"


def test_a_file_with_two_rows_for_one_key_is_refused(db, data_copy):
    _rewrite(data_copy, "extremism_categories.csv", {"key": "other"}, {"key": "left_wing"})

    with pytest.raises(CommandError, match="two rows for 'left_wing'"):
        _run(data_copy)


def test_each_municipality_is_in_the_police_district_and_region_of_its_row(db):
    rows = {row["code"]: row for row in _rows("municipalities.csv")}
    municipalities = Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY)

    assert sorted(m.code for m in municipalities) == sorted(rows)
    for municipality in municipalities.select_related("police_district", "region"):
        row = rows[municipality.code]
        district, region = _of(municipality.police_district), _of(municipality.region)
        assert (district.kind, district.name_da) == ("police_district", row["police_district"])
        assert (region.kind, region.name_da) == ("region", row["region"])
        assert municipality.level == "local"
        assert municipality.confidence == row["mapping_confidence"]


def test_aarhus_is_in_east_jutland_police_and_region_midtjylland(db):
    aarhus = Organisation.objects.get(kind="municipality", code="751")

    assert aarhus.key == "aarhus-kommune"
    assert aarhus.name_da == "Aarhus Kommune"
    assert _of(aarhus.police_district).key == "oestjyllands-politi"
    assert _of(aarhus.region).key == "region-midtjylland"
    assert {level.key for level in aarhus.triangle_levels.all()} == {
        "building",
        "anticipatory",
        "intervening",
    }


@pytest.mark.parametrize(
    ("key", "name_da"),
    [
        ("koebenhavn-kommune", "Københavns Kommune"),
        ("bornholm-kommune", "Bornholms Regionskommune"),
        ("randers-kommune", "Randers Kommune"),
        ("aeroe-kommune", "Ærø Kommune"),
        ("lyngby-taarbaek-kommune", "Lyngby-Taarbæk Kommune"),
        ("oestjyllands-politi", "Østjyllands Politi"),
        ("infohus-oestjyllands-politi", "Infohus Østjyllands Politi"),
        ("region-midtjylland", "Region Midtjylland"),
        ("psykiatrien-region-midtjylland", "Psykiatrien i Region Midtjylland"),
        ("cde", "Center for Dokumentation og Indsats mod Ekstremisme"),
        ("hotline", "Hotline mod radikalisering"),
        ("kriminalforsorgen", "Kriminalforsorgen"),
    ],
)
def test_organisations_have_the_keys_other_code_relies_on(db, key, name_da):
    assert Organisation.objects.get(key=key).name_da == name_da


def test_police_districts_are_the_twelve_in_the_infohus_structure(db):
    districts = Organisation.objects.filter(kind=OrganisationKind.POLICE_DISTRICT)
    expected = {
        r["name"] for r in _rows("police_districts.csv") if r["in_infohus_structure"] == "yes"
    }

    assert {d.name_da for d in districts} == expected
    assert not Organisation.objects.filter(name_da__in=["Grønlands Politi", "Færøernes Politi"])
    assert {_of(d.parent).key for d in districts} == {"rigspolitiet"}
    assert Organisation.objects.get(key="oestjyllands-politi").code == "1461"


def test_each_police_district_has_exactly_one_infohus(db):
    for district in Organisation.objects.filter(kind=OrganisationKind.POLICE_DISTRICT):
        infohouses = Organisation.objects.filter(kind=OrganisationKind.INFOHOUSE, parent=district)

        assert [i.key for i in infohouses] == [f"infohus-{district.key}"]
        assert infohouses[0].name_da == f"Infohus {district.name_da}"
        assert [level.key for level in infohouses[0].triangle_levels.all()] == ["anticipatory"]
    assert Organisation.objects.filter(kind=OrganisationKind.INFOHOUSE).count() == 12


def test_each_region_has_its_psychiatry(db):
    for region in Organisation.objects.filter(kind=OrganisationKind.REGION):
        psychiatry = Organisation.objects.get(kind=OrganisationKind.PSYCHIATRY, parent=region)

        assert psychiatry.key == f"psykiatrien-{region.key}"
        assert psychiatry.name_da == f"Psykiatrien i {region.name_da}"
        assert psychiatry.level == "regional"


def test_ncfe_ended_on_9_october_2022_and_cde_succeeded_it(db):
    ncfe = Organisation.objects.get(key="ncfe")
    cde = Organisation.objects.get(key="cde")

    assert str(ncfe.valid_to) == "2022-10-09"
    assert ncfe.successor == cde
    assert str(cde.valid_from) == "2022-10-10"
    assert cde.valid_to is None
    assert _of(cde.parent).key == "us"
    assert _of(ncfe.parent).key == "siri"
    assert (ncfe.level, ncfe.kind, ncfe.confidence) == ("national", "knowledge_centre", "H")
    assert Organisation.objects.get(key="mentor_corps").parent == cde


def test_each_municipality_has_ssp_psp_and_ksp_with_the_right_members(db):
    municipalities = Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY)
    psychiatry = {p.parent_id: p.key for p in Organisation.objects.filter(kind="psychiatry")}

    for municipality in municipalities.select_related("police_district"):
        core = {municipality.key, _of(municipality.police_district).key}
        members = {
            cooperation.kind: {member.key for member in cooperation.members.all()}
            for cooperation in Cooperation.objects.filter(municipality=municipality)
        }
        assert members == {
            "SSP": core,
            "PSP": core | {psychiatry[municipality.region_id]},
            "KSP": core | {"kriminalforsorgen"},
        }
    aarhus_psp = Cooperation.objects.get(kind="PSP", municipality__key="aarhus-kommune")
    assert "psykiatrien-region-midtjylland" in {m.key for m in aarhus_psp.members.all()}


def test_organisations_get_the_legal_bases_of_the_mapping(db):
    def bases(key: str) -> set[str]:
        return {b.key for b in Organisation.objects.get(key=key).legal_bases.all()}

    assert bases("aarhus-kommune") >= {"sel-49a", "bl-15-3", "underretning", "sel-12b", "rpl-115-2"}
    assert bases("oestjyllands-politi") >= {"rpl-115-1", "rpl-115-2", "rhl"}
    assert bases("pet") >= {"rhl"}
    assert bases("kriminalforsorgen") == {"rpl-115-2", "rhl"}
    assert bases("cde") == set()


def test_a_school_added_later_gets_the_legal_bases_of_its_kind_at_the_next_load(db):
    school = OrganisationFactory.create(parent=Organisation.objects.get(key="aarhus-kommune"))

    load_reference_data()

    assert {b.key for b in school.legal_bases.all()} == {
        "folkeskolelov-1",
        "sel-49a",
        "underretning",
    }


def test_danish_columns_are_loaded(db):
    building = PreventionLevel.objects.get(key="building")
    assert building.target_group_da == "Alle, især børn og unge"
    assert all(
        level.aim_da and level.settings_and_actors_da and level.typical_efforts_da
        for level in PreventionLevel.objects.all()
    )
    assert (
        LegalBasis.objects.get(key="rpl-115-1").title_da == "Politiets videregivelse i SSP/PSP/KSP"
    )
    assert not LegalBasis.objects.filter(title_da="") and not LegalBasis.objects.filter(
        summary_da=""
    )
    assert all(c.summary_da for c in ModelCharacteristic.objects.all())
    assert all(s.sign_da and s.sign_da != s.sign_en for s in WarningSign.objects.all())
    assert InternationalCooperation.objects.get(key="gctf").kind_da == "mellemstatsligt forum"
    assert all(c.summary_da for c in InternationalCooperation.objects.all())
    assert all(o.role_da for o in Organisation.objects.filter(level="national"))
    assert all(i.title_en for i in Initiative.objects.all())
    assert Organisation.objects.get(key="oestjyllands-politi").name_en == "East Jutland Police"


def test_assessment_dimensions_take_the_unverified_danish_names_and_parts(db):
    convictions = AssessmentDimension.objects.get(key="convictions_rhetoric")

    assert convictions.name_da == "Bekymrende overbevisninger og retorik"
    assert convictions.part == "risk_threat"
    assert set(AssessmentDimension.objects.values_list("confidence", flat=True)) == {"not verified"}


def test_measures_link_their_levels_owners_and_legal_basis(db):
    mentor = Measure.objects.get(key="mentor")

    assert _of(mentor.typical_basis).key == "sel-12b"
    assert {level.key for level in mentor.typical_levels.all()} == {"anticipatory", "intervening"}
    assert Measure.objects.get(key="concern_conversation").owner_kinds == ["municipality", "police"]
    assert Measure.objects.get(key="relationship_work").typical_basis is None


def test_initiatives_link_focus_area_and_responsible_ministry(db):
    first = Initiative.objects.get(number=1)

    assert first.focus_area.number == 1
    assert _of(first.responsible).key == "uim"
    assert first.confidence == "H"
    unowned = Initiative.objects.get(title_da="Korps af digitale fornuftsstemmer")
    assert unowned.responsible is None
    assert unowned.number is None
    assert FocusArea.objects.count() == 9


def test_a_source_of_same_takes_the_source_of_the_row_above(db):
    assert (
        LegalBasis.objects.get(key="rpl-115-2").source
        == LegalBasis.objects.get(key="rpl-115-1").source
    )
    assert not LegalBasis.objects.filter(source__iexact="same")
    assert not Initiative.objects.filter(source__iexact="same")


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Østjyllands Politi", "oestjyllands-politi"),
        ("Lyngby-Taarbæk", "lyngby-taarbaek"),
        ("Ærø", "aeroe"),
        ("Århus", "aarhus"),
        ("Sydsjællands og Lolland-Falsters Politi", "sydsjaellands-og-lolland-falsters-politi"),
    ],
)
def test_danish_slug_spells_out_the_danish_letters(text, slug):
    assert danish_slug(text) == slug
