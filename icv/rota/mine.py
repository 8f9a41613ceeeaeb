"""A volunteer's "My visits": confirm, say they cannot make it, agree the time, calendar feed."""

from __future__ import annotations

from datetime import datetime

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user

from icv import policy
from icv.dates import scheme_today, utcnow
from icv.extensions import db
from icv.language import speaking
from icv.links import public_host
from icv.models import Role
from icv.pwa import page_kept_offline
from icv.rota import answers, notices, status
from icv.rota import calendar as feeds
from icv.rota.forms import ActionForm, DeclineForm, PlannedTimeForm
from icv.rota.models import Answer
from icv.rota.web import bp


def _own(visit_id: int):
    return policy.own_visit_or_404(current_user, visit_id)


def _answerable(visit_id: int):
    visit = _own(visit_id)
    if not answers.is_answerable(visit, scheme_today()):
        abort(404)
    return visit


@bp.route("/mine")
@policy.roles_required(Role.VOLUNTEER)
def mine():
    today = scheme_today()
    visits = answers.visits_of(current_user, today)
    html = render_template(
        "rota/mine.html",
        upcoming=[v for v in visits if v.window_ends_on >= today],
        recent=[v for v in visits if v.window_ends_on < today],
        today=today,
        action=ActionForm(),
        tag=status.tag,
        answerable=lambda v: answers.is_answerable(v, today),
    )
    return page_kept_offline(html, keep=True)  # only this volunteer's own visits


@bp.route("/mine/<int:visit_id>/confirm", methods=["POST"])
@policy.roles_required(Role.VOLUNTEER)
def confirm(visit_id: int):
    visit = _answerable(visit_id)
    answers.give_answer(visit, current_user, Answer.CONFIRMED)
    db.session.commit()
    flash(
        gettext("Thank you: you have confirmed your visit to %(suite)s.", suite=visit.suite.name),
        "success",
    )
    return redirect(url_for("rota.mine"))


@bp.route("/mine/<int:visit_id>/decline", methods=["GET", "POST"])
@policy.roles_required(Role.VOLUNTEER)
def decline(visit_id: int):
    visit = _answerable(visit_id)
    form = DeclineForm()
    if form.validate_on_submit():
        changed = answers.give_answer(visit, current_user, Answer.DECLINED, form.note.data or "")
        db.session.commit()
        if changed:  # saying it twice tells them once
            notices.notify_declined(visit, changed)
        flash(gettext("Your coordinator has been told you cannot make this visit."), "success")
        return redirect(url_for("rota.mine"))
    return render_template("rota/decline.html", visit=visit, form=form)


@bp.route("/mine/<int:visit_id>/time", methods=["GET", "POST"])
@policy.roles_required(Role.VOLUNTEER)
def planned_time(visit_id: int):
    visit = _answerable(visit_id)
    form = PlannedTimeForm()
    if request.method == "GET" and visit.pair_planned_at:
        form.day.data = visit.pair_planned_at.date()
        form.at.data = f"{visit.pair_planned_at:%H:%M}"
    if form.validate_on_submit():
        moment = datetime.combine(form.day.data, form.time_value())
        problem = answers.planned_time_problem(visit, moment)
        if problem:
            form.day.errors.append(problem)
        else:
            answers.set_planned_time(visit, moment)
            db.session.commit()
            flash(gettext("Time saved. Only you and your co-visitor can see it."), "success")
            return redirect(url_for("rota.mine"))
    partner = [p for p in visit.visitors if p.id != current_user.id]
    return render_template("rota/planned_time.html", visit=visit, form=form, partner=partner)


# --- private calendar feed ---------------------------------------------------------------


@bp.route("/calendar")
@policy.roles_required(Role.VOLUNTEER)
def calendar():
    feed = feeds.active_feed(current_user)
    return render_template("rota/calendar.html", feed=feed, address=None, action=ActionForm())


@bp.route("/calendar", methods=["POST"])
@policy.roles_required(Role.VOLUNTEER)
def calendar_create():
    token = feeds.issue_feed(current_user)
    db.session.commit()
    address = url_for("rota.calendar_feed", token=token, _external=True)
    flash(
        gettext("Your calendar address is ready. Any earlier address has stopped working."),
        "success",
    )
    feed = feeds.active_feed(current_user)
    return render_template("rota/calendar.html", feed=feed, address=address, action=ActionForm())


@bp.route("/calendar/revoke", methods=["POST"])
@policy.roles_required(Role.VOLUNTEER)
def calendar_revoke():
    feeds.revoke_feeds(current_user)
    db.session.commit()
    flash(gettext("Your calendar address has stopped working."), "success")
    return redirect(url_for("rota.calendar"))


@bp.route("/calendar/<token>.ics")
def calendar_feed(token: str):
    """No sign-in: the secret address is the key. Unknown or revoked: 404."""
    user = feeds.user_for_feed(token)
    if user is None:
        abort(404)
    visits = answers.visits_of(user, scheme_today(), include_past=True)
    with speaking(user):  # the feed's owner reads it, in their language
        text = feeds.ics_text(user, visits, public_host(), utcnow())
    response = Response(text, mimetype="text/calendar")
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Content-Disposition"] = 'inline; filename="custody-visits.ics"'
    return response
