"""Chart geometry for server-side SVG (templates/figures/_charts.html draws it).

No chart library and no script: bars and cells are computed here as numbers, the template
writes them as SVG. Every chart sits beside a table of the same numbers, and its colours keep
at least 3:1 against white (and text at least 4.5:1 against what it sits on).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext

from icv.figures.measures import shown_number

WIDTH = 480
LABEL_GAP = 18  # label line above each bar
BAR = 22
ROW = LABEL_GAP + BAR + 12
VALUE_ROOM = 70  # room for the number after the longest bar
SERIES_COLOURS = ("#00703c", "#912b88", "#505a5f", "#1d70b8")  # GOV.UK green, purple, grey, blue
LIGHT, DARK = (232, 241, 248), (0, 48, 120)  # heat map from pale to dark blue


@dataclass
class Segment:
    x: float
    width: float
    colour: str


@dataclass
class BarRow:
    label: str
    label_y: float
    y: float
    segments: list[Segment]
    value_text: str
    value_x: float


@dataclass
class Chart:
    id: str
    title: str
    description: str
    height: float
    width: int = WIDTH
    rows: list = field(default_factory=list)
    legend: list = field(default_factory=list)  # (label, colour, x, y)
    columns: list = field(default_factory=list)  # heat map: (label, x)


def bars(chart_id: str, title: str, items: list[tuple[str, dict]], series: list[tuple[str, str]],
         description: str) -> Chart:  # fmt: skip
    """Horizontal bars, one per item, stacked by series ([(key, label)]), labels above bars;
    an item whose values are None has no bar and says "no data".

    Horizontal bars keep long labels readable on a 360px phone.
    """
    known = [values for _, values in items if values is not None]
    largest = max((sum(values.get(key, 0) for key, _ in series) for values in known), default=0)
    scale = (WIDTH - VALUE_ROOM) / largest if largest else 0
    legend_height = 28 if len(series) > 1 else 0
    chart = Chart(chart_id, title, description, height=legend_height + ROW * len(items) + 4)
    for index, (_key, label) in enumerate(series if len(series) > 1 else []):
        chart.legend.append((label, SERIES_COLOURS[index], index * (WIDTH // len(series)), 14))
    for index, (label, values) in enumerate(items):
        top = legend_height + index * ROW
        x, segments = 0.0, []
        if values is None:
            chart.rows.append(BarRow(label, top + 14, top + LABEL_GAP, [], gettext("no data"), 6))
            continue
        for number, (key, _label) in enumerate(series):
            width = values.get(key, 0) * scale
            if width > 0:
                segments.append(Segment(x, width, SERIES_COLOURS[number]))
            x += width
        total = sum(values.get(key, 0) for key, _ in series)
        chart.rows.append(
            BarRow(label, top + 14, top + LABEL_GAP, segments, shown_number(total), x + 6)
        )
    return chart


@dataclass
class Cell:
    x: float
    y: float
    fill: str
    text: str
    text_colour: str


HEAT_LABEL = 48
HEAT_CELL_W = (WIDTH - HEAT_LABEL) / 4
HEAT_CELL_H = 34


def heat_map(chart_id: str, title: str, grid: list[tuple[str, list[int]]], columns: list[str],
             description: str) -> Chart:  # fmt: skip
    """A grid of rows (day) by columns (time band): darker means more visits."""
    largest = max((value for _, values in grid for value in values), default=0)
    chart = Chart(chart_id, title, description, height=26 + HEAT_CELL_H * len(grid))
    chart.columns = [
        (label, HEAT_LABEL + (i + 0.5) * HEAT_CELL_W) for i, label in enumerate(columns)
    ]
    for row, (label, values) in enumerate(grid):
        y = 26 + row * HEAT_CELL_H
        cells = []
        for column, value in enumerate(values):
            fill = _shade(value / largest if largest else 0)
            text = "#ffffff" if _luminance(fill) < 0.175 else "#0b0c0c"
            cells.append(Cell(HEAT_LABEL + column * HEAT_CELL_W, y, fill, str(value), text))
        chart.rows.append((label, y + HEAT_CELL_H / 2 + 5, cells))
    return chart


def _shade(fraction: float) -> str:
    parts = [round(a + (b - a) * fraction) for a, b in zip(LIGHT, DARK, strict=True)]
    return "#" + "".join(f"{part:02x}" for part in parts)


def _luminance(colour: str) -> float:
    """WCAG relative luminance: white text below 0.175 and black above both reach 4.5:1."""

    def channel(hex_pair: str) -> float:
        value = int(hex_pair, 16) / 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue
