"""What every phone asks for costs a fixed number of queries, and the answer to a new report
(built from what this request just stored, not read back) is the report as stored."""

from __future__ import annotations

from icv.sync.openapi import EXAMPLE_REPORT
from tests.statements import reads, statements
from tests.sync.factory import new_uuid, report_body


def test_the_answer_to_a_new_report_is_the_report_read_back(team, api_as):
    api, uuid = api_as(team.alice), new_uuid()
    people = [team.alice.id, team.trainee.id]  # a trainee, a delay, a concern, every text
    body = EXAMPLE_REPORT | {"suite_id": team.suite.id, "visitor_ids": people,
                             "trainee_ids": people[1:]}  # fmt: skip

    created = api.put(uuid, body)
    read_back = api.get(f"/api/v1/visit-reports/{uuid}")

    assert created.status_code == 201, created.get_json()
    assert read_back.status_code == 200
    assert created.get_json() == read_back.get_json()
    assert created.get_json()["report"]["delay"]["authorised_by_rank"] == "Inspector"


def test_a_new_report_is_answered_without_reading_its_rows_back(team, api_as):
    api, body = api_as(team.alice), report_body(team.suite, [team.alice, team.bob])

    with statements() as sent:
        response = api.put(new_uuid(), body)

    assert response.status_code == 201
    assert reads(sent), "no statements seen at all"
    assert not [text for text in reads(sent) if "FROM detainee_records" in text]
    assert len([text for text in reads(sent) if "FROM suites" in text]) == 1  # checked, kept


def test_reads_for_a_report_do_not_grow_with_its_detainees(team, api_as):
    # Reads only: whether rows go in one INSERT per row or in batches is up to the driver.
    api = api_as(team.alice)

    counts = []
    for people in (1, 12):
        body = report_body(team.suite, [team.alice, team.bob], people=people)
        with statements() as sent:
            assert api.put(new_uuid(), body).status_code == 201
        counts.append(len(reads(sent)))

    assert counts[0] == counts[1]


def test_queries_for_the_reference_do_not_grow_with_visits(team, api_as, make_scheduled_visit):
    api = api_as(team.alice)

    counts = []
    for co_visitor in (team.bob, team.trainee, None):
        if co_visitor is not None:  # one visit, then two, each with a co-visitor
            make_scheduled_visit(team.suite, [team.alice, co_visitor], starts_in_days=2)
        with statements() as sent:
            response = api.get("/api/v1/reference")
        assert response.status_code == 200
        counts.append((len(response.get_json()["scheduled_visits"]), len(sent)))

    assert [visits for visits, _ in counts] == [1, 2, 2]
    assert counts[0][1] == counts[1][1]
    names = [visit["co_visitors"][0]["name"] for visit in response.get_json()["scheduled_visits"]]
    assert sorted(names) == ["Bob Baker", "Tara Trainee"]
