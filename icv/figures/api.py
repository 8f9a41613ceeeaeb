"""GET /api/v1/stats/annual and /api/v1/stats: the same figures as the page, as JSON.

Bearer token or session. Analysts and admins: every panel; coordinators: their panels (a
panel or suite id of anyone else's is 404); volunteers: 403.
"""

from __future__ import annotations

from flask import jsonify, request
from flask_login import current_user

from icv import policy
from icv.figures import api_bp, params, shapes
from icv.figures.aggregate import figures_for
from icv.figures.hours import hours_given


def _scope(asked: dict):
    return params.scope_for(current_user, asked["panel_id"], asked["suite_id"])


@api_bp.get("/stats/annual")
@policy.roles_required(*policy.FIGURES_READERS)
def annual():
    asked = params.ANNUAL.read_or_422(request.args)
    year, scope = asked["year"], _scope(asked)
    return jsonify(shapes.annual_json(figures_for(year, scope), hours_given(year, scope)))


@api_bp.get("/stats")
@policy.roles_required(*policy.FIGURES_READERS)
def stats():
    asked = params.GROUPED.read_or_422(request.args)
    group_by = asked["group_by"]
    split_by = group_by if group_by in ("quarter", "month") else "whole"
    figures = figures_for(asked["period"], _scope(asked), split_by=split_by)
    return jsonify(shapes.grouped_json(figures, group_by))
