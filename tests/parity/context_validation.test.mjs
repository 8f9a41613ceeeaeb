// validateContext, fed the reference data the server serves (GET /api/v1/reference), gives the
// server's messages for the rules it checks against the database: run by
// test_report_rules_parity.py, which writes the reference, bodies and the server's answers to
// the file ICV_PARITY_CONTEXT_FILE names.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { validateContext } from "../../static/js/validation.js";

const file = process.env.ICV_PARITY_CONTEXT_FILE;
const expected = file ? JSON.parse(readFileSync(file, "utf8")) : null;

test("the server's answers are there to compare", () => {
  assert.ok(file, "run through tests/parity/test_report_rules_parity.py (it writes them)");
  assert.ok(expected.cases.length > 3);
});

for (const { name, report, errors } of expected?.cases ?? []) {
  test(`same context messages as the server: ${name}`, () => {
    assert.deepEqual(validateContext(report, expected.reference), errors);
  });
}
