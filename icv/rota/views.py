"""Coordinator pages for whole rotas: ask for a draft, review it, regenerate part, publish."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user

from icv import policy
from icv.dates import date_range, next_financial_quarter, scheme_today
from icv.extensions import db
from icv.fields import options
from icv.rota import editing, notices, planning, status
from icv.rota.forms import ActionForm, AddVisitForm, DraftRequestForm, RegenerateForm
from icv.rota.models import Answer, Rota, ScheduledVisit, VisitAnswer, VisitStatus
from icv.rota.schedule import demand_windows
from icv.rota.web import bp
from icv.rota.words import kept_words, visitors_told

ALL_SUITES = "all"


@bp.route("/", methods=["GET", "POST"])
@policy.roles_required(*policy.ROTA_PLANNERS)
def index():
    panels = db.session.scalars(policy.panels_query(current_user)).all()
    form = DraftRequestForm()
    form.panel.choices = options((p.id, p.name) for p in panels)
    if request.method == "GET":
        form.starts_on.data, form.ends_on.data = next_financial_quarter(scheme_today())
        if len(panels) == 1:
            form.panel.data = str(panels[0].id)
    if form.validate_on_submit():
        problem = planning.period_problem(form.starts_on.data, form.ends_on.data)
        if problem:
            form.ends_on.errors.append(problem)
        else:
            panel = policy.managed_panel_or_404(current_user, int(form.panel.data))
            warning = _overlap_warning(panel, form)
            if warning:
                return warning
            rota = planning.generate_draft(
                panel,
                form.starts_on.data,
                form.ends_on.data,
                seed=int(form.seed.data) if form.seed.data else None,
                granularity=form.granularity.data,
                created_by=current_user,
            )
            db.session.commit()
            flash(
                gettext(
                    "Draft rota made for %(panel)s: %(visits)s visits, %(gaps)s gaps to look at.",
                    panel=panel.name,
                    visits=len(rota.visits),
                    gaps=len(rota.gaps),
                ),
                "success",
            )
            return redirect(url_for("rota.show", rota_id=rota.id))
    return render_template(
        "rota/index.html",
        form=form,
        rotas=_rotas(),
        attention=_needing_attention(),
        completion=_completion_last_year(),
    )


def _overlap_warning(panel, form: DraftRequestForm):
    """A page asking to go on, if the panel has a published rota over the same dates and the
    coordinator has not yet said yes for exactly these dates."""
    starts_on, ends_on = form.starts_on.data, form.ends_on.data
    published = planning.published_overlapping(panel.id, starts_on, ends_on)
    agreed = f"{panel.id}:{starts_on}:{ends_on}"
    if not published or form.overlap_confirmed.data == agreed:
        return None
    fields = [(k, v) for k, values in request.form.lists() for v in values]
    fields = [(k, v) for k, v in fields if k != "overlap_confirmed"]
    return render_template(
        "rota/confirm.html",
        caption=date_range(starts_on, ends_on),
        heading=gettext("%(panel)s already has a published rota for these dates", panel=panel.name),
        lines=[
            *(
                gettext(
                    "%(period)s: %(visits)s visits, published.",
                    period=_period(r),
                    visits=len(r.visits),
                )
                for r in published
            ),
            gettext(
                "A new draft plans visits on top of those: publishing it adds to them, "
                "it does not replace them. To change a published rota, edit its visits instead."
            ),
        ],
        hidden=[*fields, ("overlap_confirmed", agreed)],
        action=url_for("rota.index"),
        button=gettext("Make the draft anyway"),
        classes="govuk-button--secondary",
        back=url_for("rota.show", rota_id=published[0].id),
        back_text=gettext("See the published rota for %(period)s", period=_period(published[0])),
    )


def _period(rota: Rota) -> str:
    return date_range(rota.starts_on, rota.ends_on)


def _rotas() -> list[Rota]:
    allowed = policy.managed_panel_ids(current_user)
    query = sa.select(Rota).order_by(Rota.starts_on.desc(), Rota.id.desc())
    if allowed is not None:
        query = query.where(Rota.panel_id.in_(allowed))
    return list(db.session.scalars(query))


def _needing_attention() -> list[ScheduledVisit]:
    """Upcoming published visits someone cannot make."""
    declined = sa.select(VisitAnswer.scheduled_visit_id).where(
        VisitAnswer.answer == Answer.DECLINED
    )
    query = sa.select(ScheduledVisit).where(
        ScheduledVisit.id.in_(declined),
        ScheduledVisit.status.in_(editing.OPEN_STATUSES),
        ScheduledVisit.window_ends_on >= scheme_today(),
    )
    return [
        v
        for v in db.session.scalars(query.order_by(ScheduledVisit.window_starts_on))
        if v.is_published and policy.can_manage_panel(current_user, v.suite.panel_id)
    ]


def _completion_last_year():
    today = scheme_today()
    allowed = policy.managed_panel_ids(current_user)
    return status.completion(allowed, today - timedelta(days=365), today, today)


@bp.route("/<int:rota_id>")
@policy.roles_required(*policy.ROTA_PLANNERS)
def show(rota_id: int):
    rota = policy.rota_or_404(current_user, rota_id)
    return _render_rota(rota)


def _render_rota(rota: Rota, **forms):
    view = "suite" if request.args.get("view") == "suite" else "week"
    regenerate = forms.get("regenerate") or RegenerateForm(formdata=None, prefix="again")
    add = forms.get("add") or AddVisitForm(formdata=None, prefix="add")
    suite_choices = options((s.id, s.name) for s in rota.panel.suites)
    regenerate.suite.choices = [*options([(ALL_SUITES, gettext("All suites"))]), *suite_choices]
    add.suite.choices = suite_choices
    if regenerate.starts_on.data is None:
        regenerate.starts_on.data, regenerate.ends_on.data = rota.starts_on, rota.ends_on
    return render_template(
        "rota/show.html",
        rota=rota,
        view=view,
        groups=_grouped(rota, view),
        problems=planning.rota_problems(rota),
        gaps_by_suite=_gaps_by(rota, "suite_id"),
        gaps_by_week=_gaps_by(rota, "starts_on"),
        action=ActionForm(),
        regenerate=regenerate,
        add=add,
        form=forms.get("regenerate") or forms.get("add"),
        tag=status.tag,
        words=kept_words,
    )


def _grouped(rota: Rota, view: str) -> list[tuple]:
    groups = defaultdict(list)
    if view == "suite":
        for visit in rota.visits:
            groups[visit.suite].append(visit)
        return sorted(groups.items(), key=lambda item: item[0].name)
    weeks = demand_windows(rota.starts_on, rota.ends_on)
    for visit in rota.visits:
        day = visit.planned_on or visit.window_starts_on
        week = next((w for w in weeks if day in w.days), None)
        groups[week.starts_on if week else visit.window_starts_on].append(visit)
    return sorted(groups.items())


def _gaps_by(rota: Rota, key: str) -> dict:
    grouped = defaultdict(list)
    for gap in rota.gaps:
        value = gap[key]
        grouped[date.fromisoformat(value) if key == "starts_on" else value].append(gap)
    return grouped


def _draft_or_404(rota_id: int) -> Rota:
    rota = policy.rota_or_404(current_user, rota_id)
    if not rota.is_draft:
        abort(404)
    return rota


@bp.get("/<int:rota_id>/publish")
@policy.roles_required(*policy.ROTA_PLANNERS)
def confirm_publish(rota_id: int):
    rota = _draft_or_404(rota_id)
    visits = [v for v in rota.visits if v.status != VisitStatus.CANCELLED]
    people = sorted(p.name for p in notices.visits_by_person(rota))
    told = ""
    if people:
        told = gettext("These %(count)s volunteers are emailed their visits:", count=len(people))
    problems = planning.rota_problems(rota)
    overlapping = planning.published_overlapping(rota.panel_id, rota.starts_on, rota.ends_on)
    warning = gettext("Volunteers can see their visits as soon as you publish.")
    if overlapping:
        warning = gettext(
            "%(panel)s has a published rota for overlapping dates "
            "(%(periods)s): its visits stay, these are added.",
            panel=rota.panel.name,
            periods=", ".join(map(_period, overlapping)),
        )
    if problems:
        warning = gettext(
            "%(count)s visits break a rule: fix or remove them before publishing.",
            count=len(problems),
        )
    return render_template(
        "rota/confirm.html",
        caption=_period(rota),
        heading=gettext("Publish the %(panel)s rota?", panel=rota.panel.name),
        lines=[
            gettext("%(count)s visits will be published.", count=len(visits)),
            told or gettext("Nobody is emailed."),
        ],
        people=people,
        warning=warning,
        action=url_for("rota.publish", rota_id=rota_id),
        button=gettext("Publish rota"),
        classes="",
        back=url_for("rota.show", rota_id=rota_id),
    )


@bp.post("/<int:rota_id>/publish")
@policy.roles_required(*policy.ROTA_PLANNERS)
def publish(rota_id: int):
    rota = _draft_or_404(rota_id)
    problems = planning.publish(rota)
    if problems:
        db.session.rollback()
        flash(problems[0], "error")
        return redirect(url_for("rota.show", rota_id=rota_id))
    db.session.commit()
    sent = notices.notify_published(rota)
    flash(
        gettext("Rota published. %(sent)s volunteers were sent their visits.", sent=sent),
        "success",
    )
    return redirect(url_for("rota.show", rota_id=rota_id))


@bp.get("/<int:rota_id>/discard")
@policy.roles_required(*policy.ROTA_PLANNERS)
def confirm_discard(rota_id: int):
    rota = _draft_or_404(rota_id)
    return render_template(
        "rota/confirm.html",
        caption=_period(rota),
        heading=gettext("Delete this draft %(panel)s rota?", panel=rota.panel.name),
        lines=[
            gettext(
                "Its %(count)s visits are deleted, with its gaps and notes.",
                count=len(rota.visits),
            ),
            gettext("Nobody is emailed: volunteers never see a draft."),
        ],
        warning=gettext("You cannot undo this. You can make a new draft at any time."),
        action=url_for("rota.discard", rota_id=rota_id),
        button=gettext("Delete draft"),
        classes="govuk-button--warning",
        back=url_for("rota.show", rota_id=rota_id),
    )


@bp.post("/<int:rota_id>/discard")
@policy.roles_required(*policy.ROTA_PLANNERS)
def discard(rota_id: int):
    planning.discard(_draft_or_404(rota_id))
    db.session.commit()
    flash(gettext("Draft rota deleted."), "success")
    return redirect(url_for("rota.index"))


@bp.route("/<int:rota_id>/regenerate", methods=["POST"])
@policy.roles_required(*policy.ROTA_PLANNERS)
def regenerate(rota_id: int):
    rota = _draft_or_404(rota_id)
    form = RegenerateForm(prefix="again")
    form.suite.choices = [
        *options([(ALL_SUITES, gettext("All suites"))]),
        *options((s.id, s.name) for s in rota.panel.suites),
    ]
    if not form.validate_on_submit():
        return _render_rota(rota, regenerate=form), 400
    suite = None
    if form.suite.data != ALL_SUITES:
        suite = policy.managed_suite_or_404(current_user, int(form.suite.data))
    planning.regenerate_part(rota, form.starts_on.data, form.ends_on.data, suite=suite)
    db.session.commit()
    flash(gettext("That part of the rota has been planned again."), "success")
    return redirect(url_for("rota.show", rota_id=rota_id))


@bp.route("/<int:rota_id>/visits", methods=["POST"])
@policy.roles_required(*policy.ROTA_PLANNERS)
def add_visit(rota_id: int):
    rota = policy.rota_or_404(current_user, rota_id)
    form = AddVisitForm(prefix="add")
    form.suite.choices = options((s.id, s.name) for s in rota.panel.suites)
    if form.validate_on_submit():
        suite = policy.managed_suite_or_404(current_user, int(form.suite.data))
        visit, problem = editing.add_visit(rota, suite, form.day.data)
        if visit is not None:
            db.session.commit()
            told = notices.notify_added(visit) if not rota.is_draft else 0
            added = gettext("Visit added to %(suite)s.", suite=suite.name)
            flash(f"{added}{visitors_told(told)}", "success")
            return redirect(url_for("rota.visit", visit_id=visit.id))
        form.day.errors.append(problem)
    return _render_rota(rota, add=form), 400
