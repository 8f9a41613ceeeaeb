"""The volunteer's field app in Welsh (issue 19): its pages, what the phone caches (labels,
rules and messages, its own words), the API's answers and the worker's offline page."""

from __future__ import annotations

from icv.models import Role
from icv.visits.amendments import amend_report
from icv.visits.models import VisitReport
from icv.visits.reports import receive_report
from tests.conftest import extract_csrf, sign_in
from tests.sync.factory import Api, new_uuid, report_body
from tests.visits.test_corrections import form_fields
from tests.welsh import ENGLISH, WELSH, english_left_on, visible_text


def _world(make_panel, make_suite, make_user):
    north = make_panel("North")
    alice = make_user(Role.VOLUNTEER, panel=north, name="Alice Able")
    bob = make_user(Role.VOLUNTEER, panel=north, name="Bob Baker")
    coordinator = make_user(Role.COORDINATOR, panels=[north], name="Cora Coordinator")
    suite = make_suite(north, name="Northtown")
    uuid = new_uuid()
    body = report_body(suite, [alice, bob], format_version=2, positive_findings="Clean cells")
    body["detainees"][0] |= {"sex": "female", "age_band": "adult", "strip_searched": True,
                             "strip_searched_note": "Authorised by Insp Jones"}  # fmt: skip
    body["conditions"] = {"heating": {"rating": "concern", "note": "Cell 4 cold"}}
    body["follow_up_needed"], body["follow_up_note"] = True, "Ask about the heating"
    assert receive_report(uuid, body, alice).status == 201
    report = VisitReport.query.filter_by(uuid=uuid).one()
    changed = body | {"departed_at": "2019-06-01T22:35:00+01:00", "rating": "unsatisfactory"}
    assert not amend_report(report, {"reason": "We left later", "report": changed}, bob).errors
    return alice, coordinator, uuid


def _both(client, url, **kwargs) -> tuple[str, str]:
    method = client.post if "data" in kwargs else client.get
    english = method(url, headers=ENGLISH, **kwargs).get_data(as_text=True)
    welsh = method(url, headers=WELSH, **kwargs).get_data(as_text=True)
    return english, welsh


def test_the_field_apps_pages_in_welsh_keep_no_english(app, make_panel, make_suite, make_user):
    alice, coordinator, uuid = _world(make_panel, make_suite, make_user)
    pages = {}
    volunteer = app.test_client()
    sign_in(volunteer, alice)
    for url in ("/visits/", "/visits/new", f"/visits/{uuid}", f"/visits/{uuid}/correct"):
        pages[url] = _both(volunteer, url)
    english_form = pages[f"/visits/{uuid}/correct"][0]
    fields = form_fields(english_form) | {"reason": [""], "departed_at": ["25:00"]}
    fields |= {"detainees.1.outcome": ["unavailable"], "action": ["save"]}  # no reason given
    pages["correction with errors"] = _both(volunteer, f"/visits/{uuid}/correct", data=fields)

    staff = app.test_client()
    sign_in(staff, coordinator)
    pages["/visits/ (coordinator)"] = _both(staff, "/visits/?rating=unsatisfactory")
    pages["/sync/import"] = _both(staff, "/sync/import")
    token = extract_csrf(pages["/sync/import"][0])
    pages["import with an error"] = _both(staff, "/sync/import", data={"csrf_token": token})

    leftovers = {
        page: left
        for page, (english, welsh) in pages.items()
        if (left := english_left_on(welsh, english))
    }
    assert leftovers == {}, leftovers
    assert all('<html lang="cy"' in welsh for _, welsh in pages.values())
    shown = ("/visits/new", f"/visits/{uuid}", "correction with errors")
    new_form, report, errors = (visible_text(pages[key][1]) for key in shown)
    assert "Cofnodi ymweliad" in new_form and "Amodau'r ddalfa" in new_form
    assert "Mewn cyfweliad â'r heddlu" in new_form  # the labels of icv.visits.vocabulary
    assert "Ymweliad â Northtown" in report and "Clean cells" in report  # user data stays
    assert "Chwiliad noeth" in report and "Amser gadael" in report  # answers and corrections
    assert "Dywedwch pam rydych yn newid yr adroddiad" in errors
    assert "Dewiswch pam nad oedd unigolyn 2 ar gael" in errors  # the rules' own messages
    assert "Mae problem wedi codi" in errors


def test_the_phone_gets_its_words_rules_and_answers_in_welsh(
    app, make_panel, make_suite, make_user
):
    alice, _coordinator, _uuid = _world(make_panel, make_suite, make_user)
    client = app.test_client()
    sign_in(client, alice)
    english = client.get("/api/v1/reference", headers=ENGLISH).get_json()
    welsh = client.get("/api/v1/reference", headers=WELSH).get_json()
    assert (english["language"], welsh["language"]) == ("en", "cy")
    assert welsh["codes"]["outcomes"]["unavailable"] == "Ddim ar gael"
    assert welsh["codes"]["delay_authorising_ranks"] == english["codes"]["delay_authorising_ranks"]
    assert (
        welsh["rules"]["messages"]["unavailable_reason"] == "Dewiswch pam nad oedd {person} ar gael"
    )
    assert welsh["rules"]["messages"]["person"] == "unigolyn {number}"
    strip = next(f for f in welsh["rules"]["person_fields"] if f["name"] == "strip_searched_note")
    assert strip["rules"][0]["message"].startswith("Disgrifiwch chwiliad noeth {person}")
    assert english["rules"]["messages"]["person"] == "person {number}"

    # The phone's own words: one file, from the catalogue, with Welsh's six plural forms.
    words = client.get("/phone-words/cy.json").get_json()
    assert words["No reports on this phone."] == "Dim adroddiadau ar y ffôn hwn."
    assert len(words["{num} report waiting to send."]) == 6
    assert "There is a problem" in words and "Send now" not in words  # only the JavaScript's
    assert client.get("/phone-words/en.json").status_code == 404  # English is in the code
    worker = client.get("/sw.js").get_data(as_text=True)
    assert "/phone-words/cy.json" in worker and "Dim cysylltiad" in worker  # kept; offline page

    # The API answers in the user's language: their setting, else Accept-Language.
    body = report_body(make_suite(alice.panel, name="Southtown"), [alice])
    body["detainees"][2]["unavailable_reason"] = None
    csrf = Api(client).headers
    url = f"/api/v1/visit-reports/{new_uuid()}"
    put = client.put(url, json=body, headers=csrf | WELSH)
    answer = put.get_json()
    assert put.status_code == 422
    assert answer["message"].startswith("Mae problemau gyda'r cais")
    assert answer["errors"]["visitor_ids"] == [
        "Dewiswch o leiaf ddau ymwelydd: mae ymweliadau'n cael eu gwneud mewn parau"
    ]
    assert answer["errors"]["detainees.2.unavailable_reason"] == [
        "Dewiswch pam nad oedd unigolyn 3 ar gael"
    ]
    in_english = client.put(url, json=body, headers=csrf | ENGLISH)
    assert in_english.get_json()["errors"]["detainees.2.unavailable_reason"] == [
        "Choose why person 3 was unavailable"
    ]


def test_a_delay_authorised_by_a_rank_written_in_welsh_is_accepted():
    from icv.visits.validation import authorising_rank

    assert authorising_rank("Ditectif Arolygydd") == "Inspector"
    assert authorising_rank("Prif Uwch-arolygydd") == "Chief Superintendent"
    assert authorising_rank("Rhingyll") is None  # a sergeant may not
