// validation.js, fed the rules the server serves, gives the server's messages for every
// case: run by test_report_rules_parity.py, which writes the cases and the server's answers
// to the file ICV_PARITY_FILE names (node --test; no browser).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { upgradeForm } from "../../static/js/draft-format.js";
import { buildReport, newForm } from "../../static/js/report-model.js";
import { parseIsoWithOffset, validateReport } from "../../static/js/validation.js";

const file = process.env.ICV_PARITY_FILE;
const expected = file ? JSON.parse(readFileSync(file, "utf8")) : null;
const reference = expected && { rules: expected.rules, codes: expected.codes };

/** The cases, grouped by name ("v1 delay.minutes"), in the order they come. */
function groups(cases) {
  const byName = new Map();
  for (const item of cases) byName.set(item.name, [...(byName.get(item.name) ?? []), item]);
  return byName;
}

test("the server's answers are there to compare", () => {
  assert.ok(file, "run through tests/parity/test_report_rules_parity.py (it writes them)");
  assert.ok(expected.cases.length > 3000);
});

for (const [name, cases] of groups(expected?.cases ?? [])) {
  test(`same messages as the server: ${name}`, () => {
    for (const { report, errors } of cases) {
      const phone = validateReport(report, reference);
      assert.deepEqual(phone, errors, `for ${JSON.stringify(report).slice(0, 400)}`);
    }
  });
}

test("times with an offset are read as Python reads them", () => {
  for (const [moment, millis] of expected.times) assert.equal(parseIsoWithOffset(moment), millis, moment);
});

test("a reference kept from before the rules had their messages leaves checking to the server", () => {
  const { messages, ...older } = reference.rules;
  assert.deepEqual(validateReport({ rating: "bad" }, { codes: reference.codes, rules: older }), {});
});

test("the form still builds a report to queue from a reference kept by an older version", () => {
  // Rules as served before they carried their messages: the form must not fail on sending.
  const { format_version, delay_grace_minutes } = reference.rules;
  const older = { user_id: 7, codes: reference.codes, rules: { format_version, delay_grace_minutes },
    suites: [], volunteers: [], scheduled_visits: [] }; // prettier-ignore
  const form = newForm(older, null, new Date(2019, 5, 1));
  Object.assign(form, { arrived_at: "21:10", admitted_at: "21:30", departed_at: "22:05" });
  const built = buildReport(form, older);
  assert.equal(built.report.format_version, format_version);
  assert.equal(built.report.delay.minutes, null); // a 20-minute wait asks for the delay
  assert.deepEqual(validateReport(built.report, older), {});
});

test("a reference kept from before the ranks were sent does not judge the rank", () => {
  const { delay_authorising_ranks: ranks, ...codes } = reference.codes;
  const report = structuredClone(expected.cases[0].report);
  report.delay = { minutes: 20, reason: "Cell incident", authorised_by_rank: "Sergeant" };
  assert.ok(validateReport(report, reference)["delay.authorised_by_rank"]);
  assert.deepEqual(validateReport(report, { codes, rules: reference.rules }), {});
});

test("a draft's form is brought up to the format the server asks for, once", () => {
  const before = { visit_mode: "in_person", detainees: [{ outcome: "declined" }] };
  const unversioned = structuredClone(before);
  assert.equal(upgradeForm(unversioned, 1), true); // a draft from before drafts had a format
  assert.deepEqual(unversioned, { ...before, format_version: 1 });
  assert.equal(upgradeForm(unversioned, 1), false);
  assert.equal(upgradeForm(unversioned, 2), true); // format 2's new fields are all optional
  assert.deepEqual(unversioned, { ...before, format_version: 2 });
  assert.equal(upgradeForm(unversioned, 2), false);
  const old = structuredClone(before);
  upgradeForm(old, 2);
  assert.deepEqual(old, { ...before, format_version: 2 });
  // An app that knows no step to format 3 yet leaves the draft at the newest it knows.
  assert.equal(upgradeForm(old, 3), false);
  assert.equal(old.format_version, 2);
});
