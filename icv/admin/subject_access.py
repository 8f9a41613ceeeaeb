"""Subject access (admins): everything held about one person, as JSON or a readable page."""

from __future__ import annotations

import json

from flask import Response, render_template
from flask_login import current_user

from icv import policy
from icv.admin import bp
from icv.audit import record
from icv.privacy.subject_access import export_for

EXPORTERS = policy.roles_required(*policy.SUBJECT_ACCESS_EXPORTERS)


@bp.route("/users/<int:user_id>/subject-access")
@EXPORTERS
def subject_access(user_id):
    target = policy.user_or_404(current_user, user_id)
    data = export_for(target)
    record("exported", "user", target.id, "subject access: readable page", commit=True)
    return render_template(
        "admin/subject_access.html", title="Subject access", user=target, data=data
    )


@bp.route("/users/<int:user_id>/subject-access.json")
@EXPORTERS
def subject_access_json(user_id):
    target = policy.user_or_404(current_user, user_id)
    content = json.dumps(export_for(target), indent=2, ensure_ascii=False, default=str)
    record("exported", "user", target.id, "subject access: JSON", commit=True)
    name = f"subject-access-user-{target.id}.json"
    return Response(
        content,
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
