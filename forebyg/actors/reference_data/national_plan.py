"""The national action plan of 11 October 2016: its nine focus areas and the initiatives found."""

from pathlib import Path

from forebyg.actors.models import Organisation
from forebyg.actors.reference_data.files import Row, danish_slug, parse_int, pick, read_rows
from forebyg.national.models import FocusArea, Initiative


def load_focus_areas(data_dir: Path) -> dict[int, FocusArea]:
    """The nine focus areas, by number."""
    areas = {}
    for row in read_rows(data_dir, "national_plan_2016_focus_areas.csv"):
        number = int(row["number"])
        areas[number] = FocusArea.objects.update_or_create(
            number=number,
            defaults={
                "title_da": row["title_da"],
                "title_en": row["title_en"],
                "source": row.get("source", ""),
                "confidence": row.get("confidence", ""),
            },
        )[0]
    return areas


def initiative_seed_key(row: Row) -> str:
    """The row's stable key: its seed_key column, or one made from focus area and Danish title."""
    return row.get("seed_key") or f"2016-{row['focus_area']}-{danish_slug(row['title_da'])}"[:80]


def load_initiatives(data_dir: Path, areas: dict[int, FocusArea]) -> None:
    """The initiatives found so far; the responsible ministry is a national actor's key."""
    organisations = {org.key: org for org in Organisation.objects.filter(level="national")}
    for row in read_rows(data_dir, "national_plan_2016_initiatives.csv"):
        responsible = row.get("responsible", "")
        Initiative.objects.update_or_create(
            seed_key=initiative_seed_key(row),
            defaults={
                "focus_area": pick(areas, int(row["focus_area"]), "focus area"),
                "number": parse_int(row.get("number", "")),
                "title_da": row["title_da"],
                "title_en": row.get("title_en", ""),
                "responsible": (
                    pick(organisations, responsible, "organisation") if responsible else None
                ),
                "source": row.get("source", ""),
                "confidence": row.get("confidence", ""),
            },
        )
