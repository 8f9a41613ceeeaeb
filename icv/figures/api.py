"""GET /api/v1/stats/annual and /api/v1/stats: the same figures as the page, as JSON.

Bearer token or session. Analysts and admins: every panel; coordinators: their panels (a
panel or suite id of anyone else's is 404); volunteers: 403.
"""

from __future__ import annotations

from flask import jsonify, request
from flask_login import current_user

from icv import policy
from icv.api_errors import invalid
from icv.figures import api_bp, params, shapes
from icv.figures.aggregate import figures_for


def _scope(errors: dict):
    panel_id = params.read_id(request.args, "panel_id", errors)
    suite_id = params.read_id(request.args, "suite_id", errors)
    return None if errors else params.scope_for(current_user, panel_id, suite_id)


@api_bp.get("/stats/annual")
@policy.roles_required(*policy.FIGURES_READERS)
def annual():
    errors: dict = {}
    year = params.read_year(request.args, errors)
    scope = _scope(errors)
    if errors:
        return invalid(errors)
    return jsonify(shapes.annual_json(figures_for(year, scope)))


@api_bp.get("/stats")
@policy.roles_required(*policy.FIGURES_READERS)
def stats():
    errors: dict = {}
    period = params.read_range(request.args, errors)
    group_by = params.read_group(request.args, errors)
    scope = _scope(errors)
    if errors:
        return invalid(errors)
    split_by = group_by if group_by in ("quarter", "month") else "whole"
    figures = figures_for(period, scope, split_by=split_by)
    return jsonify(shapes.grouped_json(figures, group_by))
