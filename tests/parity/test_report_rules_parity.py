"""The phone judges a report exactly as the server does, with no browser: every case in
report_cases.json (and random mixes of its faults) goes through normalise() here, and the
same bodies with the served rules (machine_rules()) go through validation.js under Node's own
test runner (report_validation.test.mjs), which compares every message of every field path.
"""

from __future__ import annotations

import copy
import json
import os
import random
import re
import shutil
import subprocess
from datetime import date, datetime, timedelta
from pathlib import Path

from icv.extensions import db
from icv.models import TACT_COURSE, TrainingRecord
from icv.sync.reference import reference_data
from icv.visits import vocabulary
from icv.visits.validation import MESSAGES, machine_rules, normalise, validate_report

HERE = Path(__file__).parent
CASES = json.loads((HERE / "report_cases.json").read_text())
MISSING = {"$missing": True}
# Checked against the database on the server and against the reference data on the phone
# (validateContext), not by normalise().
CONTEXT_MESSAGES = {"suite_forbidden", "visitor_not_in_panel", "include_yourself",
                    "visit_not_for_suite", "visitor_not_tact_trained"}  # fmt: skip


# Times with an offset as the phone reads them (validation-readers.js parseIsoWithOffset).
TIMES = ["2019-06-01T21:10:00+01:00", "2019-06-01T21:10:00-05:30", "2019-06-01T21:10Z",
         "2019-06-01 21:10:00+00:00", "2019-06-01T21:10:00.5+01:00",
         "2020-02-29T00:00:00+00:00"]  # fmt: skip


def mutate(report: dict, path: list, value) -> dict:
    """`report` with the value at `path` set (or removed, for MISSING), if that path exists."""
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
            if value == MISSING:
                del target[last]
            else:
                target[last] = value
        elif value != MISSING:
            target.append(value)
    elif value == MISSING:
        target.pop(last, None)
    else:
        target[last] = value
    return report


def corpus() -> list[dict]:
    """Named report bodies: each base, each path of it set to each value, whole cases, mixes."""
    cases = []
    for base_name, base in CASES["bases"].items():
        cases.append({"name": base_name, "report": base})
        values = CASES["values"] if base_name == "v1" else CASES["v2_values"]
        for path in CASES["paths"][base_name]:
            tried = list(values)
            if path[-1] in CASES["text_keys"] or base_name == "v2":
                tried += CASES["texts"]
            if path[-1] == "authorised_by_rank":
                tried += CASES["ranks"]
            name = f"{base_name} {'.'.join(map(str, path))}"
            cases += [{"name": name, "report": mutate(base, path, value)} for value in tried]
    cases += CASES["cases"]
    rng = random.Random(20190601)
    paths = CASES["paths"]["v1"]
    for number in range(400):  # mixes of several faults at once
        report = CASES["bases"]["v1"]
        for _ in range(rng.randint(2, 5)):
            report = mutate(report, rng.choice(paths), rng.choice(CASES["values"]))
        cases.append({"name": f"mix {number}", "report": report})
    return cases


def run_node(test_file: str, variable: str, path: Path) -> subprocess.CompletedProcess:
    node = shutil.which("node")
    assert node, "Node.js 20 or later is needed for the parity test (node --test)"
    return subprocess.run(  # noqa: S603 (our own test file, no shell)
        [node, "--test", "--test-reporter=dot", str(HERE / test_file)],
        capture_output=True, text=True, env=os.environ | {variable: str(path)}, timeout=120,
    )  # fmt: skip


def served_templates(rules: dict) -> dict[str, str]:
    """Every message template the rules declare: by name, and each person field's own."""
    templates = dict(MESSAGES)
    for field in rules.get("person_fields", []):
        for key in ("invalid", "unknown_code", "invalid_answer"):
            if key in field:
                templates[f"{field['name']} {key}"] = field[key]
        for rule in field["rules"]:
            templates[f"{field['name']} {rule['check']}"] = rule["message"]
    return templates


def _template_pattern(template: str) -> re.Pattern:
    parts = re.split(r"\{\w+\}", template)
    return re.compile(".+".join(map(re.escape, parts)), re.S)


def test_validation_js_gives_the_servers_messages_for_every_case(tmp_path: Path):
    cases = corpus()
    for case in cases:
        case["errors"] = normalise(case["report"]).errors
    expected = tmp_path / "expected.json"
    served = {"rules": machine_rules(), "codes": vocabulary.reference_codes()}
    times = [[moment, int(datetime.fromisoformat(moment).timestamp() * 1000)] for moment in TIMES]
    expected.write_text(json.dumps({**served, "cases": cases, "times": times}))

    run = run_node("report_validation.test.mjs", "ICV_PARITY_FILE", expected)
    assert run.returncode == 0, f"validation.js differs from the server:\n{run.stdout}{run.stderr}"

    # The cases really exercise the rules: most are wrong, and every message is met.
    found = {m for case in cases for ms in case["errors"].values() for m in ms}
    assert sum(1 for case in cases if case["errors"]) > len(cases) * 0.8
    unmet = [
        name
        for name, template in served_templates(served["rules"]).items()
        if name not in CONTEXT_MESSAGES
        # A part of other messages ("Enter the arrival time") is met inside them.
        and not any(_template_pattern(template).search(message) for message in found)
    ]
    assert not unmet, f"no case fails with these messages: {unmet}"


def test_only_an_inspector_or_above_may_authorise_a_delay():
    base = CASES["bases"]["v1"]
    path = ["delay", "authorised_by_rank"]
    refused = [rank for rank in CASES["ranks"] if normalise(mutate(base, path, rank)).errors]
    assert refused == ["Sergeant", "sgt", "Detective", "Inspector Morse", "Custody Sergeant",
                       "PC 123"]  # fmt: skip


def test_the_phone_refuses_a_tact_report_offline_as_the_server_does(
    tmp_path: Path, make_suite, make_user
):
    """Someone held under TACT: the server (validate_report, against the database) and the
    phone (validateContext, against the reference data it was served) refuse the same
    visitors: training valid on the visit's day (UK time), not expired, not yet begun."""
    suite = make_suite(name="Charing Cross")
    me = make_user(panel=suite.panel, name="Ann Trained")
    other = make_user(panel=suite.panel, name="Bo Lapsed")
    train(me, date(2019, 4, 1), None)
    train(other, date(2018, 1, 1), date(2019, 6, 2))  # valid to 1 June 2019 inclusive
    train(other, date(2019, 6, 20), date(2022, 6, 20))
    base = {**copy.deepcopy(CASES["bases"]["v2_tact"]), "suite_id": suite.id,
            "visitor_ids": [me.id, other.id], "trainee_ids": [],
            "scheduled_visit_id": None}  # fmt: skip
    cases = []
    for name, arrived, held in [
        ("valid to that day", "2019-06-01T21:10:00+01:00", True),
        ("lapsed the day before (UK time)", "2019-06-02T00:10:00+01:00", True),
        ("23:10 UTC is the next day in the UK", "2019-06-01T23:10:00+00:00", True),
        ("22:50 UTC is still that day in the UK", "2019-06-01T22:50:00+00:00", True),
        ("between two trainings", "2019-06-10T21:10:00+01:00", True),
        ("no one held under TACT", "2019-06-10T21:10:00+01:00", False),
        ("trained again", "2019-06-20T10:00:00+01:00", True),
    ]:
        departed = datetime.fromisoformat(arrived) + timedelta(hours=1)
        report = {
            **base,
            "arrived_at": arrived,
            "admitted_at": None,
            "delay": None,
            "departed_at": departed.isoformat(),
            "not_completed_reason": "Refused",
        }
        report["detainees"] = [dict(person) for person in base["detainees"]]
        if not held:
            for person in report["detainees"]:
                for key in [k for k in person if k.startswith("tact_") or k == "held_under_tact"]:
                    del person[key]
        checked = validate_report(report, me)
        cases.append({"name": name, "report": report, "errors": checked.errors})
    refused = [case["name"] for case in cases if case["errors"]]
    assert refused == ["lapsed the day before (UK time)", "23:10 UTC is the next day in the UK",
                       "between two trainings"]  # fmt: skip
    assert cases[1]["errors"] == {"visitor_ids.1": [MESSAGES["visitor_not_tact_trained"].format(
        visitor="Bo Lapsed")]}  # fmt: skip

    served = tmp_path / "context.json"
    served.write_text(json.dumps({"reference": reference_data(me), "cases": cases}))
    run = run_node("context_validation.test.mjs", "ICV_PARITY_CONTEXT_FILE", served)
    assert run.returncode == 0, (
        f"validateContext differs from the server:\n{run.stdout}{run.stderr}"
    )


def train(user, completed_on: date, expires_on: date | None) -> None:
    user.trainings.append(TrainingRecord(course_code=TACT_COURSE, completed_on=completed_on,
                                         expires_on=expires_on))  # fmt: skip
    db.session.commit()
