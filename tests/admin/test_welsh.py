"""Managing the scheme in Welsh (issue 19): every page of the admin area and the audit trail,
with realistic data and with validation errors, shows none of the catalogue's English; the
audit CSV's headings are Welsh when asked in Welsh and unchanged in English."""

from __future__ import annotations

from datetime import date, timedelta

from icv.audit import record
from icv.auth.accounts import issue_token
from icv.extensions import db
from icv.models import Absence, Role, SuiteOpenPeriod, TrainingRecord
from tests.conftest import extract_csrf, sign_in
from tests.welsh import ENGLISH, WELSH, english_left_on, stored_text


def _scheme(make_panel, make_suite, make_user):
    today = date.today()
    panel = make_panel("Hillingdon", area="Uxbridge and Hayes")
    open_suite = make_suite(panel, name="Heathrow", tact_designated=True)
    standby = make_suite(panel, name="Uxbridge", status="contingency")
    period = SuiteOpenPeriod(opens_on=today - timedelta(days=3), closes_on=None, note="Refit")
    standby.open_periods.append(period)
    coordinator = make_user(Role.COORDINATOR, panels=[panel], name="Cerys Jones")
    volunteer = make_user(Role.VOLUNTEER, panel=panel, name="Dafydd Evans",
                          vetting_expires_on=today + timedelta(days=10))  # fmt: skip
    make_user(Role.VOLUNTEER, panel=panel, name="Eluned Hughes", is_enabled=False,
              term_ends_on=today - timedelta(days=1))  # fmt: skip
    away = Absence(starts_on=today + timedelta(days=7), ends_on=today + timedelta(days=9),
                   note="Eisteddfod")  # fmt: skip
    volunteer.absences.append(away)
    training = TrainingRecord(course_code="induction", completed_on=today - timedelta(days=90),
                              recorded_by_id=coordinator.id)  # fmt: skip
    volunteer.trainings.append(training)
    police = make_user(Role.POLICE, name="Gwen Morgan", police_suites=[open_suite])
    issue_token(volunteer, "Ffôn")
    record("changed", "suite", standby.id, "open period added", actor=coordinator)
    record("signed_in", "user", volunteer.id, actor=volunteer)
    db.session.commit()
    return panel, open_suite, standby, period, volunteer, training, police


def test_every_scheme_management_page_is_in_welsh(
    client, make_panel, make_suite, make_user, app_ctx
):
    panel, open_suite, standby, period, volunteer, training, police = _scheme(
        make_panel, make_suite, make_user
    )
    admin = make_user(Role.ADMIN, name="Ffion Rees")
    sign_in(client, admin)
    v, s = f"/manage/volunteers/{volunteer.id}", f"/manage/suites/{standby.id}"
    pages = [
        "/manage/panels", "/manage/panels/new", f"/manage/panels/{panel.id}",
        "/manage/suites", "/manage/suites/new", f"/manage/suites/{open_suite.id}", s,
        f"{s}/open-periods/new", f"{s}/open-periods/{period.id}",
        "/manage/volunteers", "/manage/volunteers/new", v, f"{v}/availability",
        f"{v}/absences/new", f"{v}/training", f"{v}/training/new",
        f"{v}/training/{training.id}", "/manage/training-courses/new",
        "/manage/users", "/manage/users/new", f"/manage/users/{volunteer.id}",
        f"/manage/users/{volunteer.id}/subject-access", "/manage/police",
        "/manage/police/new", f"/manage/police/{police.id}", "/manage/settings",
        "/admin/audit/", "/admin/audit/?action=changed&object_type=rota",
    ]  # fmt: skip
    wrong = {  # a form sent with mistakes: its error messages
        "/manage/panels/new": {},
        "/manage/suites/new": {"cells": "many", "target_visits_per_week": "20"},
        f"{s}/open-periods/new": {"opens_on": ["1", "1", "2020"]},
        "/manage/volunteers/new": {"name": "x" * 130, "access": "password", "password": "short"},
        f"{v}/absences/new": {"starts_on": ["9", "8", "2025"], "ends_on": ["1", "8", "2025"]},
        f"{v}/training/new": {"completed_on": ["1", "3", "2025"],
                              "expires_on": ["1", "1", "2025"], "course_code": "induction"},
        "/manage/training-courses/new": {"name": "First aid", "code": "1 aid"},
        "/manage/users/new": {"role": "volunteer", "email": "not an address"},
        "/manage/police/new": {},
        "/manage/settings": {},
    }  # fmt: skip
    shown = {}
    for language, headers in (("en", ENGLISH), ("cy", WELSH)):
        for url in pages:
            shown[url, language] = _page(client.get(url, headers=headers), url)
        for url, answers in wrong.items():
            shown[f"{url} sent", language] = _page(_send(client, url, answers, headers), url)
    stored = stored_text()
    left = {
        url: found
        for (url, language), page in shown.items()
        if language == "cy" and (found := english_left_on(page, shown[url, "en"], data=stored))
    }
    assert left == {}

    welsh = {url: page for (url, language), page in shown.items() if language == "cy"}
    assert '<html lang="cy"' in welsh["/manage/volunteers"]
    assert "Ychwanegu gwirfoddolwr" in welsh["/manage/volunteers"]
    assert "Dydd Llun" in welsh[f"{v}/availability"]
    assert "enw: Hillingdon" in welsh[f"/manage/users/{volunteer.id}/subject-access"]
    assert "gyda'r nos" in welsh[v].replace("&#39;", "'")  # the usual availability, in Welsh
    assert "Rhaid i'r enw llawn fod yn 120 nod neu lai" in _plain(
        welsh["/manage/volunteers/new sent"]
    )
    assert "Rhaid i'r dyddiad gorffen fod yr un peth" in _plain(welsh[f"{v}/absences/new sent"])
    assert "Cyfnodau agor" in welsh[s] and "Ar agor tan rybudd pellach" in welsh["/manage/suites"]
    assert "Crëwyd tocyn" in welsh["/admin/audit/"] or "Newidiwyd" in welsh["/admin/audit/"]


def _page(response, url: str) -> str:
    assert response.status_code == 200, (url, response.status_code)
    return response.get_data(as_text=True)


def _plain(page: str) -> str:
    return page.replace("&#39;", "'")


def _send(client, url: str, answers: dict, headers: dict):
    token = extract_csrf(client.get(url, headers=headers).get_data(as_text=True))
    return client.post(url, data={**answers, "csrf_token": token}, headers=headers)


def test_saved_messages_and_the_audit_csv_follow_the_language(
    client, make_panel, make_suite, make_user, app_ctx
):
    panel, open_suite, standby, period, volunteer, training, police = _scheme(
        make_panel, make_suite, make_user
    )
    admin = make_user(Role.ADMIN)
    sign_in(client, admin)
    url = f"/manage/volunteers/{volunteer.id}/availability"
    response = _send(client, url, {"slots": ["0-morning", "6-night"]}, WELSH)
    page = client.get(response.headers["Location"], headers=WELSH).get_data(as_text=True)
    assert "Mae&#39;r argaeledd wedi&#39;i gadw." in page

    english = client.get("/admin/audit/export.csv", headers=ENGLISH).get_data(as_text=True)
    welsh = client.get("/admin/audit/export.csv", headers=WELSH).get_data(as_text=True)
    assert english.splitlines()[0] == (
        "id,at,actor_id,actor,action,object_type,object_id,summary,request_id"
    )
    assert welsh.splitlines()[0] == (
        "ID,Pryd,ID y defnyddiwr,Pwy,Gweithred,Math o gofnod,ID y cofnod,Crynodeb,ID y cais"
    )
    assert ",signed_in,user," in english and ",signed_in,user," in welsh  # codes stay data
