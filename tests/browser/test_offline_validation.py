"""validation.js gives the same errors as the server's rules, so the phone can check offline.

Hundreds of report bodies (a valid one, every field broken in many ways, and random mixes)
go through icv.visits.validation.normalise() in Python and validateReport() in Chromium; the
error keys and messages must be identical.
"""

from __future__ import annotations

import copy
import json
import random

import pytest
from playwright.sync_api import Page

from icv.visits import vocabulary
from icv.visits.validation import RANK_TOO_LOW, normalise

pytestmark = pytest.mark.browser

TIME = "2019-06-01T{}+01:00"
VALID = {
    "format_version": 1,
    "suite_id": 12,
    "scheduled_visit_id": None,
    "visitor_ids": [7, 19],
    "trainee_ids": [19],
    "visit_mode": "in_person",
    "arrived_at": TIME.format("21:10:00"),
    "admitted_at": TIME.format("21:30:00"),
    "departed_at": TIME.format("22:05:00"),
    "delay": {"minutes": 20, "reason": "Cell incident", "authorised_by_rank": "Inspector"},
    "not_completed_reason": "",
    "detainees_in_custody": 3,
    "juveniles": 0,
    "vulnerable_adults": 1,
    "detainees": [
        {
            "custody_number": "AB123",
            "outcome": "interviewed",
            "checks": {"told_rights": "yes", "food_and_drink": "no"},
            "allegation": "",
            "issues_raised": "Cold",
            "action_taken": "Blanket given",
            "raised_with_staff": True,
            "follow_up": False,
        },
        {"outcome": "declined"},
        {"outcome": "unavailable", "unavailable_reason": "other", "unavailable_other": "Asleep"},
    ],
    "conditions": {"heating": {"rating": "concern", "note": "Cell 4 cold"}},
    "raised_with_sergeant": "Heating",
    "sergeant_response": "Engineer booked",
    "rating": "satisfactory",
    "positive_findings": "",
    "follow_up_needed": True,
    "follow_up_note": "Check heating",
}
MISSING = object()
VALUES = [
    MISSING, None, True, False, 0, -1, 1, 2, 3, 600, 1441, "", "  ", "x", "other", "asleep",
    "interviewed", "declined", "unavailable", "yes", "no", "not_asked", "fine", "concern",
    "not_checked", "in_person", "remote", "satisfactory", "unsatisfactory", [], [7], [7, 7],
    [7, 19], [19], [7, 19, 23], ["7"], [True], {},
    {"rating": "fine"}, {"minutes": 5}, {"unknown": 1},
    TIME.format("21:10:00"), TIME.format("21:00:00"), TIME.format("23:59:00"),
    "2019-06-01T21:10:00Z", "2019-06-01T21:10+01:00", "2019-06-01T21:10:00.250+01:00",
    "2019-06-03T09:00:00+01:00", "2019-06-01T21:10:00", "2019-06-01", "1999-12-31T23:00:00Z",
    "2019-13-01T21:10:00+01:00", "2019-02-30T21:10:00+01:00", "2019-06-01T25:10:00+01:00",
    "2999-01-01T00:00:00Z", "not a time", {"heating": {"rating": "bad"}}, [{"outcome": "x"}],
]  # fmt: skip
# Just over each length limit, tried only on text fields (long strings make the run slow).
LONG_TEXTS = ["x" * 31, "x" * 101, "y" * 501, "z" * 4001, " " * 40 + "ok" + " " * 40]
# Hidden characters (icv/text.py), tabs and line breaks: refused, or only in long text.
LONG_TEXTS += ["a\x00b", "a\tb", "a\r\nb", "a\rb", "a\x1b", " \x1f", "a\x85", "a\u202eb",
               "\u2066a", "ok\n"]  # fmt: skip
TEXT_KEYS = {"not_completed_reason", "raised_with_sergeant", "sergeant_response",
             "positive_findings", "follow_up_note", "custody_number", "unavailable_other",
             "allegation", "issues_raised", "action_taken", "reason", "authorised_by_rank",
             "note"}  # fmt: skip
# Ranks as volunteers type them: only an inspector or above may authorise a delay.
RANKS = ["Sergeant", "sgt", "Insp", "det. insp", "DI", "C/Supt", "Chief  Inspector", "Detective",
         "Inspector Morse", "Commissioner", "ACC", "Custody Sergeant", "PC 123"]  # fmt: skip
ROW_KEYS = ["custody_number", "outcome", "unavailable_reason", "unavailable_other", "checks",
            "allegation", "issues_raised", "action_taken", "raised_with_staff", "follow_up",
            "surname"]  # fmt: skip


def _paths() -> list[tuple]:
    paths = [(key,) for key in VALID] + [("unknown_field",)]
    paths += [("delay", key) for key in ("minutes", "reason", "authorised_by_rank", "extra")]
    paths += [("detainees", row, key) for row in range(3) for key in ROW_KEYS]
    paths += [("detainees", 0, "checks", code) for code in ("told_rights", "blanket", "made_up")]
    paths += [("conditions", "heating", "rating"), ("conditions", "heating", "note"),
              ("conditions", "lighting"), ("conditions", "sunshine"),
              ("detainees", 1), ("detainees", 3)]  # fmt: skip
    return paths


def _mutate(report: dict, path: tuple, value) -> dict:
    report = copy.deepcopy(report)
    target = report
    for depth, step in enumerate(path):
        # Earlier faults may have replaced a container: then this fault does not apply.
        if not isinstance(target, dict if isinstance(step, str) else list):
            return report
        if depth == len(path) - 1:
            break
        if isinstance(target, dict):
            target = target.setdefault(step, {}) if target.get(step) is not None else None
        else:
            target = target[step] if step < len(target) else None
    last = path[-1]
    if isinstance(target, list):
        if last < len(target):
            if value is MISSING:
                del target[last]
            else:
                target[last] = value
        elif value is not MISSING:
            target.append(value)
    elif value is MISSING:
        target.pop(last, None)
    else:
        target[last] = value
    return report


def corpus() -> list:
    cases = [VALID, [], "text", None, {}]
    paths = _paths()
    for path in paths:
        cases += [_mutate(VALID, path, value) for value in VALUES]
        if path[-1] in TEXT_KEYS:
            cases += [_mutate(VALID, path, value) for value in LONG_TEXTS]
        if path[-1] == "authorised_by_rank":
            cases += [_mutate(VALID, path, value) for value in RANKS]
    cases += contract_cases()
    rng = random.Random(20190601)
    for _ in range(400):  # mixes of several faults at once
        report = VALID
        for _ in range(rng.randint(2, 5)):
            report = _mutate(report, rng.choice(paths), rng.choice(VALUES))
        cases.append(report)
    return cases


def contract_cases() -> list:
    """The issue's minimum report, what it may leave out, and both sides of the delay grace."""
    minimum = {key: VALID[key] for key in ("suite_id", "scheduled_visit_id", "visitor_ids",
               "arrived_at", "departed_at", "detainees_in_custody")}  # fmt: skip
    minimum |= {"admitted_at": TIME.format("21:12:00"), "detainees": [
        {"outcome": "interviewed"}, {"outcome": "declined"},
        {"outcome": "unavailable", "unavailable_reason": "asleep"}]}  # fmt: skip
    cases = [minimum]
    for admitted in ("21:11:00", "21:15:00", "21:15:01", "21:16:00"):
        late = minimum | {"admitted_at": TIME.format(admitted)}
        cases += [late, late | {"delay": VALID["delay"]}]
    left_out = [("visit_mode", None), ("rating", None), ("juveniles", None),
                ("vulnerable_adults", None), ("rating", "fine"), ("juveniles", 9)]  # fmt: skip
    cases += [minimum | {key: value} for key, value in left_out]
    return cases


def test_the_minimum_report_and_the_delay_grace_are_judged_alike(page: Page):
    cases = contract_cases()
    phone = run_in_browser(page, cases)
    assert phone[0] == {} == normalise(cases[0]).errors  # the example passes
    assert [bool(errors) for errors in phone[1:9]] == [False] * 4 + [True, False, True, False]
    assert [normalise(case).errors for case in cases] == phone


def test_the_phone_form_still_asks_for_the_rating_and_both_numbers(page: Page):
    page.goto("/healthz")
    errors = page.evaluate(
        """async (codes) => {
            const m = await import('/static/js/report-model.js');
            const reference = {user_id: 7, codes, suites: [], co_visitors: [],
                               scheduled_visits: []};
            const form = m.newForm(reference);
            const defaults = {mode: form.visit_mode, juveniles: form.juveniles,
                              vulnerable: form.vulnerable_adults};
            Object.assign(form, {rating: "", juveniles: "", vulnerable_adults: "two"});
            return [defaults, m.buildReport(form, reference).errors];
        }""",
        vocabulary.reference_codes(),
    )
    defaults, found = errors
    assert defaults == {"mode": "in_person", "juveniles": "0", "vulnerable": "0"}
    assert found["rating"] == ["Choose whether the visit was satisfactory or not satisfactory"]
    assert found["juveniles"] == ["Enter the number of juveniles, like 0"]
    assert found["vulnerable_adults"] == ["Enter the number of vulnerable adults, like 0"]


def run_in_browser(page: Page, cases: list) -> list[dict]:
    page.goto("/healthz")
    # One JSON string each way: much faster than Playwright's structured serialisation.
    answer = page.evaluate(
        """async ([cases, codes]) => {
            const { validateReport } = await import('/static/js/validation.js');
            return JSON.stringify(JSON.parse(cases).map((c) => validateReport(c, codes)));
        }""",
        [json.dumps(cases), vocabulary.reference_codes()],
    )
    return json.loads(answer)


def test_phone_and_server_give_identical_errors(page: Page):
    cases = corpus()
    assert len(cases) > 3000
    phone = run_in_browser(page, cases)
    mismatches = [
        (case, server, browser)
        for case, browser in zip(cases, phone, strict=True)
        if (server := normalise(case).errors) != browser
    ]
    assert not mismatches, f"{len(mismatches)} differ; first: {mismatches[0]}"
    # The corpus really exercises the rules: most cases are wrong, in many different ways.
    messages = {m for errors in phone for ms in errors.values() for m in ms}
    assert sum(1 for errors in phone if errors) > len(cases) * 0.8
    assert len(messages) > 60, sorted(messages)
    assert phone[0] == {}


def test_time_parser_matches_python(page: Page):
    samples = ["2019-06-01T21:10:00+01:00", "2019-06-01T21:10:00-05:30", "2019-06-01T21:10Z",
               "2019-06-01 21:10:00+00:00", "2019-06-01T21:10:00.5+01:00",
               "2020-02-29T00:00:00+00:00"]  # fmt: skip
    page.goto("/healthz")
    millis = page.evaluate(
        """async (samples) => {
            const { parseIsoWithOffset } = await import('/static/js/validation.js');
            return samples.map(parseIsoWithOffset);
        }""",
        samples,
    )
    from datetime import datetime

    expected = [int(datetime.fromisoformat(s).timestamp() * 1000) for s in samples]
    assert millis == expected


def test_phone_refuses_a_delay_authorised_below_inspector_as_the_server_does(page: Page):
    cases = [_mutate(VALID, ("delay", "authorised_by_rank"), rank) for rank in RANKS]
    phone = run_in_browser(page, cases)
    refused = [rank for rank, errors in zip(RANKS, phone, strict=True) if errors]
    assert refused == ["Sergeant", "sgt", "Detective", "Inspector Morse", "Custody Sergeant",
                       "PC 123"]  # fmt: skip
    assert phone[0] == {"delay.authorised_by_rank": [RANK_TOO_LOW]}
    assert phone == [normalise(case).errors for case in cases]
    # A phone still holding reference data from before the ranks were sent leaves it to the server.
    older = {key: v for key, v in vocabulary.reference_codes().items()
             if key != "delay_authorising_ranks"}  # fmt: skip
    assert (
        page.evaluate(
            """async ([report, codes]) => {
            const { validateReport } = await import('/static/js/validation.js');
            return validateReport(report, codes);
        }""",
            [cases[0], older],
        )
        == {}
    )
