"""The national action plan of 11 October 2016: its nine focus areas and the initiatives found."""

from typing import Any

from forebyg.actors.models import Level, Organisation
from forebyg.actors.reference_data.files import Row, danish_slug, parse_int, pick
from forebyg.actors.reference_data.fingerprints import Load
from forebyg.national.models import FocusArea, Initiative


def load_focus_areas(load: Load) -> dict[int, FocusArea]:
    """The nine focus areas, by number."""

    def values(row: Row) -> dict[str, Any]:
        return {
            "title_da": row["title_da"],
            "title_en": row["title_en"],
            "source": row.get("source", ""),
            "confidence": row.get("confidence", ""),
        }

    synced = load.sync("national_plan_2016_focus_areas.csv", FocusArea, values, field="number")
    return {int(row["number"]): area for row, area, _ in synced}


def initiative_seed_key(row: Row) -> str:
    """The row's stable key: its seed_key column, or one made from focus area and Danish title."""
    return row.get("seed_key") or f"2016-{row['focus_area']}-{danish_slug(row['title_da'])}"[:80]


def load_initiatives(load: Load, areas: dict[int, FocusArea]) -> None:
    """The initiatives found so far; the responsible ministry is a national actor's key."""
    organisations = {org.key: org for org in Organisation.objects.filter(level=Level.NATIONAL)}

    def values(row: Row) -> dict[str, Any]:
        responsible = row.get("responsible", "")
        return {
            "focus_area": pick(areas, int(row["focus_area"]), "focus area"),
            "number": parse_int(row.get("number", "")),
            "title_da": row["title_da"],
            "title_en": row.get("title_en", ""),
            "responsible": (
                pick(organisations, responsible, "organisation") if responsible else None
            ),
            "source": row.get("source", ""),
            "confidence": row.get("confidence", ""),
        }

    load.sync(
        "national_plan_2016_initiatives.csv",
        Initiative,
        values,
        field="seed_key",
        key_of=initiative_seed_key,
    )
