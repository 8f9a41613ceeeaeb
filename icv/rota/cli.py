"""`flask --app icv rota generate ...`: plan (and optionally publish) a rota from the shell."""

from __future__ import annotations

import click
import sqlalchemy as sa

from icv.extensions import db
from icv.models import Panel
from icv.rota import planning
from icv.rota.quality import measure
from icv.rota.schedule import Draft, Gap, RotaRequest, Window
from icv.rota.words import kept_words


@click.group("rota")
def rota_group() -> None:
    """Plan rotas."""


@rota_group.command("generate")
@click.option("--from", "starts_on", type=click.DateTime(["%Y-%m-%d"]), required=True)
@click.option("--to", "ends_on", type=click.DateTime(["%Y-%m-%d"]), required=True)
@click.option("--panel", "panel_name", help="One panel by name (default: every panel).")
@click.option("--seed", type=int, help="The same seed gives the same draft.")
@click.option("--publish", is_flag=True, help="Publish at once (only if no rule is broken).")
def generate_command(starts_on, ends_on, panel_name, seed, publish) -> None:
    """Make a draft rota per panel and print its quality figures."""
    starts_on, ends_on = starts_on.date(), ends_on.date()
    problem = planning.period_problem(starts_on, ends_on)
    if problem:
        raise click.ClickException(problem)
    query = sa.select(Panel).order_by(Panel.name)
    if panel_name:
        query = query.where(Panel.name == panel_name)
    panels = db.session.scalars(query).all()
    if not panels:
        raise click.ClickException(f"There is no panel called {panel_name!r}")
    for panel in panels:
        rota = planning.generate_draft(panel, starts_on, ends_on, seed=seed)
        click.echo(f"{panel.name}: rota {rota.id}, seed {rota.seed}")
        for line in _figures(rota):
            click.echo("  " + line)
        for gap in rota.gaps:
            click.echo("  gap: " + gap["message"])
        for note in rota.notes:  # e.g. a contingency suite that is not open: no visits
            click.echo("  note: " + kept_words(note, "en"))
        if publish:
            problems = planning.publish(rota)
            click.echo("  " + (problems[0] if problems else "published"))
        db.session.commit()


def _figures(rota) -> list[str]:
    people = planning.panel_volunteers(rota.panel_id)
    visits = [v for v in map(planning.as_draft_visit, rota.visits) if v]
    request = RotaRequest(
        volunteers=tuple(planning.as_volunteer(p) for p in people),
        suites=tuple(planning.as_suite_need(s) for s in rota.panel.suites),
        starts_on=rota.starts_on,
        ends_on=rota.ends_on,
    )

    gaps = [Gap(g["suite_id"], Window(rota.starts_on, rota.starts_on), g["reason"], g["message"])
            for g in rota.gaps]  # fmt: skip
    return measure(Draft(visits=visits, gaps=gaps), request).lines()
