"""draft_next_quarter run twice, one after the other and at the same time (two threads, each
with its own database connection), makes one draft per panel: the claim in sent_notices
decides which run makes it."""

from __future__ import annotations

import threading
import time
from datetime import date

import sqlalchemy as sa

from icv.extensions import db
from icv.rota import jobs, planning
from icv.rota.models import Rota, SentNotice

TWO_WEEKS_BEFORE_APRIL = date(2030, 3, 18)


def _rotas_per_panel() -> list[tuple[int, int]]:
    query = sa.select(Rota.panel_id, sa.func.count()).group_by(Rota.panel_id)
    return sorted(db.session.execute(query).all())


def test_a_panel_claimed_by_another_run_is_left_alone(app_ctx, scheme):
    db.session.add(SentNotice(key=f"draft:{scheme.panel_a.id}:2030-04-01"))
    db.session.commit()
    assert jobs.draft_next_quarter(TWO_WEEKS_BEFORE_APRIL) == 1  # panel B only
    assert _rotas_per_panel() == [(scheme.panel_b.id, 1)]


def test_two_runs_at_once_make_one_draft_per_panel(app, app_ctx, scheme, monkeypatch):
    generate = planning.generate_draft

    def slow_generate(*args, **kwargs):
        time.sleep(0.3)  # hold the transaction open, so the runs overlap
        return generate(*args, **kwargs)

    monkeypatch.setattr(planning, "generate_draft", slow_generate)
    start = threading.Barrier(2)
    results, errors = [], []

    def run():
        try:
            with app.app_context():
                start.wait()
                results.append(jobs.draft_next_quarter(TWO_WEEKS_BEFORE_APRIL))
                db.session.remove()
        except Exception as error:  # noqa: BLE001 (reported by the assertion below)
            errors.append(error)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(results) in ([0, 2], [1, 1])  # two drafts made between them, whoever won
    db.session.expire_all()
    assert _rotas_per_panel() == [(scheme.panel_a.id, 1), (scheme.panel_b.id, 1)]
