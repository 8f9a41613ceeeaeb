"""Actions, the police's pages, publishing and the meeting pack in Welsh (issue 19): every page
(with its errors) shows none of the catalogue's English, the exports' headings are Welsh when
asked in Welsh, and the police hear of an action in their own language."""

from __future__ import annotations

import csv
import io

import sqlalchemy as sa
from openpyxl import load_workbook

from icv.actions.models import Action, Category
from icv.actions.reminders import remind_overdue_actions
from icv.actions.report_emails import summary
from icv.auth.accounts import issue_token
from icv.dates import scheme_today
from icv.extensions import db
from icv.language import speaking
from icv.models import Role, User
from icv.notifications.models import Notification
from icv.visits.models import VisitReport
from tests.actions.helpers import api_for, bell_body, concern_body, concern_rows, new_uuid
from tests.conftest import extract_csrf, sign_in
from tests.sync.factory import Api
from tests.welsh import ENGLISH, WELSH, english_left_on, visible_text

PACK = "panel_id={panel}&quarter=2019-20+Q1"


def _signed_in(app, user):
    client = app.test_client()
    sign_in(client, user)
    return client


def _post(client, url: str, data: dict, **kwargs):
    token = extract_csrf(client.get(url).get_data(as_text=True))
    return client.post(url, data={**data, "csrf_token": token}, **kwargs)


def _both(client, url: str, data: dict | None = None) -> dict[str, str]:
    """The page in English and in Welsh (a form posted with `data` and its CSRF token)."""
    pages = {}
    for code, headers in (("en", ENGLISH), ("cy", WELSH)):
        if data is None:
            response = client.get(url, headers=headers)
        else:
            token = extract_csrf(client.get(url, headers=headers).get_data(as_text=True))
            response = client.post(url, data={**data, "csrf_token": token}, headers=headers)
        assert response.status_code == 200, (url, code, response.status_code)
        pages[code] = response.get_data(as_text=True)
        assert f'<html lang="{code}"' in pages[code], url
    return pages


def test_the_actions_pages_are_in_welsh_and_the_police_hear_in_theirs(app, scheme, make_user):
    patel = make_user(Role.POLICE, name="Insp Patel", language="cy", police_suites=[scheme.suite])
    make_user(Role.POLICE, name="Insp Jones", language="en", police_suites=[scheme.suite])
    rows = concern_rows()
    rows[1]["action_taken"] = (
        "Blanket given"  # (the helper's words hold "Raised", an English string)
    )
    visit = concern_body(scheme.suite, [scheme.alice, scheme.bob], detainees=rows)
    assert api_for(app, scheme.alice).put(new_uuid(), visit).status_code == 201
    bell = bell_body(scheme.suite, [scheme.carol, scheme.dan], "2019-06-02T10:00:00+01:00")
    assert api_for(app, scheme.carol).put(new_uuid(), bell).status_code == 201
    ids = db.session.execute(sa.select(Action.category, Action.id).order_by(Action.id)).all()
    allegation = next(i for c, i in ids if c == Category.ALLEGATION)
    issue = next(i for c, i in ids if c == Category.DETAINEE_ISSUE)
    bells = [i for c, i in ids if c == Category.SUITE_CONDITION]

    cora = _signed_in(app, scheme.coordinator)
    sent = _post(cora, f"/actions/{allegation}/send",
                 {"sent_on": ["4", "6", "2019"], "note": "Was the CCTV kept?"},
                 headers=WELSH, follow_redirects=True)  # fmt: skip
    assert "Cofnodwyd ei fod wedi'i anfon at yr heddlu." in visible_text(sent.text)
    told = {n.user_id: n.subject for n in db.session.scalars(sa.select(Notification)) if n.subject}
    assert told[patel.id] == f"Cam gweithredu {allegation} yn Northtown: gofynnir am eich ymateb"
    assert f"Action {allegation} at Northtown: your response is asked for" in told.values()

    police = _signed_in(app, patel)
    db.session.refresh(patel)
    patel.language = None  # the pages below follow Accept-Language
    db.session.commit()
    pages = {
        "police home": _both(police, "/"),
        "police visits": _both(police, "/actions/visits"),
        "answer, with errors": _both(police, f"/actions/{allegation}/answer", {"response": ""}),
        "police action": _both(police, f"/actions/{allegation}"),
    }
    answered = _post(
        police,
        f"/actions/{allegation}/answer",
        {
            "stance": "answer",
            "response": "CCTV kept",
            "action_taken": "Seen",
            "done_on": ["10", "6", "2019"],
        },
    )
    assert answered.status_code == 302
    publish = f"/actions/{issue}/publish"
    _post(cora, publish, {"publish": "yes", "wording": ["summary"], "summary": "Blanket"})
    assert _post(cora, f"/actions/{bells[1]}/close", {"reason": "Mended"}).status_code == 302

    pack = PACK.format(panel=scheme.panel.id)
    pages |= {
        "list": _both(cora, "/actions/?overdue=yes"),
        "action": _both(cora, f"/actions/{allegation}"),
        "closed action": _both(cora, f"/actions/{bells[1]}"),
        "close, with errors": _both(cora, f"/actions/{bells[0]}/close", {"reason": ""}),
        "send": _both(cora, f"/actions/{bells[0]}/send", {"sent_on": ["31", "2", "2019"]}),
        "response, with errors": _both(cora, f"/actions/{bells[0]}/response", {"response": ""}),
        "ask again": _both(cora, f"/actions/{allegation}/ask-again", {"question": ""}),
        "escalate": _both(cora, f"/actions/{bells[0]}/escalate", {"reason": ""}),
        "owner": _both(cora, f"/actions/{bells[0]}/owner", {"owner": "other"}),
        "note": _both(cora, f"/actions/{bells[0]}/note", {"note": ""}),
        "link": _both(cora, f"/actions/{bells[0]}/link", {"duplicate": ""}),
        "pack chooser": _both(cora, "/actions/pack?quarter=1999"),
        "pack": _both(cora, f"/actions/pack?{pack}"),
        "publish quarter": _both(cora, "/actions/publish?quarter=2019-20+Q1"),
        "publish, with errors": _both(cora, publish, {"publish": "yes", "wording": ["summary"]}),
        "volunteer list": _both(_signed_in(app, scheme.alice), "/actions/"),
        "published": _both(app.test_client(), "/published/"),
        "published quarter": _both(app.test_client(), "/published/2019-20-Q1"),
    }
    left = {name: english_left_on(p["cy"], p["en"]) for name, p in pages.items()}
    assert {name: found for name, found in left.items() if found} == {}
    assert "Rhowch eich ymateb" in pages["answer, with errors"]["cy"]  # the rules' messages
    assert "Pecyn cyfarfod y panel" in pages["pack"]["cy"]
    assert "Materion a gyhoeddwyd" in pages["published"]["cy"]

    english = cora.get(f"/actions/pack.csv?{pack}", headers=ENGLISH).text
    welsh = cora.get(f"/actions/pack.csv?{pack}", headers=WELSH).text
    assert "Measure" in english and "What was found" in english
    rows = list(csv.reader(io.StringIO(welsh)))
    assert rows[0][0].startswith("Pecyn cyfarfod y panel")
    assert ["Ffigurau"] in rows and "Mesur" in rows[rows.index(["Ffigurau"]) + 1]
    sheets = load_workbook(io.BytesIO(cora.get(f"/actions/pack.xlsx?{pack}", headers=WELSH).data))
    assert "Ffigurau" in sheets.sheetnames and "Figures" not in sheets.sheetnames
    public = app.test_client().get("/published/2019-20-Q1.csv", headers=WELSH).text
    assert public.startswith("Chwarter,Dalfa,Categori,")

    # The API answers in its caller's language; the daily reminder (a job: no request) is
    # written in each reader's.
    api = Api(app.test_client(), token=issue_token(patel, "force system"))
    db.session.commit()
    api.headers |= WELSH
    refused = api.post(f"/api/v1/actions/{allegation}/responses", {"response": " "})
    assert refused.get_json()["errors"] == {"response": ["Rhowch eich ymateb"]}
    odd = api.post(f"/api/v1/actions/{allegation}/responses", {"response": "x", "disagrees": 1})
    assert odd.get_json()["errors"] == {"disagrees": ["Rhowch true neu false"]}
    db.session.get(User, scheme.coordinator.id).language = "cy"
    db.session.commit()
    assert remind_overdue_actions(scheme_today()) == 3
    reminder = db.session.scalars(
        sa.select(Notification).where(Notification.user_id == scheme.coordinator.id)
    ).all()[-1]
    assert reminder.subject == "3 cham gweithredu dilynol hwyr"
    assert reminder.body.startswith("Helo Cora Coordinator,\n\nMae 3 cham gweithredu dilynol")
    with speaking("cy"):  # the visit summary the police may be emailed, in their language
        subject, body = summary(db.session.scalars(sa.select(VisitReport)).first())
    assert subject.startswith("Ymweliad yn Northtown ar ") and subject.endswith(": 3 phryder")
    assert "Pryderon:" in body and "- Wedi gwrthod ymweliad: 1" in body
