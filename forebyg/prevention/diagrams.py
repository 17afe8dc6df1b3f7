"""Geometry of the prevention triangle, computed from the levels so the drawing follows the data."""

from collections.abc import Sequence
from dataclasses import dataclass

from forebyg.core.models import localized
from forebyg.prevention.models import PreventionLevel

WIDTH = 720
HEIGHT = 330
BASE = 400  # width of the triangle's base
TOP, BOTTOM = 15.0, 315.0
LEFT = 10.0
LABEL_X = 440.0
# From the broad base to the tip: light to dark, each with a text colour of at least 4.5:1.
PALETTE = [("#cce0f5", "#1a1a1a"), ("#5c9bd6", "#1a1a1a"), ("#004993", "#ffffff")]


@dataclass(frozen=True)
class TriangleBand:
    level: PreventionLevel
    number: int
    points: str
    fill: str
    text_colour: str
    number_x: float
    number_y: float
    line: tuple[float, float, float, float]
    label_y: float
    name: str
    name_detail: str
    current: bool


@dataclass(frozen=True)
class Triangle:
    width: int
    height: int
    label_x: float
    bands: list[TriangleBand]


def _half_width(y: float) -> float:
    return BASE / 2 * (y - TOP) / (BOTTOM - TOP)


def triangle(levels: Sequence[PreventionLevel], *, current_key: str = "") -> Triangle:
    """Stack the levels from the base (first level) to the tip (last level)."""
    count = max(len(levels), 1)
    band_height = (BOTTOM - TOP) / count
    centre = LEFT + BASE / 2
    bands = []
    for index, level in enumerate(levels):
        lower = BOTTOM - index * band_height
        upper = lower - band_height
        # The tip band is narrow near its top: put its number where there is room.
        middle = lower - band_height * (0.35 if index == count - 1 else 0.5)
        points = " ".join(
            f"{x:.1f},{y:.1f}"
            for x, y in [
                (centre - _half_width(lower), lower),
                (centre + _half_width(lower), lower),
                (centre + _half_width(upper), upper),
                (centre - _half_width(upper), upper),
            ]
        )
        fill, text_colour = PALETTE[min(index, len(PALETTE) - 1)]
        edge = centre + _half_width(middle)
        # "Anticipatory (targeted prevention)" is drawn on two lines.
        name, _, detail = localized(level, "name").partition(" (")
        bands.append(
            TriangleBand(
                level=level,
                number=index + 1,
                points=points,
                fill=fill,
                text_colour=text_colour,
                number_x=centre,
                number_y=middle + 8,
                line=(edge + 4, middle, LABEL_X - 10, middle),
                label_y=middle + (-2 if detail else 9),
                name=name,
                name_detail=f"({detail}" if detail else "",
                current=level.key == current_key,
            )
        )
    return Triangle(width=WIDTH, height=HEIGHT, label_x=LABEL_X, bands=bands)
