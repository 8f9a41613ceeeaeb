"""Every validation rule reaches the phone as a 422 with a specific message at the right path."""

from __future__ import annotations

import copy
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from icv.extensions import db
from icv.figures.models import report_figures
from icv.models import TACT_COURSE, TrainingRecord
from icv.rota.models import Rota
from icv.visits import validation
from icv.visits.models import VisitReport
from icv.visits.validation import authorising_rank, body_hash
from tests.sync.factory import new_uuid, report_body


def _rows(*rows):
    return {"detainees_in_custody": len(rows), "detainees": list(rows)}


DELAYED = {"admitted_at": "2019-06-01T21:30:00+01:00"}
HOUR_DELAY = {"minutes": 60, "reason": "x", "authorised_by_rank": "Insp"}
DAY_DELAY = {"minutes": 2000, "reason": "x", "authorised_by_rank": "Insp"}
# (what is wrong, overrides to a valid body, path, message)
CASES = [
    ("no suite", {"suite_id": None}, "suite_id", "Choose the custody suite you visited"),
    ("one visitor", {"visitor_ids": "ALICE"}, "visitor_ids",
     "Choose at least two visitors: visits are made in pairs"),
    ("visitor twice", {"visitor_ids": "ALICE ALICE"}, "visitor_ids", "List each visitor only once"),
    ("trainee not a visitor", {"trainee_ids": "TRAINEE"}, "trainee_ids.0",
     "A trainee must also be one of the visitors"),
    ("only trainees", {"trainee_ids": "ALICE BOB"}, "trainee_ids",
     "At least one visitor must not be a trainee"),
    ("bad mode", {"visit_mode": "telepathy"}, "visit_mode",
     "Choose how the visit was made: in person or remote"),
    ("time without offset", {"arrived_at": "2019-06-01T21:10:00"}, "arrived_at",
     "Enter the arrival time as a date and time with a time zone offset, "
     "like 2019-06-01T21:10:00+01:00"),
    ("left before arriving", {"departed_at": "2019-06-01T21:00:00+01:00"}, "departed_at",
     "Departure time must be after arrival time"),
    ("visit of two days", {"departed_at": "2019-06-03T21:00:00+01:00"}, "departed_at",
     "Departure time must be within 24 hours of arrival time"),
    ("admitted before arriving", {"admitted_at": "2019-06-01T21:00:00+01:00"}, "admitted_at",
     "Time admitted must be the same as or after arrival time"),
    ("admitted after leaving", {"admitted_at": "2019-06-01T22:10:00+01:00", "delay": HOUR_DELAY},
     "admitted_at", "Time admitted must be before departure time"),
    ("delay without minutes", DELAYED, "delay.minutes",
     "Enter how many minutes you were kept waiting at the door, like 15"),
    ("delay without reason", DELAYED | {"delay": {"minutes": 20, "authorised_by_rank": "Insp"}},
     "delay.reason", "Enter the reason given for the delay at the door"),
    ("delay without rank", DELAYED | {"delay": {"minutes": 20, "reason": "Fight in custody"}},
     "delay.authorised_by_rank",
     "Enter the rank of the officer who authorised the delay, like Inspector"),
    ("delay authorised by a sergeant", DELAYED | {"delay": HOUR_DELAY | {
        "authorised_by_rank": "Sergeant"}}, "delay.authorised_by_rank",
     "Only an inspector or above may authorise a delay: enter their rank, "
     "like Inspector, Chief Inspector or Superintendent"),
    ("delay of a day", DELAYED | {"delay": DAY_DELAY},
     "delay.minutes", "Delay must be between 1 and 1440 minutes"),
    ("refused without reason", {"admitted_at": None}, "not_completed_reason",
     "Say why the visit was not completed or access refused"),
    ("count not a number", {"detainees_in_custody": "3"}, "detainees_in_custody",
     "Enter the number of people in custody, like 12"),
    ("rows missing", {"detainees_in_custody": 5}, "detainees",
     "Add a row for every person in custody: 5 in custody but 3 rows"),
    ("more juveniles than people", {"juveniles": 4}, "juveniles",
     "Juveniles must be no more than the people in custody (3)"),
    ("more vulnerable than people", {"vulnerable_adults": 4}, "vulnerable_adults",
     "Vulnerable adults must be no more than the people in custody (3)"),
    ("unknown outcome", _rows({"outcome": "escaped"}), "detainees.0.outcome",
     "Choose interviewed, declined or unavailable for person 1"),
    ("unavailable without reason", _rows({"outcome": "declined"}, {"outcome": "unavailable"}),
     "detainees.1.unavailable_reason", "Choose why person 2 was unavailable"),
    ("unknown reason", _rows({"outcome": "unavailable", "unavailable_reason": "bored"}),
     "detainees.0.unavailable_reason", "Choose why person 1 was unavailable"),
    ("other without text", _rows({"outcome": "unavailable", "unavailable_reason": "other"}),
     "detainees.0.unavailable_other", "Describe why person 1 was unavailable"),
    ("reason for someone interviewed",
     _rows({"outcome": "interviewed", "unavailable_reason": "asleep"}),
     "detainees.0.unavailable_reason", "Only give a reason for someone unavailable"),
    ("checklist for someone who declined",
     _rows({"outcome": "declined", "checks": {"toilet": "no"}}),
     "detainees.0.checks", "Only fill in the checklist for someone who was interviewed"),
    ("unknown check", _rows({"outcome": "interviewed", "checks": {"pizza": "yes"}}),
     "detainees.0.checks.pizza", "Unknown checklist item 'pizza'"),
    ("bad check answer", _rows({"outcome": "interviewed", "checks": {"toilet": "maybe"}}),
     "detainees.0.checks.toilet", "Answer yes, no or not asked"),
    ("unknown condition", {"conditions": {"jacuzzi": {"rating": "fine"}}}, "conditions.jacuzzi",
     "Unknown suite condition 'jacuzzi'"),
    ("bad condition rating", {"conditions": {"heating": {"rating": "toasty"}}},
     "conditions.heating.rating", "Choose fine, concern or not checked for Heating"),
    ("unknown rating", {"rating": "fine"}, "rating",
     "Choose whether the visit was satisfactory or not satisfactory"),
    ("follow-up without note", {"follow_up_needed": True}, "follow_up_note",
     "Say what needs following up"),
    ("unknown field", {"colour": "blue"}, "colour", "Remove the unknown field 'colour'"),
    ("unknown row field", _rows({"outcome": "declined", "name": "J Smith"}), "detainees.0.name",
     "Remove the unknown field 'name'"),
    ("text too long", {"positive_findings": "x" * 4001}, "positive_findings",
     "Enter 4000 characters or fewer (you entered 4001)"),
    ("NUL in long text", {"positive_findings": "Clean\x00 cells"}, "positive_findings",
     "Remove the hidden character (U+0000) from this text"),
    ("text direction override and line break in a custody number",
     _rows({"outcome": "declined", "custody_number": "AB\u202e12\n3"}),
     "detainees.0.custody_number", "Remove the hidden character (U+202E) from this text"),
    ("custody number too long", _rows({"outcome": "declined", "custody_number": "9" * 31}),
     "detainees.0.custody_number", "Enter 30 characters or fewer (you entered 31)"),
    ("boolean as text", {"follow_up_needed": "yes"}, "follow_up_needed", "Answer true or false"),
    ("unknown format", {"format_version": 3}, "format_version",
     "Report formats 1 and 2 are the only ones accepted"),
    ("format 2's field in a format 1 report", _rows({"outcome": "declined", "sex": "female"}),
     "detainees.0.sex", "Remove the unknown field 'sex'"),
    ("visitor from another panel", {"visitor_ids": "ALICE OUTSIDER"}, "visitor_ids.1",
     "Choose visitors from Northtown's panel"),
    ("coordinator as a visitor", {"visitor_ids": "ALICE COORDINATOR"}, "visitor_ids.1",
     "Choose visitors from Northtown's panel"),
    ("sender not among visitors", {"visitor_ids": "BOB TRAINEE"}, "visitor_ids",
     "Include yourself as one of the visitors"),
]  # fmt: skip


def _people(team, value):
    return [getattr(team, name.lower()).id for name in value.split()]


@pytest.mark.parametrize(("overrides", "path", "message"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])  # fmt: skip
def test_rule_is_reported_at_its_path(team, api_as, overrides, path, message):
    overrides = dict(overrides)
    for key in ("visitor_ids", "trainee_ids"):
        if isinstance(overrides.get(key), str):
            overrides[key] = _people(team, overrides[key])
    body = report_body(team.suite, [team.alice, team.bob], **overrides)
    body = {key: value for key, value in body.items() if value is not None or key in (
        "admitted_at", "scheduled_visit_id")}  # fmt: skip

    response = api_as(team.alice).put(new_uuid(), body)

    assert response.status_code == 422, response.get_json()
    errors = response.get_json()["errors"]
    assert message in errors.get(path, []), errors


def test_a_valid_delay_and_refused_access_are_accepted(team, api_as):
    delayed = report_body(
        team.suite,
        [team.alice, team.bob],
        admitted_at="2019-06-01T21:30:00+01:00",
        delay={"minutes": 20, "reason": "Incident in the cells", "authorised_by_rank": "Inspector"},
    )
    refused = report_body(
        team.suite,
        [team.alice, team.bob],
        admitted_at=None,
        not_completed_reason="Access refused: suite in lockdown",
        detainees_in_custody=0,
        detainees=[],
    )
    api = api_as(team.alice)
    assert api.put(new_uuid(), delayed).status_code == 201
    assert api.put(new_uuid(), refused).status_code == 201


def test_empty_delay_object_means_no_delay(team, api_as):
    body = report_body(
        team.suite,
        [team.alice, team.bob],
        delay={"minutes": None, "reason": "", "authorised_by_rank": ""},
    )
    response = api_as(team.alice).put(new_uuid(), body)
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["report"]["delay"] is None


def test_scheduled_visit_must_be_for_that_suite_and_list_the_sender(
    team, api_as, make_scheduled_visit, make_suite
):
    elsewhere = make_scheduled_visit(make_suite(team.panel), [team.alice, team.bob])
    not_mine = make_scheduled_visit(team.suite, [team.bob, team.trainee])
    today = date.today()
    draft = Rota(panel=team.panel, starts_on=today, ends_on=today + timedelta(days=90))
    unpublished = make_scheduled_visit(team.suite, [team.alice, team.bob], rota=draft)
    api = api_as(team.alice)
    for visit, message in (
        (elsewhere, "This scheduled visit is not for the suite you chose"),
        (not_mine, "This scheduled visit is not assigned to you"),
        (unpublished, "This scheduled visit is not assigned to you"),
    ):
        body = report_body(team.suite, [team.alice, team.bob], scheduled_visit=visit)
        response = api.put(new_uuid(), body)
        assert response.status_code == 422
        assert response.get_json()["errors"]["scheduled_visit_id"] == [message]


def test_coordinator_may_send_for_their_volunteers_without_being_a_visitor(team, api_as):
    body = report_body(team.suite, [team.alice, team.bob])
    assert api_as(team.coordinator).put(new_uuid(), body).status_code == 201


def test_report_of_a_volunteer_who_has_since_left_is_still_accepted(team, api_as):
    body = report_body(team.suite, [team.alice, team.former])
    assert api_as(team.alice).put(new_uuid(), body).status_code == 201


def test_delay_ranks_inspector_or_above_qualify_as_volunteers_write_them():
    written = {"Inspector": "Inspector", " insp. ": "Inspector", "Det Insp": "Inspector",
               "DI": "Inspector", "Detective Chief Inspector": "Chief Inspector",
               "C/Insp": "Chief Inspector", "ch. supt": "Chief Superintendent",
               "SUPT": "Superintendent", "ACC": "Assistant Chief Constable",
               "Commander": "Commander", "Commissioner": "Commissioner"}  # fmt: skip
    assert {typed: authorising_rank(typed) for typed in written} == written
    for lower in ("Sergeant", "Sgt", "Custody Sergeant", "PC", "Detective Sergeant", "Inspect"):
        assert authorising_rank(lower) is None, lower


def test_report_sent_before_the_rank_rule_stays_readable_resendable_and_correctable(team, api_as):
    """A stored report whose delay a sergeant authorised: as if received before the rule."""
    delay = HOUR_DELAY | {"authorised_by_rank": "Sergeant"}
    body = report_body(team.suite, [team.alice, team.bob], **DELAYED, delay=delay)
    uuid = new_uuid()
    api = api_as(team.alice)
    assert api.put(uuid, body).status_code == 422  # new reports are refused
    sent = body | {"delay": HOUR_DELAY}
    assert api.put(uuid, sent).status_code == 201
    report = db.session.scalar(sa.select(VisitReport).where(VisitReport.uuid == uuid))
    stored = copy.deepcopy(report.body)
    stored["delay"]["authorised_by_rank"] = "Sergeant"
    report.body, report.body_hash = stored, body_hash(stored)
    report.delay_authorised_by_rank = "Sergeant"
    db.session.commit()

    read = api.get(f"/api/v1/visit-reports/{uuid}").get_json()["report"]
    assert read["delay"] == {"minutes": 60, "reason": "x", "authorised_by_rank": "Sergeant"}
    assert api.put(uuid, body).status_code == 200  # a late resend is still the same report
    corrected = body | {"departed_at": "2019-06-01T22:35:00+01:00"}
    amended = api.post(
        f"/api/v1/visit-reports/{uuid}/amendments", {"reason": "Left later", "report": corrected}
    )
    assert amended.status_code == 201, amended.get_json()
    assert amended.get_json()["report"]["delay"]["authorised_by_rank"] == "Sergeant"
    delayed = db.session.scalar(
        sa.select(report_figures.c.visits_delayed).where(report_figures.c.report_id == report.id)
    )
    assert delayed == 1  # the figures still count the delay
    # Changing the rank to another that does not qualify is refused like a new report.
    other = corrected | {"delay": delay | {"authorised_by_rank": "PC"}}
    refused = api.post(
        f"/api/v1/visit-reports/{uuid}/amendments", {"reason": "Rank", "report": other}
    )
    assert refused.status_code == 422
    assert list(refused.get_json()["errors"]) == ["report.delay.authorised_by_rank"]


# --- format 2: the per-person fields (icv/visits/report_format.py) -----------------------


def _v2(**person):
    """A format-2 report of one interviewed person with these fields."""
    return {"format_version": 2, **_rows({"outcome": "interviewed", **person})}


EXAMINED = {"custody_record_examined": True, "custody_record_consent": True}
# (what is wrong, overrides to a valid body, path, message)
CASES_FORMAT_2 = [
    ("unknown sex", _v2(sex="f"), "detainees.0.sex",
     "Choose female, male, other or not recorded for person 1's sex"),
    ("unknown age band", _v2(age_band="17"), "detainees.0.age_band",
     "Choose under 16, 16 or 17, adult or not recorded for person 1's age"),
    ("interviewed but not offered", _v2(offered_visit=False), "detainees.0.offered_visit",
     "Someone interviewed or who declined a visit was offered one: "
     "answer yes for whether person 1 was offered a visit"),
    ("declined but not offered",
     {"format_version": 2, **_rows({"outcome": "declined", "offered_visit": False})},
     "detainees.0.offered_visit",
     "Someone interviewed or who declined a visit was offered one: "
     "answer yes for whether person 1 was offered a visit"),
    ("offered as text", _v2(offered_visit="yes"), "detainees.0.offered_visit",
     "Answer true, false or null: offered a visit (person 1)"),
    ("unknown appropriate adult", _v2(appropriate_adult="yes"), "detainees.0.appropriate_adult",
     "Choose not needed, needed and present, needed but not present or not known "
     "for person 1's appropriate adult"),
    ("unknown interpreter", _v2(interpreter="yes"), "detainees.0.interpreter",
     "Choose not needed, needed and provided, needed but not provided or not known "
     "for person 1's interpreter"),
    ("interpreter without language", _v2(interpreter="needed_not_provided"),
     "detainees.0.language",
     "Enter the language person 1 needed an interpreter for, like Polish"),
    ("language without interpreter", _v2(interpreter="not_needed", language="Welsh"),
     "detainees.0.language", "Only give a language when person 1 needed an interpreter"),
    ("language too long", _v2(interpreter="needed_provided", language="x" * 51),
     "detainees.0.language", "Enter 50 characters or fewer (you entered 51)"),
    ("mental health as text", _v2(mental_health_concern="autism"),
     "detainees.0.mental_health_concern",
     "Answer true, false or null: mental health or neurodiversity concern (person 1)"),
    ("strip search without note", _v2(strip_searched=True), "detainees.0.strip_searched_note",
     "Describe person 1's strip search in a few words, like who authorised it"),
    ("strip search note without one", _v2(strip_searched=False, strip_searched_note="x"),
     "detainees.0.strip_searched_note",
     "Only add this note when the answer is yes for person 1: Strip-searched"),
    ("safety clothing without note", _v2(safety_clothing=True),
     "detainees.0.safety_clothing_note",
     "Say in a few words why person 1 was in safety clothing, if known"),
    ("force without note", _v2(force_reported=True), "detainees.0.force_reported_note",
     "Describe the force or restraint reported for person 1 in a few words"),
    ("force note too long", _v2(force_reported=True, force_reported_note="x" * 201),
     "detainees.0.force_reported_note", "Enter 200 characters or fewer (you entered 201)"),
    ("record examined, consent not given", _v2(custody_record_examined=True),
     "detainees.0.custody_record_consent",
     "A custody record may be examined only with the person's consent: "
     "confirm person 1 consented, or do not record the record as examined"),
    ("record examined, consent refused",
     _v2(custody_record_examined=True, custody_record_consent=False),
     "detainees.0.custody_record_consent",
     "A custody record may be examined only with the person's consent: "
     "confirm person 1 consented, or do not record the record as examined"),
    ("findings without examining", _v2(custody_record_findings={"rights_given": "ok"}),
     "detainees.0.custody_record_findings",
     "Only record custody record findings when you examined person 1's custody record"),
    ("findings not an object", _v2(**EXAMINED, custody_record_findings=["rights_given"]),
     "detainees.0.custody_record_findings",
     "Give person 1's custody record findings as an object of check: ok or concern"),
    ("unknown finding", _v2(**EXAMINED, custody_record_findings={"haircut": "ok"}),
     "detainees.0.custody_record_findings.haircut", "Unknown custody record check 'haircut'"),
    ("bad finding answer", _v2(**EXAMINED, custody_record_findings={"rights_given": "yes"}),
     "detainees.0.custody_record_findings.rights_given",
     "Answer ok or concern for 'Rights given and signed for' in person 1's custody record"),
    ("concern without note", _v2(**EXAMINED, custody_record_findings={"meals_drinks": "concern"}),
     "detainees.0.custody_record_note", "Say what concerned you in person 1's custody record"),
    ("record note without examining", _v2(custody_record_note="Fine"),
     "detainees.0.custody_record_note",
     "Only add a custody record note when you examined person 1's custody record"),
    ("TACT answer for someone not held under TACT", _v2(tact_staff_presence="sight"),
     "detainees.0.tact_staff_presence",
     "Only answer the TACT questions about someone held under the Terrorism Act: "
     "person 1 is not marked as held under TACT"),
    ("TACT access for someone held elsewhere", _v2(held_under_tact=False, tact_access="given"),
     "detainees.0.tact_access",
     "Only answer the TACT questions about someone held under the Terrorism Act: "
     "person 1 is not marked as held under TACT"),
    ("TACT access delayed, no reason", _v2(held_under_tact=True, tact_access="delayed"),
     "detainees.0.tact_access_note",
     "Say why access to person 1 was delayed, for how long and who decided"),
    ("recordings viewed, not which", _v2(held_under_tact=True, tact_recordings_reviewed=True),
     "detainees.0.tact_recordings_note",
     "Say which of person 1's interview recordings you viewed or listened to, and how many"),
]  # fmt: skip


@pytest.mark.parametrize(("overrides", "path", "message"), [c[1:] for c in CASES_FORMAT_2],
                         ids=[c[0] for c in CASES_FORMAT_2])  # fmt: skip
def test_format_2_rule_is_reported_at_its_path(team, api_as, overrides, path, message):
    body = report_body(team.suite, [team.alice, team.bob], **overrides)

    response = api_as(team.alice).put(new_uuid(), body)

    assert response.status_code == 422, response.get_json()
    assert response.get_json()["errors"] == {path: [message]}


EVERY_FIELD = {
    "sex": "female",
    "age_band": "16_17",
    "offered_visit": True,
    "appropriate_adult": "needed_present",
    "interpreter": "needed_provided",
    "language": "Polish",
    "mental_health_concern": True,
    "strip_searched": True,
    "strip_searched_note": "Authorised by the inspector, recorded",
    "safety_clothing": True,
    "safety_clothing_note": "Risk of self-harm at booking in",
    "force_reported": False,
    "force_reported_note": "",
    "custody_record_examined": True,
    "custody_record_consent": True,
    "custody_record_findings": {"risk_assessment": "ok", "reviews_on_time": "concern"},
    "custody_record_note": "Review 2 hours late",
}


def test_format_2_report_with_every_field_is_stored_and_read_back(team, api_as):
    rows = [
        {"outcome": "interviewed", **EVERY_FIELD},
        {"outcome": "declined", "sex": "male", "age_band": "adult"},  # offered: filled in
        {"outcome": "unavailable", "unavailable_reason": "asleep", "offered_visit": False},
    ]
    body = report_body(team.suite, [team.alice, team.bob], format_version=2, **_rows(*rows))
    uuid, api = new_uuid(), api_as(team.alice)

    response = api.put(uuid, body)

    assert response.status_code == 201, response.get_json()
    read = api.get(f"/api/v1/visit-reports/{uuid}").get_json()["report"]
    assert read["format_version"] == 2
    first, declined, asleep = read["detainees"]
    assert {key: first[key] for key in EVERY_FIELD} == EVERY_FIELD
    assert declined["offered_visit"] is True and declined["mental_health_concern"] is None
    assert declined["custody_record_findings"] == {} and declined["language"] == ""
    assert asleep["offered_visit"] is False and asleep["sex"] is None
    stored = db.session.scalar(sa.select(VisitReport).where(VisitReport.uuid == uuid))
    assert stored.format_version == 2
    assert [row.sex for row in stored.detainees] == ["female", "male", None]
    assert stored.detainees[0].custody_record_findings == EVERY_FIELD["custody_record_findings"]
    assert api.put(uuid, body).status_code == 200  # a resend is the same report


def test_format_1_report_is_accepted_as_it_is_and_reads_back_as_format_1(team, api_as):
    body = report_body(team.suite, [team.alice, team.bob], format_version=1)
    uuid, api = new_uuid(), api_as(team.alice)

    assert api.put(uuid, body).status_code == 201

    read = api.get(f"/api/v1/visit-reports/{uuid}").get_json()["report"]
    assert read["format_version"] == 1
    for row in read["detainees"]:
        assert set(row) == set(validation.ROW_FIELDS)
    stored = db.session.scalar(sa.select(VisitReport).where(VisitReport.uuid == uuid))
    assert stored.format_version == 1 and stored.detainees[0].offered_visit is None
    assert api.put(uuid, body).status_code == 200


# --- someone held under TACT: the questions, and only TACT-trained visitors -------------

TACT_ANSWERS = {
    "held_under_tact": True,
    "tact_access": "delayed",
    "tact_access_note": "Inspector Shah delayed us 30 minutes: an interview was under way",
    "tact_staff_presence": "sight",
    "tact_recordings_reviewed": True,
    "tact_recordings_note": "Interviews 1 to 3 (3 recordings), viewed in part",
    "tact_recordings_concern": True,
    "tact_recordings_concern_note": "Interview 2 ran past midnight with no break",
    "tact_welfare_concern": True,
    "tact_welfare_concern_note": "Asked twice for his inhaler",
}


def test_a_tact_report_needs_every_visitor_tact_trained_then_keeps_its_answers(team, api_as):
    """A report on someone held under TACT is refused (422, nothing stored) unless every
    visitor's TACT training is valid on the visit's day (1 June 2019); then it is stored with
    the TACT answers, and the same body for someone not held under TACT needs no training."""
    train(team.alice, date(2019, 1, 10), None)
    train(team.bob, date(2016, 6, 1), date(2019, 6, 1))  # its last valid day: 31 May 2019
    rows = [{"outcome": "interviewed", **TACT_ANSWERS}, {"outcome": "declined"}]
    body = report_body(team.suite, [team.alice, team.bob], format_version=2, **_rows(*rows))
    uuid, api = new_uuid(), api_as(team.alice)

    response = api.put(uuid, body)

    assert response.status_code == 422
    bob_index = sorted([team.alice.id, team.bob.id]).index(team.bob.id)
    assert response.get_json()["errors"] == {
        f"visitor_ids.{bob_index}": [
            "Bob Baker has no TACT training valid on the day of this visit: only visitors with "
            "valid TACT training may report on someone held under the Terrorism Act (TACT)"
        ]
    }
    assert api.get(f"/api/v1/visit-reports/{uuid}").status_code == 404
    not_held = [{"outcome": "interviewed", "held_under_tact": False}, {"outcome": "declined"}]
    other = report_body(team.suite, [team.alice, team.bob], format_version=2, **_rows(*not_held))
    assert api.put(new_uuid(), other).status_code == 201

    train(team.bob, date(2019, 5, 20), date(2022, 5, 20))
    assert api.put(uuid, body).status_code == 201

    read = api.get(f"/api/v1/visit-reports/{uuid}").get_json()["report"]
    first, declined = read["detainees"]
    assert {key: first[key] for key in TACT_ANSWERS} == TACT_ANSWERS
    assert declined["held_under_tact"] is None and declined["tact_access"] is None
    stored = db.session.scalar(sa.select(VisitReport).where(VisitReport.uuid == uuid))
    assert stored.detainees[0].tact_recordings_note == TACT_ANSWERS["tact_recordings_note"]


def train(user, completed_on: date, expires_on: date | None) -> None:
    db.session.add(TrainingRecord(user=user, course_code=TACT_COURSE, completed_on=completed_on,
                                  expires_on=expires_on))  # fmt: skip
    db.session.commit()
