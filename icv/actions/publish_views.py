"""Publishing: coordinators approve a quarter's actions and wording; anyone reads the list."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user

from icv import policy
from icv.actions import bp, public_bp, publishing
from icv.actions.forms import PublishForm, QuarterForm
from icv.actions.pack_views import quarters_offered
from icv.dates import scheme_today
from icv.extensions import db
from icv.fields import options
from icv.spreadsheets import csv_text

PUBLISHERS = policy.roles_required(*policy.PUBLISHERS)


@bp.route("/publish")
@PUBLISHERS
def publish_quarter():
    """The quarter's actions of the user's panels, each listed publicly or not."""
    form = QuarterForm(formdata=request.args if request.args else None)
    quarters = quarters_offered()
    form.quarter.choices = options((q.label, q.label) for q in quarters)
    if not request.args:
        form.quarter.data = publishing.quarter_of(scheme_today()).label
    elif not form.validate():
        return render_template("actions/publish_quarter.html", form=form, period=None)
    period = next(q for q in quarters if q.label == form.quarter.data)
    actions = publishing.quarter_actions(policy.publishable_actions_query(current_user), period)
    return render_template(
        "actions/publish_quarter.html",
        form=form,
        period=period,
        actions=actions,
        public_url=url_for("published.quarter", name=publishing.slug(period)),
    )


@bp.route("/<int:action_id>/publish", methods=["GET", "POST"])
@PUBLISHERS
def publish(action_id: int):
    """List one action publicly, approving (or not) the wording that goes with it."""
    action = policy.publishable_action_or_404(current_user, action_id)
    form = PublishForm()
    form.wording.choices = options((k, gettext(v)) for k, v in publishing.WORDING.items())
    period = publishing.quarter_of(action.raised_on)
    if not form.is_submitted():
        _fill(form, action)
    elif form.validate():
        try:
            if form.publish.data == "yes":
                publishing.approve(
                    action, current_user, form.wording.data or [],
                    form.summary.data, form.response.data,
                )  # fmt: skip
            else:
                publishing.withdraw(action, current_user)
        except publishing.Refused as refused:
            getattr(form, refused.field).errors = [refused.message]
        else:
            db.session.commit()
            listed = form.publish.data == "yes"
            shown = {"id": action.id, "quarter": period.label}
            message = (
                gettext("Action %(id)s is listed in %(quarter)s's published issues.", **shown)
                if listed
                else gettext(
                    "Action %(id)s is not listed in %(quarter)s's published issues.", **shown
                )
            )
            flash(message, "success")
            return redirect(url_for("actions.publish_quarter", quarter=period.label))
    return render_template("actions/publish.html", action=action, form=form, period=period)


def _fill(form: PublishForm, action) -> None:
    """What was approved before; else the action's own text to edit, approved by ticking."""
    approved = action.publication
    form.publish.data = "yes" if approved else None
    form.wording.data = [p for p in publishing.WORDING if approved and getattr(approved, p)]
    form.summary.data = approved.summary if approved and approved.summary else action.summary
    form.response.data = (
        approved.response if approved and approved.response else action.police_response
    )


# --- the public list: no sign-in -----------------------------------------------------------


@public_bp.route("/")
def index():
    return render_template(
        "actions/published_index.html",
        quarters=publishing.published_quarters(),
        slug=publishing.slug,
    )


@public_bp.route("/<name>")
def quarter(name: str):
    period = _period_or_404(name)
    issues = publishing.published(period)
    return render_template(
        "actions/published.html",
        period=period,
        groups=publishing.by_suite(issues),
        count=len(issues),
        csv_url=url_for("published.quarter_csv", name=publishing.slug(period)),
    )


@public_bp.route("/<name>.csv")
def quarter_csv(name: str):
    period = _period_or_404(name)
    rows = publishing.csv_rows(publishing.published(period))
    filename = f"published-issues-{publishing.slug(period)}.csv"
    return Response(
        csv_text([publishing.csv_header(), *rows]),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _period_or_404(name: str):
    period = publishing.from_slug(name)
    if period is None:
        abort(404)
    return period
