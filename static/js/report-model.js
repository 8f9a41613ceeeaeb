// The report form's data: a plain object kept as typed (so nothing is ever lost), and its
// conversion into the JSON the server accepts (docs/visit-report-contract.md).
import { checkCodes, holds, isEmpty } from "./validation.js";
import { fill } from "./validation-readers.js";
import { gettext } from "./i18n.js";

const HOUR = 3600 * 1000;
// A time as volunteers type it on the 24-hour clock: "19:05", "19.05", "9:05", or "1905" (a
// phone's number pad may have no colon). Three digits ("905") are refused: typing "2110"
// passes through "211", which must not read as 02:11. The twin of correction_form.TYPED_TIME.
const TYPED_TIME = /^(?:(\d{1,2})[:.]|(\d{2}))(\d{2})$/;
const TIME_ERRORS = {
  arrived_at: [gettext("Enter the time you arrived at the counter, like 21:10"),
    gettext("Time you arrived at the counter must be a real time on the 24-hour clock, like 21:10")],
  departed_at: [gettext("Enter the time you left, like 22:05"),
    gettext("Time you left must be a real time on the 24-hour clock, like 22:05")],
  admitted_at: [gettext("Enter the time you were let in, like 21:12, or say the visit was not completed"),
    gettext("Time you were let in must be a real time on the 24-hour clock, like 21:12")],
}; // prettier-ignore

/** "19:05" for a time typed as TYPED_TIME allows; null for anything else ("7pm", "25:00"). */
export function typedTime(text) {
  const match = TYPED_TIME.exec(String(text ?? "").trim());
  if (!match) return null;
  const hour = Number(match[1] ?? match[2]);
  if (hour > 23 || Number(match[3]) > 59) return null;
  return `${String(hour).padStart(2, "0")}:${match[3]}`;
}

/** A new, empty form; started from a scheduled visit when `visit` is given. */
export function newForm(reference, visit = null, today = new Date()) {
  const conditions = {};
  for (const code of Object.keys(reference.codes.suite_conditions)) {
    conditions[code] = { rating: "not_checked", note: "" };
  }
  const form = {
    format_version: reference.rules.format_version,
    scheduled_visit_id: reference.scheduled_visits.length ? null : "",
    suite_id: "",
    visitor_ids: [],
    trainee_ids: [],
    visit_mode: "in_person",
    visit_date: { day: String(today.getDate()), month: String(today.getMonth() + 1),
      year: String(today.getFullYear()) }, // prettier-ignore
    arrived_at: "",
    admitted_at: "",
    departed_at: "",
    delay: { minutes: "", reason: "", authorised_by_rank: "" },
    not_completed: false,
    not_completed_reason: "",
    detainees_in_custody: "",
    juveniles: "0",
    vulnerable_adults: "0",
    detainees: [],
    conditions,
    conditions_all_fine: false,
    raised_with_sergeant: "",
    sergeant_response: "",
    rating: "",
    positive_findings: "",
    follow_up_needed: false,
    follow_up_note: "",
  };
  if (visit) chooseVisit(form, reference, String(visit.id));
  return form;
}

/** Pick a scheduled visit (or "" for an ad-hoc one): the suite and pair come with it. */
export function chooseVisit(form, reference, visitId) {
  form.scheduled_visit_id = visitId;
  const visit = reference.scheduled_visits.find((item) => String(item.id) === visitId);
  if (visit) {
    form.suite_id = String(visit.suite_id);
    form.visitor_ids = visit.co_visitors.map((person) => String(person.id));
  }
}

export function newPerson(outcome = "", reason = "") {
  return { custody_number: "", outcome, unavailable_reason: reason, unavailable_other: "",
    checks: {}, checklist_all_fine: false, exceptions: [], allegation: "", issues_raised: "",
    action_taken: "", raised_with_staff: false, follow_up: false }; // prettier-ignore
}

/** The people-in-custody tally shown while typing. */
export function headcount(form) {
  const tally = { interviewed: 0, declined: 0, unavailable: 0 };
  for (const row of form.detainees) if (row.outcome in tally) tally[row.outcome] += 1;
  const total = wholeNumber(form.detainees_in_custody);
  const accounted = tally.interviewed + tally.declined + tally.unavailable;
  return { ...tally, total, accounted, rows: form.detainees.length };
}

export function headcountText(form) {
  const c = headcount(form);
  const outcomes = gettext("{interviewed} interviewed, {declined} declined, {unavailable} unavailable", c);
  if (c.total === null) return gettext("Enter the number of people in custody. {rows} added so far.", c);
  if (c.rows > c.total) {
    const extra = c.rows - c.total;
    return gettext("{rows} people added but {total} in custody: remove {extra} or change the number.", { ...c, extra });
  }
  return gettext("{accounted} of {total} people accounted for: {outcomes}", { ...c, outcomes });
}

/** The visit date and a typed time ("21:10", "2110"), as a local Date; null when incomplete. */
function localTime(date, typed) {
  const hhmm = typedTime(typed);
  if (!date || !hhmm) return null;
  const [hour, minute] = hhmm.split(":").map(Number);
  return new Date(date.year, date.month - 1, date.day, hour, minute);
}

/** Times before arrival by more than 12 hours are taken to be after midnight. */
function afterArrival(arrived, moment) {
  if (arrived && moment && arrived - moment > 12 * HOUR) {
    return new Date(moment.getFullYear(), moment.getMonth(), moment.getDate() + 1,
      moment.getHours(), moment.getMinutes()); // prettier-ignore
  }
  return moment;
}

/** "2019-06-01T21:10:00+01:00": the phone's own offset on that date. */
export function isoWithOffset(moment) {
  const pad = (n) => String(Math.abs(n)).padStart(2, "0");
  const offset = -moment.getTimezoneOffset();
  const sign = offset < 0 ? "-" : "+";
  return `${moment.getFullYear()}-${pad(moment.getMonth() + 1)}-${pad(moment.getDate())}` +
    `T${pad(moment.getHours())}:${pad(moment.getMinutes())}:00` +
    `${sign}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`; // prettier-ignore
}

function readDate(parts, errors) {
  const [day, month, year] = [parts.day, parts.month, parts.year].map((v) => String(v || "").trim());
  if (!day || !month || !year) {
    errors.visit_date = [gettext("Enter the date of the visit, like 1 6 2019")];
    return null;
  }
  const numbers = [day, month, year].map((v) => (/^\d+$/.test(v) ? Number(v) : NaN));
  const [d, m, y] = numbers;
  const real = new Date(y, m - 1, d);
  if (numbers.some(Number.isNaN) || y < 2000 || real.getDate() !== d || real.getMonth() !== m - 1) {
    errors.visit_date = [gettext("Date of the visit must be a real date, like 1 6 2019")];
    return null;
  }
  return { day: d, month: m, year: y };
}

function wholeNumber(value) {
  const text = String(value ?? "").trim();
  return /^\d+$/.test(text) ? Number(text) : null;
}

/** Minutes let in after arriving, when that is a delay (longer than the served grace). */
export function delayExpected(form, rules) {
  const date = { day: 1, month: 1, year: 2001 }; // only the difference matters here
  const arrived = localTime(date, form.arrived_at);
  const admitted = afterArrival(arrived, localTime(date, form.admitted_at));
  const minutes = arrived && admitted ? Math.round((admitted - arrived) / 60000) : 0;
  return minutes > rules.delay_grace_minutes ? minutes : 0; // a moment at the counter is no delay
}

/**
 * The report JSON for a form, and the errors only the form can have (a missing date or
 * time); every other rule is checked by validation.js on the result, as on the server.
 */
export function buildReport(form, reference) {
  const errors = {};
  const date = readDate(form.visit_date, errors);
  const me = reference.user_id;
  const visitorIds = [me, ...form.visitor_ids.map(Number).filter((id) => id !== me)];
  const arrived = localTime(date, form.arrived_at);
  const admitted = afterArrival(arrived, localTime(date, form.admitted_at));
  const departed = afterArrival(arrived, localTime(date, form.departed_at));
  if (date) timeErrors(form, errors);
  if (form.scheduled_visit_id === null) {
    errors.scheduled_visit_id = [gettext("Choose which visit this report is for")];
  }
  askForWhatTheServerMayGoWithout(form, errors, reference.rules);
  const delayed = delayExpected(form, reference.rules) > 0;
  const report = {
    // A draft from before drafts said their format is format 1 (drafts.js migrates them).
    format_version: form.format_version ?? 1,
    suite_id: wholeNumber(form.suite_id),
    scheduled_visit_id: form.scheduled_visit_id ? Number(form.scheduled_visit_id) : null,
    visitor_ids: visitorIds,
    trainee_ids: form.trainee_ids.map(Number).filter((id) => visitorIds.includes(id)),
    visit_mode: form.visit_mode || null,
    arrived_at: arrived ? isoWithOffset(arrived) : null,
    admitted_at: admitted ? isoWithOffset(admitted) : null,
    departed_at: departed ? isoWithOffset(departed) : null,
    delay: delayed ? buildDelay(form.delay) : null,
    not_completed_reason: form.not_completed ? form.not_completed_reason : "",
    detainees_in_custody: wholeNumber(form.detainees_in_custody),
    juveniles: wholeNumber(form.juveniles),
    vulnerable_adults: wholeNumber(form.vulnerable_adults),
    detainees: form.detainees.map((row) => buildRow(row, reference, form.format_version ?? 1, atTactSuite(form, reference))),
    conditions: form.conditions,
    raised_with_sergeant: form.raised_with_sergeant,
    sergeant_response: form.sergeant_response,
    rating: form.rating || null,
    positive_findings: form.positive_findings,
    follow_up_needed: Boolean(form.follow_up_needed),
    follow_up_note: form.follow_up_needed ? form.follow_up_note : "",
  };
  return { report, errors, timesUnknown: !date };
}

/** A time left empty (admitted_at may be, when the visit was not completed) or unreadable. */
function timeErrors(form, errors) {
  for (const [key, [missing, unreadable]] of Object.entries(TIME_ERRORS)) {
    const typed = String(form[key] ?? "").trim();
    if (typed && !typedTime(typed)) errors[key] = [unreadable];
    else if (!typed && !(key === "admitted_at" && form.not_completed)) errors[key] = [missing];
  }
}

/**
 * The server takes a report without a rating or these two numbers (not given / not
 * recorded), but the form asks for them: its defaults (0, 0) are there to be confirmed.
 */
function askForWhatTheServerMayGoWithout(form, errors, { messages, counts }) {
  if (!messages) return; // rules kept from an older version: the server's own checks still hold
  if (!form.rating) errors.rating = [messages.rating];
  for (const [key, label] of Object.entries(counts)) {
    if (wholeNumber(form[key]) === null) {
      errors[key] = [fill(messages.count_missing, { what: label.toLowerCase() })];
    }
  }
}

function buildDelay(delay) {
  return { minutes: wholeNumber(delay.minutes), reason: delay.reason,
    authorised_by_rank: delay.authorised_by_rank }; // prettier-ignore
}

/** "All asked, all fine" answers every question yes but the exceptions ticked; without
 * it, each question's own answer (a draft made before that tick existed has none). */
export function checkAnswer(row, code) {
  if (row.checklist_all_fine) return (row.exceptions || []).includes(code) ? "no" : "yes";
  return row.checks[code] || "not_asked";
}

/** Only the fields that apply to the outcome, so a changed mind leaves nothing behind. */
function buildRow(row, { codes, rules }, format, tactSuite) {
  const clean = { custody_number: row.custody_number, outcome: row.outcome || null };
  if (row.outcome === "unavailable") {
    clean.unavailable_reason = row.unavailable_reason || null;
    if (row.unavailable_reason === "other") clean.unavailable_other = row.unavailable_other;
  }
  if (row.outcome === "interviewed") {
    clean.checks = {};
    for (const code of checkCodes(codes)) clean.checks[code] = checkAnswer(row, code);
    for (const key of ["allegation", "issues_raised", "action_taken"]) clean[key] = row[key];
    clean.raised_with_staff = Boolean(row.raised_with_staff);
  }
  clean.follow_up = Boolean(row.follow_up);
  return format >= 2 ? { ...clean, ...personAnswers(row, rules, tactSuite).answers } : clean;
}

/** Whether the form's suite is designated for people held under TACT. */
export function atTactSuite(form, reference) {
  return (reference.suites ?? []).some((suite) => String(suite.id) === String(form.suite_id) && suite.tact_designated === true);
}

// The form keeps a yes/no answer as its radio's value; the report as true, false or null.
const ANSWERS = {
  flag: (value) => ({ true: true, false: false })[String(value)] ?? null,
  code: (value) => value || null,
  text: (value) => value ?? "",
  findings: (value) => Object.fromEntries(Object.entries(value ?? {}).filter(([, answer]) => answer)),
};

/**
 * Format 2's answers about a person (rules.person_fields, in the declared order) and the
 * names of the questions that apply: those asked of everyone (at a TACT-designated suite,
 * whether they are held under TACT too), the rest for someone interviewed, each as far as its declared rules allow. An answer to a question that no
 * longer applies stays in the draft but is not sent.
 */
export function personAnswers(row, rules, tactSuite = false) {
  const everyone = [...(rules.person_fields_asked_of_everyone ?? []),
    ...(tactSuite ? rules.person_fields_asked_of_everyone_at_tact_suites ?? [] : [])]; // prettier-ignore
  const answers = {};
  const shown = new Set();
  for (const field of rules.person_fields ?? []) {
    const asked = everyone.includes(field.name) || row.outcome === "interviewed";
    if (!asked || !applies(field, { outcome: row.outcome || null, ...answers })) continue;
    shown.add(field.name);
    const value = ANSWERS[field.kind](row[field.name]);
    if (!isEmpty(value)) answers[field.name] = value;
  }
  return { answers, shown };
}

/** A question the server fills in where its rule holds ("equals" with "fill") is asked only
 * where it does not; one allowed "only_when" something holds, or needed when it holds, only
 * then; one with no rules, always. */
function applies(field, person) {
  const filled = field.rules.find((rule) => rule.fill);
  if (filled) return !holds(filled.when, person);
  const gate = field.rules.find((rule) => rule.check === "only_when") ?? field.rules[0];
  return !gate || holds(gate.when, person);
}
