"""The SVG charts: accessible images drawn only from published cells, suppressed cells distinct."""

import xml.etree.ElementTree as ET

import pytest

from forebyg.stats import charts
from forebyg.stats.tables import Cell, StatTable

SVG = "{http://www.w3.org/2000/svg}"


def table(
    rows: dict[str, list[int | None]],
    columns: list[str] | None = None,
    *,
    key: str = "by_category",
    title: str = "Cases by category",
) -> StatTable:
    """A small published table; None is a suppressed cell. Totals are whatever the test needs."""
    columns = columns or ["Cases"]
    cells = [[Cell(value) for value in values] for values in rows.values()]

    def total(values: list[int | None]) -> Cell:
        return Cell(None if None in values else sum(v for v in values if v is not None))

    return StatTable(
        key=key,
        title=title,
        row_heading="Category",
        column_heading="Quarter" if len(columns) > 1 else None,
        row_labels=list(rows),
        column_labels=columns,
        cells=cells,
        row_totals=[total(values) for values in rows.values()],
        column_totals=[total([row[i] for row in rows.values()]) for i in range(len(columns))],
        total=total([v for values in rows.values() for v in values]),
    )


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output


def texts(root: ET.Element) -> list[str]:
    return [element.text or "" for element in root.iter(f"{SVG}text")]


def suppressed_marks(root: ET.Element) -> list[ET.Element]:
    return [e for e in root.iter() if e.get("class") == "stats-chart__suppressed"]


def test_a_bar_chart_is_an_image_named_by_its_title_and_described_by_the_table_caption():
    root = parse(charts.bar_chart(table({"Left": [12], "Right": [7]}), caption_id="caption-x"))

    assert root.get("role") == "img"
    title = root.find(f"{SVG}title")
    assert title is not None and title.text == "Cases by category"
    assert root.get("aria-labelledby") == title.get("id")
    assert root.get("aria-describedby") == "caption-x"


def test_bars_are_as_long_as_their_values():
    root = parse(charts.bar_chart(table({"A": [10], "B": [20]}), caption_id="c"))

    bars = [r for r in root.iter(f"{SVG}rect") if r.get("fill") == charts.PALETTE[0]]
    widths = [float(bar.get("width", "0")) for bar in bars]
    assert len(widths) == 2
    assert widths[1] == pytest.approx(2 * widths[0])
    assert {"10", "20"} <= set(texts(root))


def test_a_suppressed_cell_is_a_hatched_bar_labelled_below_five():
    root = parse(charts.bar_chart(table({"A": [12], "B": [None], "C": [None]}), caption_id="c"))

    marks = suppressed_marks(root)
    assert len(marks) == 2
    assert all(mark.get("fill", "").startswith("url(#hatch-") for mark in marks)
    assert texts(root).count("<5") == 2


def test_a_few_columns_become_grouped_bars_with_a_legend():
    data = table({"A": [1, 2, 3], "B": [4, 5, 6]}, ["2025Q1", "2025Q2", "2025Q3"])

    root = parse(charts.bar_chart(data, caption_id="c"))

    for colour in charts.PALETTE[:3]:
        assert sum(1 for r in root.iter(f"{SVG}rect") if r.get("fill") == colour) == 3  # 2 + key
    assert {"2025Q1", "2025Q2", "2025Q3"} <= set(texts(root))


def test_many_columns_chart_the_row_totals():
    columns = [f"2024Q{q}" for q in range(1, 5)] + [f"2025Q{q}" for q in range(1, 5)]
    data = table({"A": [5] * 8, "B": [6] * 8}, columns)

    assert charts.bar_data(data).series[0].cells == data.row_totals


def test_a_trend_is_a_line_over_the_quarters_broken_where_a_cell_is_suppressed():
    quarters: dict[str, list[int | None]] = {
        "2025Q1": [8], "2025Q2": [9], "2025Q3": [None], "2025Q4": [11], "2026Q1": [12]
    }  # fmt: skip

    root = parse(charts.line_chart(table(quarters), caption_id="c"))

    lines = list(root.iter(f"{SVG}polyline"))
    assert len(lines) == 2  # before and after the hidden quarter
    assert len(suppressed_marks(root)) == 1
    assert "<5" in texts(root)
    assert set(quarters) <= set(texts(root))


def test_a_trend_has_a_line_per_column_without_the_columns_of_only_zeros():
    data = charts.line_data(table({"2025Q1": [5, 0, 7], "2025Q2": [6, 0, None]}, ["A", "B", "C"]))

    assert [series.label for series in data.series] == ["A", "C"]
    assert data.categories == ["2025Q1", "2025Q2"]


def test_a_trend_with_many_columns_charts_the_quarter_totals():
    columns = [f"Category {n}" for n in range(charts.MAX_SERIES + 1)]

    data = charts.line_data(
        table({"2025Q1": [5] * len(columns), "2025Q2": [6] * len(columns)}, columns)
    )

    assert len(data.series) == 1
    assert [cell.value for cell in data.series[0].cells] == [5 * len(columns), 6 * len(columns)]


def test_a_chart_has_no_style_attribute_and_no_script():
    svg = charts.line_chart(table({"A": [1, 2], "B": [3, None]}, ["Q1", "Q2"]), caption_id="c")

    root = parse(svg)
    assert not [e for e in root.iter() if "style" in e.attrib]
    assert "<script" not in svg


def test_labels_are_escaped():
    svg = charts.bar_chart(table({"<b>x</b>": [6]}, title='"><script>'), caption_id="c")

    assert "<script>" not in svg and "<b>" not in svg
    assert parse(svg).find(f"{SVG}title").text == '"><script>'  # type: ignore[union-attr]


def test_an_empty_table_has_no_chart():
    assert charts.chart_for(table({}), "count", caption_id="c") is None


@pytest.mark.parametrize(
    ("largest", "ticks"),
    [(0, [0, 1, 2, 3, 4, 5]), (7, [0, 2, 4, 6, 8]), (48, [0, 10, 20, 30, 40, 50])],
)
def test_axis_ticks_are_round_and_reach_past_the_largest_value(largest, ticks):
    assert charts.nice_ticks(largest) == ticks


def _luminance(colour: str) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


@pytest.mark.parametrize("colour", [*charts.PALETTE, charts.SUPPRESSED_INK])
def test_every_series_colour_contrasts_with_the_white_background(colour):
    assert (1.05) / (_luminance(colour) + 0.05) >= 4.5


def description(svg: str) -> str:
    element = parse(svg).find(f"{SVG}desc")
    return element.text or "" if element is not None else ""


def test_a_long_bar_chart_leaves_out_its_rows_of_zeros_and_says_so():
    rows: dict[str, list[int | None]] = {f"Municipality {n}": [0] for n in range(30)}
    rows |= {"Aarhus": [9], "Randers": [None]}

    svg = charts.bar_chart(table(rows), caption_id="c")

    assert charts.bar_data(table(rows)).categories == ["Aarhus", "Randers"]
    assert "Municipality 1" not in texts(parse(svg))
    short = charts.bar_chart(table({"A": [0]}), caption_id="c")
    assert len(description(svg)) > len(description(short))


def test_a_trend_left_with_one_column_still_names_it_in_a_key():
    data = table({"2025Q1": [0, 7], "2025Q2": [0, 9]}, ["Anticipatory", "Not recorded"])

    root = parse(charts.line_chart(data, caption_id="c"))

    assert "Not recorded" in texts(root)
    assert "Anticipatory" not in texts(root)
