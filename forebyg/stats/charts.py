"""Server-side SVG charts of the published statistics tables: bars for counts, lines for trends.

A chart is drawn only from a table's published cells, so it can show nothing the table does not:
a suppressed cell has no value here at all. It is drawn as a hatched stub (bars) or a hollow
marker that breaks the line (trends), labelled with the cell's display ("<5"). The chart is an
image (role="img") named by its title and described by the caption of the data table that always
follows it; the text in it is for sighted readers. No script and no style attribute (the CSP
forbids inline styles): only SVG presentation attributes and the classes in static/app.css.
"""

import math
import xml.etree.ElementTree as ET  # we build SVG with it and never parse untrusted XML
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from forebyg.stats.tables import Cell, StatTable

# Six series colours, each at least 4.5:1 against white (WCAG 1.4.11 asks 3:1 of graphics);
# lines also differ by dash pattern, so colour is never the only difference.
PALETTE = ("#0059b3", "#b35900", "#007a5e", "#a3446e", "#6a3d9a", "#545454")
DASHES = ("", "6 3", "2 3", "8 3 2 3", "4 4", "1 2")
MAX_SERIES = len(PALETTE)
INK = "#1a1a1a"
GRID = "#bfbfbf"
SUPPRESSED_INK = "#545454"
VALUE_CLASS = "stats-chart__value"  # the text that states a cell's figure (not axis ticks)
WIDTH = 640
FONT_SIZE = "14"
LABEL_CHARS = 28  # longer labels are shortened in the chart; the table has them in full
MANY_ROWS = 20  # a bar chart of more rows leaves out the rows of only zeros

YScale = Callable[[float], float]


@dataclass(frozen=True)
class Series:
    """One coloured set of bars or one line: a label and a cell per category."""

    label: str
    cells: list[Cell]


@dataclass(frozen=True)
class ChartData:
    """What a chart plots: the categories (bars) or the x positions (lines), and the series."""

    categories: list[str]
    series: list[Series]
    zeros_left_out: bool = False
    named_series: bool = False  # the series are some of the table's columns

    @property
    def legend(self) -> bool:
        """A key is needed unless the one series is the table's only column or its totals."""
        return len(self.series) > 1 or self.named_series


# -- Which numbers a table's chart shows ----------------------------------------------------


def bar_data(table: StatTable) -> ChartData:
    """Bars per row: one series per column when there are a few, else the row totals."""
    columns = list(table.column_labels)
    if 1 < len(columns) <= MAX_SERIES:
        series = [
            Series(str(label), [row[index] for row in table.cells])
            for index, label in enumerate(columns)
        ]
    elif len(columns) == 1:
        series = [Series(str(columns[0]), [row[0] for row in table.cells])]
    else:
        series = [Series(_("Total"), list(table.row_totals))]
    return _without_zero_rows(ChartData([str(label) for label in table.row_labels], series))


def _without_zero_rows(data: ChartData) -> ChartData:
    """A long table (98 municipalities) charts only its rows with something in them."""
    if len(data.categories) <= MANY_ROWS:
        return data
    keep = [
        index
        for index in range(len(data.categories))
        if not _all_zero([one.cells[index] for one in data.series])
    ]
    if len(keep) == len(data.categories):
        return data
    series = [Series(one.label, [one.cells[i] for i in keep]) for one in data.series]
    return ChartData(
        [data.categories[i] for i in keep],
        series,
        zeros_left_out=True,
        named_series=data.named_series,
    )


def line_data(table: StatTable) -> ChartData:
    """Lines over the rows (the quarters of a trend table): one per column when there are a few,
    leaving out columns of only zeros (the table has them), else one line of the quarter
    totals."""
    columns = list(table.column_labels)
    named = False  # a series that is one of several columns needs its name in a key
    if len(columns) == 1:
        series = [Series(str(columns[0]), [row[0] for row in table.cells])]
    else:
        series = [
            Series(str(label), cells)
            for index, label in enumerate(columns)
            if not _all_zero(cells := [row[index] for row in table.cells])
        ]
        if not series or len(series) > MAX_SERIES:
            series = [Series(_("Total"), list(table.row_totals))]
        else:
            named = True
    return ChartData([str(label) for label in table.row_labels], series, named_series=named)


def _all_zero(cells: Sequence[Cell]) -> bool:
    return all(cell.value == 0 for cell in cells)


# -- Shared drawing helpers ----------------------------------------------------------------


def nice_ticks(largest: int) -> list[int]:
    """Round axis ticks from 0 past the largest value, in steps of 1, 2 or 5 times a power of
    ten, at most about six of them."""
    top = max(largest, 5)
    raw = top / 5
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    step = max(int(step), 1)
    return list(range(0, (math.ceil(top / step) + 1) * step, step))


def _largest(data: ChartData) -> int:
    values = [cell.value for s in data.series for cell in s.cells if cell.value is not None]
    return max(values, default=0)


def _shorten(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"


def _el(parent: ET.Element, tag: str, text: str | None = None, **attributes: object) -> ET.Element:
    # Attribute names use "_" for "-" (stroke_width -> stroke-width); None leaves one out.
    element = ET.SubElement(
        parent,
        tag,
        {k.rstrip("_").replace("_", "-"): str(v) for k, v in attributes.items() if v is not None},
    )
    if text is not None:
        element.text = text
    return element


def _text(parent: ET.Element, x: float, y: float, text: str, **attributes: object) -> ET.Element:
    return _el(parent, "text", text, x=f"{x:.1f}", y=f"{y:.1f}", font_size=FONT_SIZE, **attributes)


def _svg(
    key: str, title: str, caption_id: str, height: float, kind: str, *, zeros_left_out: bool = False
) -> tuple[ET.Element, str]:
    """The root element, named by its <title> and described by the data table's caption."""
    title_id = f"chart-title-{key}"
    svg = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "class": f"stats-chart stats-chart--{kind}",
            "role": "img",
            "width": str(WIDTH),
            "height": f"{height:.0f}",
            "viewBox": f"0 0 {WIDTH} {height:.0f}",
            "aria-labelledby": title_id,
            "aria-describedby": caption_id,
            "font-family": "inherit",
            "fill": INK,
        },
    )
    _el(svg, "title", title, id=title_id)
    description = _("The figures are in the table below the chart.")
    if zeros_left_out:
        description += " " + _("Rows with 0 are left out of the chart.")
    _el(svg, "desc", description)
    return svg, f"hatch-{key}"


def _hatch(svg: ET.Element, pattern_id: str) -> None:
    """The hatching that marks a suppressed bar."""
    defs = _el(svg, "defs")
    pattern = _el(
        defs,
        "pattern",
        id=pattern_id,
        width="6",
        height="6",
        patternUnits="userSpaceOnUse",
        patternTransform="rotate(45)",
    )
    _el(pattern, "rect", width="6", height="6", fill="#ffffff")
    _el(pattern, "line", x1="0", y1="0", x2="0", y2="6", stroke=SUPPRESSED_INK, stroke_width="2")


def _legend(svg: ET.Element, series: Sequence[Series], y: float, *, lines: bool) -> None:
    x = 10.0
    for index, one in enumerate(series):
        colour, dash = PALETTE[index], DASHES[index]
        if lines:
            _el(svg, "line", x1=x, y1=y - 4, x2=x + 24, y2=y - 4, stroke=colour, stroke_width="3",
                stroke_dasharray=dash or None)  # fmt: skip
            x += 30
        else:
            _el(svg, "rect", x=x, y=y - 11, width="12", height="12", fill=colour)
            x += 18
        label = _shorten(one.label)
        _text(svg, x, y, label)
        x += 8 * len(label) + 18


def _serialise(svg: ET.Element) -> SafeString:
    # ElementTree escapes every text and attribute value; nothing unescaped reaches the page.
    return mark_safe(ET.tostring(svg, encoding="unicode", short_empty_elements=True))  # noqa: S308


# -- Bar chart (counts) --------------------------------------------------------------------

BAR_LEFT = 210.0  # room for the category labels
BAR_RIGHT = WIDTH - 50.0  # room for the value after the longest bar
BAR_HEIGHT = 16.0
GROUP_GAP = 10.0
SUPPRESSED_STUB = 14.0


def bar_chart(table: StatTable, *, caption_id: str) -> SafeString:
    """Horizontal bars, one group per row of the table; a suppressed cell is a hatched stub."""
    data = bar_data(table)
    ticks = nice_ticks(_largest(data))
    scale = (BAR_RIGHT - BAR_LEFT) / ticks[-1]
    many = data.legend
    top = 40.0 if many else 24.0
    group = BAR_HEIGHT * len(data.series) + GROUP_GAP
    height = top + group * len(data.categories) + 10
    svg, hatch_id = _svg(
        table.key, table.title, caption_id, height, "bar", zeros_left_out=data.zeros_left_out
    )
    _hatch(svg, hatch_id)
    if many:
        _legend(svg, data.series, 16, lines=False)
    _bar_axis(svg, ticks, scale, top, height - 10)
    for row, category in enumerate(data.categories):
        y = top + row * group
        _text(svg, BAR_LEFT - 8, y + group / 2, _shorten(category), text_anchor="end")
        for index, one in enumerate(data.series):
            _bar(svg, one.cells[row], y + index * BAR_HEIGHT, scale, PALETTE[index], hatch_id)
    return _serialise(svg)


def _bar_axis(svg: ET.Element, ticks: list[int], scale: float, top: float, bottom: float) -> None:
    for tick in ticks:
        x = BAR_LEFT + tick * scale
        _el(svg, "line", x1=f"{x:.1f}", y1=top - 4, x2=f"{x:.1f}", y2=bottom, stroke=GRID)
        _text(svg, x, top - 8, str(tick), text_anchor="middle")
    _el(svg, "line", x1=BAR_LEFT, y1=top - 4, x2=BAR_LEFT, y2=bottom, stroke=INK)


def _bar(svg: ET.Element, cell: Cell, y: float, scale: float, colour: str, hatch: str) -> None:
    if cell.suppressed:
        # A short stub of fixed length: the hidden value (1-4, or 5 or more for an "x") is never
        # drawn, and the stub's length says nothing about it.
        width = SUPPRESSED_STUB
        _el(svg, "rect", x=BAR_LEFT, y=f"{y + 1:.1f}", width=f"{width:.1f}",
            height=BAR_HEIGHT - 2, fill=f"url(#{hatch})", stroke=SUPPRESSED_INK,
            stroke_dasharray="3 2", class_="stats-chart__suppressed")  # fmt: skip
    else:
        width = (cell.value or 0) * scale
        _el(svg, "rect", x=BAR_LEFT, y=f"{y + 1:.1f}", width=f"{width:.1f}",
            height=BAR_HEIGHT - 2, fill=colour)  # fmt: skip
    _text(svg, BAR_LEFT + width + 4, y + BAR_HEIGHT - 4, cell.display, class_=VALUE_CLASS)


# -- Line chart (trends) -------------------------------------------------------------------

LINE_LEFT = 70.0
LINE_RIGHT = WIDTH - 50.0
PLOT_HEIGHT = 220.0
FLAT_LABELS = 8  # more periods than this get slanted labels


def line_chart(table: StatTable, *, caption_id: str) -> SafeString:
    """One line per series over the periods; a suppressed cell breaks the line and is drawn
    as a hollow diamond on the axis, labelled with its display ("<5")."""
    data = line_data(table)
    ticks = nice_ticks(_largest(data))
    top = 40.0 if data.legend else 20.0
    bottom = top + PLOT_HEIGHT
    height = bottom + 70
    svg, _hatch_id = _svg(table.key, table.title, caption_id, height, "line")
    if data.legend:
        _legend(svg, data.series, 16, lines=True)
    count = max(len(data.categories), 1)
    step = (LINE_RIGHT - LINE_LEFT) / max(count - 1, 1)
    xs = [
        LINE_LEFT + (i * step if count > 1 else (LINE_RIGHT - LINE_LEFT) / 2) for i in range(count)
    ]

    def y_of(value: float) -> float:
        return bottom - value / ticks[-1] * PLOT_HEIGHT

    _line_axes(svg, ticks, data.categories, xs, y_of, bottom)
    for index, one in enumerate(data.series):
        _line(svg, one, xs, y_of, index)
    return _serialise(svg)


def _line_axes(
    svg: ET.Element,
    ticks: list[int],
    categories: list[str],
    xs: list[float],
    y_of: YScale,
    bottom: float,
) -> None:
    for tick in ticks:
        y = y_of(tick)
        _el(svg, "line", x1=LINE_LEFT, y1=f"{y:.1f}", x2=LINE_RIGHT, y2=f"{y:.1f}", stroke=GRID)
        _text(svg, LINE_LEFT - 6, y + 4, str(tick), text_anchor="end")
    _el(svg, "line", x1=LINE_LEFT, y1=bottom, x2=LINE_RIGHT, y2=bottom, stroke=INK)
    every = max(1, math.ceil(len(categories) / 16))  # at most 16 labels side by side
    slanted = len(categories) > FLAT_LABELS
    for index, (label, x) in enumerate(zip(categories, xs, strict=False)):
        if index % every:
            continue
        if slanted:
            _text(svg, x, bottom + 16, _shorten(label), text_anchor="end",
                  transform=f"rotate(-40 {x:.1f} {bottom + 16:.1f})")  # fmt: skip
        else:
            _text(svg, x, bottom + 22, _shorten(label), text_anchor="middle")


def _line(svg: ET.Element, series: Series, xs: list[float], y_of: YScale, index: int) -> None:
    colour, dash = PALETTE[index], DASHES[index]
    for run in _runs(series.cells):
        points = " ".join(f"{xs[i]:.1f},{y_of(value):.1f}" for i, value in run)
        if len(run) > 1:
            _el(svg, "polyline", points=points, fill="none", stroke=colour, stroke_width="2.5",
                stroke_dasharray=dash or None)  # fmt: skip
        for i, value in run:
            _el(svg, "circle", cx=f"{xs[i]:.1f}", cy=f"{y_of(value):.1f}", r="3.5", fill=colour)
    for i, cell in enumerate(series.cells):
        if cell.suppressed:
            # On the axis (the hidden value is never placed), in the series' colour; the labels of
            # several hidden series in one period are stacked above each other.
            x, y = xs[i], y_of(0)
            corners = [(x, y - 6), (x + 6, y), (x, y + 6), (x - 6, y)]
            diamond = " ".join(f"{cx:.1f},{cy:.1f}" for cx, cy in corners)
            _el(svg, "polygon", points=diamond, fill="#ffffff", stroke=colour,
                stroke_width="2", class_="stats-chart__suppressed")  # fmt: skip
            _text(svg, x + 8, y - 8 - 16 * index, cell.display, fill=colour, class_=VALUE_CLASS)


def _runs(cells: Sequence[Cell]) -> list[list[tuple[int, int]]]:
    """The unbroken stretches of published values, as (position, value) pairs."""
    runs: list[list[tuple[int, int]]] = [[]]
    for index, cell in enumerate(cells):
        if cell.value is None:
            runs.append([])
        else:
            runs[-1].append((index, cell.value))
    return [run for run in runs if run]


def chart_for(table: StatTable, kind: str, *, caption_id: str) -> SafeString | None:
    """The chart of a table of this kind ("count" or "trend"), or None when there is nothing to
    draw (no rows, or nothing but zeros)."""
    if not table.row_labels or _all_zero([*table.row_totals, table.total]):
        return None
    if kind == "trend":
        return line_chart(table, caption_id=caption_id)
    return bar_chart(table, caption_id=caption_id)
