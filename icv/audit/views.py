"""The audit trail for admins: /admin/audit (filter, page through) and its CSV export."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request
from flask_babel import gettext

from icv import policy
from icv.audit.forms import AuditFilterForm
from icv.audit.models import ACTIONS, OBJECT_TYPES
from icv.audit.search import Filters, actor_choices, page_of, to_csv
from icv.audit.trail import record
from icv.dates import utcnow
from icv.fields import options
from icv.language import N_
from icv.paging import kept_filters

bp = Blueprint("audit", __name__)
AUDITORS = policy.roles_required(*policy.AUDIT_READERS)
# What an event's codes mean, for people: the codes stay data (the CSV keeps them). Any code
# not here reads as itself, e.g. "some_thing" as "Some thing".
LABELS = {
    "created": N_("Created"),
    "viewed": N_("Viewed"),
    "changed": N_("Changed"),
    "exported": N_("Exported"),
    "deleted": N_("Deleted"),
    "published": N_("Published"),
    "deactivated": N_("Deactivated"),
    "reactivated": N_("Reactivated"),
    "signed_in": N_("Signed in"),
    "token_created": N_("Token created"),
    "token_revoked": N_("Token revoked"),
    "anonymised": N_("Anonymised"),
    "purged": N_("Purged"),
    "report": N_("Report"),
    "action": N_("Action"),
    "rota": N_("Rota"),
    "scheduled_visit": N_("Scheduled visit"),
    "user": N_("User"),
    "token": N_("Token"),
    "figures": N_("Figures"),
    "pack": N_("Pack"),
    "audit": N_("Audit"),
    "application": N_("Application"),
    "expense_claim": N_("Expense claim"),
    "reviewer_copy": N_("Reviewer copy"),
    "suite": N_("Suite"),
    "training_record": N_("Training record"),
    "training_course": N_("Training course"),
    "appraisal": N_("Appraisal"),
    "time_given": N_("Time given"),
}


def _filters() -> tuple[AuditFilterForm, Filters | None]:
    """The form as typed, and the filters once they are valid (None: show the errors)."""
    form = AuditFilterForm(formdata=request.args)
    form.actor.choices = options([("", gettext("Anyone")), *actor_choices()])
    actions = ((a, _label(a)) for a in ACTIONS)
    form.action.choices = options([("", gettext("Any action")), *actions])
    kinds = ((t, _label(t)) for t in OBJECT_TYPES)
    form.object_type.choices = options([("", gettext("Any kind")), *kinds])
    if request.args and not form.validate():
        return form, None
    return form, Filters(
        actor=form.actor.data,
        action=form.action.data,
        object_type=form.object_type.data,
        starts_on=form.starts_on.data,
        ends_on=form.ends_on.data,
    )


def _label(code: str) -> str:
    if code in LABELS:
        return gettext(LABELS[code])
    return code.replace("_", " ").capitalize()


@bp.route("/")
@AUDITORS
def index():
    form, filters = _filters()
    page = page_of(filters, request.args.get("page", 1, type=int)) if filters else None
    args = kept_filters(request.args)
    return render_template(
        "audit/index.html",
        title=gettext("Audit trail"),
        filters=form,
        page=page,
        args=args,
        label=_label,
    )


@bp.route("/export.csv")
@AUDITORS
def export_csv():
    form, filters = _filters()
    if filters is None:
        return index()
    content = to_csv(filters)
    record("exported", "audit", None, f"audit trail CSV: {filters.described()}", commit=True)
    name = f"audit-trail-{utcnow():%Y%m%d-%H%M%S}.csv"
    return Response(
        content,
        mimetype="text/csv",  # Flask adds "; charset=utf-8"
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
