"""Property-based tests of the report rules and of idempotency (hypothesis)."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from icv.extensions import db
from icv.visits import validation, vocabulary
from icv.visits.models import VisitReport
from tests.sync.factory import new_uuid, signed_in_api

SUITE_ID, VISITORS = 12, [7, 19, 23]
# What people type: no control or text-direction characters (refused: icv/text.py).
visible = st.characters(
    exclude_categories=("Cc", "Cs"),
    exclude_characters="\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",
)
texts = st.text(visible, max_size=40)
offsets = st.sampled_from([UTC, timezone(timedelta(hours=1)), timezone(timedelta(hours=-5))])
CHECK_CODES = sorted(validation.CHECK_CODES)
DB_EXAMPLES = settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@st.composite
def detainee_rows(draw):
    outcome = draw(st.sampled_from(sorted(vocabulary.OUTCOMES)))
    row = {"outcome": outcome}
    if draw(st.booleans()):
        row["custody_number"] = draw(st.text(visible, max_size=12))
    if outcome == "unavailable":
        row["unavailable_reason"] = draw(st.sampled_from(sorted(vocabulary.UNAVAILABLE_REASONS)))
        if row["unavailable_reason"] == "other":
            row["unavailable_other"] = "x" + draw(texts)
    if outcome == "interviewed":
        codes = draw(st.lists(st.sampled_from(CHECK_CODES), unique=True, max_size=5))
        answers = st.sampled_from(sorted(vocabulary.CHECK_ANSWERS))
        row["checks"] = {code: draw(answers) for code in codes}
        row["allegation"] = draw(texts)
        row["raised_with_staff"] = draw(st.booleans())
    row["follow_up"] = draw(st.booleans())
    return row


def _maybe(draw, options):
    return draw(st.sampled_from([*options, None]))


@st.composite
def format_2_fields(draw, outcome: str):
    """Format 2's fields of a person, each left out now and then, every rule kept."""
    offered = [True] if outcome in ("interviewed", "declined") else [True, False]
    person = {
        "sex": _maybe(draw, sorted(vocabulary.SEXES)),
        "age_band": _maybe(draw, sorted(vocabulary.AGE_BANDS)),
        "offered_visit": _maybe(draw, offered),
        "appropriate_adult": _maybe(draw, sorted(vocabulary.APPROPRIATE_ADULT)),
        "interpreter": _maybe(draw, sorted(vocabulary.INTERPRETER)),
        "mental_health_concern": _maybe(draw, [True, False]),
        "custody_record_examined": _maybe(draw, [True, False]),
    }
    if person["interpreter"] in ("needed_provided", "needed_not_provided"):
        person["language"] = "L" + draw(texts)
    for flag in ("strip_searched", "safety_clothing", "force_reported"):
        person[flag] = _maybe(draw, [True, False])
        if person[flag]:
            person[f"{flag}_note"] = "n" + draw(texts)
    if person["custody_record_examined"]:
        person["custody_record_consent"] = True
        codes = draw(st.lists(st.sampled_from(sorted(vocabulary.CUSTODY_RECORD_FINDINGS)),
                              unique=True, max_size=3))  # fmt: skip
        answers = st.sampled_from(sorted(vocabulary.FINDING_ANSWERS))
        person["custody_record_findings"] = {code: draw(answers) for code in codes}
        if "concern" in person["custody_record_findings"].values() or draw(st.booleans()):
            person["custody_record_note"] = "c" + draw(texts)
    # Null and left out are the same: "not recorded".
    return {key: value for key, value in person.items() if value is not None or draw(st.booleans())}


@st.composite
def valid_reports(draw, suite_id=SUITE_ID, visitor_ids=VISITORS):
    count = draw(st.integers(0, 15))
    rows = draw(st.lists(detainee_rows(), min_size=count, max_size=count))
    version = draw(st.sampled_from([1, 2]))
    if version == 2:
        rows = [row | draw(format_2_fields(row["outcome"])) for row in rows]
    zone = draw(offsets)
    arrived = draw(st.datetimes(datetime(2015, 1, 1), datetime(2025, 12, 31))).replace(tzinfo=zone)
    wait = draw(st.integers(0, 90))
    stay = draw(st.integers(1, 600))
    visitors = draw(st.lists(st.sampled_from(visitor_ids), min_size=2, unique=True))
    body = {
        "format_version": version,
        "suite_id": suite_id,
        "scheduled_visit_id": None,
        "visitor_ids": visitors,
        "trainee_ids": visitors[1:2] if draw(st.booleans()) else [],
        "visit_mode": draw(st.sampled_from(sorted(vocabulary.VISIT_MODES))),
        "arrived_at": arrived.isoformat(),
        "admitted_at": (arrived + timedelta(minutes=wait)).isoformat(),
        "departed_at": (arrived + timedelta(minutes=wait + stay)).isoformat(),
        "delay": None,
        "detainees_in_custody": count,
        "juveniles": draw(st.integers(0, count)),
        "vulnerable_adults": draw(st.integers(0, count)),
        "detainees": rows,
        "conditions": {
            code: {
                "rating": draw(st.sampled_from(sorted(vocabulary.CONDITION_RATINGS))),
                "note": draw(texts),
            }
            for code in draw(
                st.lists(
                    st.sampled_from(sorted(vocabulary.SUITE_CONDITIONS)), unique=True, max_size=4
                )
            )
        },  # fmt: skip
        "rating": draw(st.sampled_from(sorted(validation.RATINGS))),
        "positive_findings": draw(texts),
        "follow_up_needed": False,
    }
    if wait:
        body["delay"] = {"minutes": wait, "reason": "r" + draw(texts), "authorised_by_rank": "Insp"}
    return body


@settings(max_examples=150, deadline=None)
@given(valid_reports())
def test_valid_reports_are_accepted_and_normalising_twice_changes_nothing(body):
    checked = validation.normalise(body)
    assert checked.errors == {}
    clean = checked.report
    assert validation.normalise(clean).report == clean
    assert validation.normalise(json.loads(json.dumps(clean))).report == clean


def _corruptions(body: dict, draw):
    """(path, corrupted body) pairs: each breaks exactly one rule."""
    count, rows = body["detainees_in_custody"], body["detainees"]
    # The minimum contract: visit_mode, juveniles, vulnerable_adults and rating may
    # be left out (tests/sync/test_minimum_contract.py).
    required = ["suite_id", "visitor_ids", "arrived_at", "departed_at",
                "detainees_in_custody", "detainees"]  # fmt: skip
    key = draw(st.sampled_from(required))
    yield key, {k: v for k, v in body.items() if k != key}
    unknown = draw(st.from_regex(r"[a-z]{1,12}", fullmatch=True).filter(
        lambda k: k not in validation.TOP_FIELDS))  # fmt: skip
    yield unknown, {**body, unknown: draw(texts)}
    arrived = datetime.fromisoformat(body["arrived_at"])
    early = arrived - timedelta(minutes=draw(st.integers(0, 500)))
    yield "departed_at", {**body, "departed_at": early.isoformat(),
                          "admitted_at": None, "not_completed_reason": "x"}  # fmt: skip
    yield "detainees", {**body, "detainees_in_custody": count + draw(st.integers(1, 5))}
    yield "juveniles", {**body, "juveniles": count + draw(st.integers(1, 5))}
    yield "visitor_ids", {**body, "visitor_ids": body["visitor_ids"][:1], "trainee_ids": []}
    yield "rating", {**body, "rating": draw(texts.filter(lambda t: t not in validation.RATINGS))}
    code = draw(st.sampled_from(sorted(vocabulary.SUITE_CONDITIONS)))
    yield f"conditions.{code}.rating", {**body, "conditions": {code: {"rating": "awful"}}}
    yield "positive_findings", {**body, "positive_findings": "y" * 4001}
    if rows:
        index = draw(st.integers(0, len(rows) - 1))
        junk = draw(texts.filter(lambda t: t not in vocabulary.OUTCOMES))
        for field, value in (("outcome", junk), ("custody_number", "9" * 31)):
            changed = [dict(r) for r in rows]
            changed[index][field] = value
            yield f"detainees.{index}.{field}", {**body, "detainees": changed}
        changed = [dict(r) for r in rows]
        changed[index] = {"outcome": "unavailable"}
        yield f"detainees.{index}.unavailable_reason", {**body, "detainees": changed}
        changed = [dict(r) for r in rows]
        changed[index] = {"outcome": "interviewed", "checks": {"nonsense": "yes"}}
        yield f"detainees.{index}.checks.nonsense", {**body, "detainees": changed}


@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_every_corruption_is_rejected_with_a_message_at_its_path(data):
    body = data.draw(valid_reports())
    corruptions = list(_corruptions(body, data.draw))
    path, corrupted = data.draw(st.sampled_from(corruptions))
    checked = validation.normalise(corrupted)
    assert checked.report is None
    assert checked.errors.get(path), (path, checked.errors)
    assert all(isinstance(m, str) and m for m in checked.errors[path])


@pytest.fixture
def pair(make_suite, make_user):
    from icv.models import Role

    suite = make_suite()
    return suite, [make_user(Role.VOLUNTEER, panel=suite.panel) for _ in range(3)]


@DB_EXAMPLES
@given(data=st.data())
def test_random_valid_reports_are_stored_and_read_back_unchanged(data, pair, app):
    suite, people = pair
    body = data.draw(valid_reports(suite.id, [p.id for p in people]))
    sender = next(p for p in people if p.id in body["visitor_ids"])
    api, uuid = signed_in_api(app, sender), new_uuid()

    stored = api.put(uuid, body)

    assert stored.status_code == 201, stored.get_json()
    expected = validation.normalise(body).report
    assert stored.get_json()["report"] == expected
    assert api.get(f"/api/v1/visit-reports/{uuid}").get_json()["report"] == expected


def _equivalent_copy(body: dict, rng: random.Random) -> dict:
    """The same report as a phone might resend it: keys shuffled, times in another offset."""
    copy = json.loads(json.dumps(body))
    for key in ("arrived_at", "admitted_at", "departed_at"):
        copy[key] = datetime.fromisoformat(copy[key]).astimezone(UTC).isoformat()
    copy["visitor_ids"] = list(reversed(copy["visitor_ids"]))
    items = list(copy.items())
    rng.shuffle(items)
    return dict(items)


@DB_EXAMPLES
@given(data=st.data())
def test_any_sequence_of_resends_stores_exactly_one_report(data, pair, app):
    suite, people = pair
    body = data.draw(valid_reports(suite.id, [p.id for p in people]))
    sender = next(p for p in people if p.id in body["visitor_ids"])
    different = {**body, "rating": "unsatisfactory" if body["rating"] != "unsatisfactory"
                 else "satisfactory"}  # fmt: skip
    plan = data.draw(st.lists(st.sampled_from(["same", "equivalent", "different"]), max_size=6))
    api, uuid, rng = signed_in_api(app, sender), new_uuid(), random.Random(len(plan))

    statuses = [api.put(uuid, body).status_code]
    for step in plan:
        sent = {"same": body, "equivalent": _equivalent_copy(body, rng), "different": different}
        statuses.append(api.put(uuid, sent[step]).status_code)

    expected = [201] + [409 if step == "different" else 200 for step in plan]
    assert statuses == expected
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).where(VisitReport.uuid == uuid)) == 1
    stored = api.get(f"/api/v1/visit-reports/{uuid}").get_json()["report"]
    assert stored == validation.normalise(body).report
