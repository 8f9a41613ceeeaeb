"""Coordinator pages for one scheduled visit: swap a person, move, cancel, remove, missed."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext
from flask_login import current_user

from icv import policy
from icv.dates import scheme_today
from icv.extensions import db
from icv.fields import options
from icv.rota import editing, notices, status
from icv.rota.forms import ActionForm, CancelForm, MoveForm, NotMissedForm, SwapForm
from icv.rota.models import VisitStatus
from icv.rota.web import bp
from icv.rota.words import visitors_told


def _told(sent: int) -> str:
    return visitors_told(sent)


def _visit(visit_id: int):
    return policy.managed_visit_or_404(current_user, visit_id)


def _swap_form(visit, form=None) -> SwapForm:
    form = form or SwapForm(formdata=None)
    form.leaving.choices = options((p.id, p.name) for p in visit.visitors)
    others = [p for p in visit.suite.panel.volunteers if p not in visit.visitors]
    form.joining.choices = options((p.id, p.name) for p in others)
    return form


def _render(visit, code: int = 200, **forms):
    move = forms.get("move") or MoveForm(formdata=None)
    if move.day.data is None:
        move.day.data, move.band.data = visit.planned_on or visit.window_starts_on, visit.band
    editable = visit.status in editing.OPEN_STATUSES
    replacements = {}
    if editable and len(visit.visitors) == 2:
        for person in visit.visitors:
            replacements[person] = editing.replacement_options(visit, person)
    page = render_template(
        "rota/visit.html",
        visit=visit,
        editable=editable,
        problems=editing_problems(visit),
        declined=editing.declined_by(visit),
        replacements=replacements,
        swap=_swap_form(visit, forms.get("swap")),
        move=move,
        cancel=forms.get("cancel") or CancelForm(formdata=None),
        not_missed=forms.get("not_missed") or NotMissedForm(formdata=None),
        set_aside={o.id: editing.set_aside_lines(o) for o in visit.overrides},
        can_mark_missed=editing.can_mark_missed(visit, scheme_today()),
        action=ActionForm(),
        form=next((f for f in forms.values() if f is not None), None),
        tag=status.tag,
        can_see_time=policy.can_see_planned_time(current_user, visit),
    )
    return page, code


def editing_problems(visit) -> list[str]:
    if visit.rota is None:
        return []
    from icv.rota.planning import rota_problems

    return rota_problems(visit.rota).get(visit.id, [])


@bp.route("/visits/<int:visit_id>")
@policy.roles_required(*policy.ROTA_PLANNERS)
def visit(visit_id: int):
    return _render(_visit(visit_id))


def _open_visit(visit_id: int):
    found = _visit(visit_id)
    if found.status not in editing.OPEN_STATUSES:
        abort(404)
    return found


@bp.route("/visits/<int:visit_id>/swap", methods=["POST"])
@policy.roles_required(*policy.ROTA_PLANNERS)
def swap(visit_id: int):
    found = _open_visit(visit_id)
    form = _swap_form(found, SwapForm())
    if form.validate_on_submit():
        leaving = policy.managed_volunteer_or_404(current_user, int(form.leaving.data))
        joining = policy.managed_volunteer_or_404(current_user, int(form.joining.data))
        reason = form.reason.data or ""
        problems = editing.swap_volunteer(found, leaving, joining, reason, current_user)
        if not problems:
            db.session.commit()
            told = found.is_published and notices.notify_swapped(found, leaving, joining)
            swapped = gettext(
                "%(joining)s now visits instead of %(leaving)s.",
                joining=joining.name,
                leaving=leaving.name,
            )
            flash(f"{swapped}{_told(told)}", "success")
            return redirect(url_for("rota.visit", visit_id=visit_id))
        db.session.rollback()
        form.joining.errors.extend(problems)
        form.may_set_aside = editing.may_set_aside(problems)
    return _render(_visit(visit_id), 400, swap=form)


@bp.route("/visits/<int:visit_id>/move", methods=["POST"])
@policy.roles_required(*policy.ROTA_PLANNERS)
def move(visit_id: int):
    found = _open_visit(visit_id)
    form = MoveForm()
    if form.validate_on_submit():
        before = notices.as_it_is(found)
        day, band, reason = form.day.data, form.band.data, form.reason.data or ""
        problems = editing.move_visit(found, day, band, reason, current_user)
        if not problems:
            db.session.commit()
            told = found.is_published and notices.notify_moved(found, before)
            flash(gettext("Visit moved.") + _told(told), "success")
            return redirect(url_for("rota.visit", visit_id=visit_id))
        db.session.rollback()
        form.day.errors.extend(problems)
        form.may_set_aside = editing.may_set_aside(problems)
    return _render(_visit(visit_id), 400, move=form)


@bp.route("/visits/<int:visit_id>/cancel", methods=["POST"])
@policy.roles_required(*policy.ROTA_PLANNERS)
def cancel(visit_id: int):
    found = _open_visit(visit_id)
    form = CancelForm()
    if form.validate_on_submit():
        editing.cancel_visit(found, form.reason.data)
        db.session.commit()
        told = found.is_published and notices.notify_cancelled(found)
        cancelled = gettext("Visit cancelled. It no longer counts as scheduled.")
        flash(cancelled + _told(told), "success")
        return redirect(url_for("rota.visit", visit_id=visit_id))
    return _render(found, 400, cancel=form)


@bp.route("/visits/<int:visit_id>/remove", methods=["POST"])
@policy.roles_required(*policy.ROTA_PLANNERS)
def remove(visit_id: int):
    found = _visit(visit_id)
    if found.rota is None or not found.rota.is_draft:
        abort(404)
    rota_id = found.rota_id
    editing.remove_visit(found)
    db.session.commit()
    flash(gettext("Visit removed from the draft."), "success")
    return redirect(url_for("rota.show", rota_id=rota_id))


def _missable(visit_id: int):
    found = _visit(visit_id)
    if not editing.can_mark_missed(found, scheme_today()):
        abort(404)
    return found


@bp.get("/visits/<int:visit_id>/missed")
@policy.roles_required(*policy.ROTA_PLANNERS)
def confirm_missed(visit_id: int):
    found = _missable(visit_id)
    back = url_for("rota.visit", visit_id=visit_id)
    return render_template(
        "rota/confirm.html",
        caption=notices.visit_words(found),
        heading=gettext("Mark this visit as missed?"),
        lines=[
            gettext(
                "%(names)s sent no report for it.",
                names=gettext(" and ").join(p.name for p in found.visitors),
            ),
            gettext("A missed visit counts against the completion rate."),
        ],
        warning=gettext("If a report arrives later, the visit counts as made."),
        action=url_for("rota.missed", visit_id=visit_id),
        button=gettext("Yes, mark as missed"),
        classes="govuk-button--warning",
        back=back,
    )


@bp.post("/visits/<int:visit_id>/missed")
@policy.roles_required(*policy.ROTA_PLANNERS)
def missed(visit_id: int):
    editing.mark_missed(_missable(visit_id))
    db.session.commit()
    flash(gettext("Visit marked as missed."), "success")
    return redirect(url_for("rota.visit", visit_id=visit_id))


@bp.post("/visits/<int:visit_id>/not-missed")
@policy.roles_required(*policy.ROTA_PLANNERS)
def not_missed(visit_id: int):
    found = _visit(visit_id)
    if found.status != VisitStatus.MISSED:
        abort(404)
    form = NotMissedForm()
    if not form.validate_on_submit():
        return _render(found, 400, not_missed=form)
    editing.take_back_missed(found, form.reason.data, current_user)
    db.session.commit()
    flash(gettext("Visit put back: it no longer counts as missed."), "success")
    return redirect(url_for("rota.visit", visit_id=visit_id))
