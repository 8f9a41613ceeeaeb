"""`flask --app icv report annual --year 2019-20 --format table|json|csv`: every panel's figures."""

from __future__ import annotations

import json

import click

from icv.dates import date_range
from icv.figures import exports, shapes, tables
from icv.figures.aggregate import figures_for
from icv.figures.hours import hours_given
from icv.figures.measures import percent
from icv.figures.periods import PeriodError, parse_year

PIECE_COLUMNS = [
    ("Quarter", None),
    ("Scheduled", "visits_scheduled"),
    ("Made", "visits_made"),
    ("In custody", "detainees_in_custody"),
    ("Interviewed", "detainees_interviewed"),
    ("Declined", "detainees_declined"),
    ("Unavailable", "detainees_unavailable"),
]


@click.group()
def report() -> None:
    """Figures for analysts (the same numbers as the Figures page and the stats API)."""


@report.command("annual")
@click.option("--year", required=True, help="Financial year, April to March, like 2019-20.")
@click.option(
    "--format", "output", type=click.Choice(["table", "json", "csv"]), default="table",
    show_default=True, help="table for reading, json like the API, csv like the summary download.",
)  # fmt: skip
def annual(year: str, output: str) -> None:
    """A financial year's headline, and its breakdowns by quarter, panel and suite."""
    try:
        period = parse_year(year)
    except PeriodError as error:
        raise click.BadParameter(str(error), param_hint="--year") from None
    figures = figures_for(period, detail=True)
    if output == "json":
        hours = hours_given(period)
        click.echo(json.dumps(shapes.annual_json(figures, hours), indent=2))
    elif output == "csv":
        click.echo(exports.to_csv(exports.build("summary", period, None, figures)), nl=False)
    else:
        click.echo(_as_text(figures))


def _as_text(figures) -> str:
    period = figures.period
    lines = [
        f"Figures for {period.label}: {date_range(period.starts_on, period.ends_on)}, all panels",
        "",
    ]
    rows = [(label, shown) for _key, label, shown, _value in tables.headline(figures.total)]
    width = max(len(label) for label, _ in rows)
    lines += [f"{label:<{width}}  {shown:>22}" for label, shown in rows]
    lines += ["", "By quarter"]
    header = [name for name, _ in PIECE_COLUMNS] + ["Interviewed %"]
    body = [
        [piece.label, *(f"{row[key]:,}" for _, key in PIECE_COLUMNS[1:]),
         percent(row["interview_rate"])]
        for piece, row in figures.by_piece()
    ]  # fmt: skip
    widths = [max(len(str(cells[i])) for cells in [header, *body]) for i in range(len(header))]
    for cells in [header, *body]:
        padded = [str(cell).rjust(width) for cell, width in zip(cells, widths, strict=True)]
        padded[0] = str(cells[0]).ljust(widths[0])
        lines.append("  ".join(padded))
    return "\n".join(lines)
