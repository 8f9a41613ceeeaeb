"""The police's pages: what awaits their answer (their home page) and their suites' visits."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from icv import policy
from icv.actions import bp, police
from icv.actions.views import action_helpers
from icv.models import Role

POLICE = policy.roles_required(Role.POLICE)


def police_home_page() -> str:
    """The home page of a police user (icv.main calls it): actions awaiting their answer."""
    return render_template(
        "actions/police_home.html",
        awaiting=police.awaiting(current_user),
        suites=current_user.police_suites,
        **action_helpers(),  # rendered for main.home, outside this blueprint
    )


@bp.route("/visits")
@POLICE
def visit_summaries():
    """Each visit to their suites: headcount, outcomes, conditions found wanting; no names."""
    return render_template(
        "actions/police_visits.html",
        visits=police.visit_summaries(current_user),
        limit=police.SUMMARIES_LISTED,
    )
