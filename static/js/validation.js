// The server's visit report rules (icv/visits/validation.py, normalise()), with the same
// messages and JSON-path keys, so errors show on the phone with no signal. The server checks
// everything again; tests/browser/test_offline_validation.py keeps the two in step.

import {
  has, get, isObject, truthy, isInt, rejectUnknown, readInt, idList, choice, text, bool, time,
  LIMITS, parseIsoWithOffset,
} from "./validation-readers.js";

export { LIMITS, parseIsoWithOffset };

export const FORMAT_VERSION = 1;
const TOP_FIELDS = new Set(["format_version", "suite_id", "scheduled_visit_id", "visitor_ids",
  "trainee_ids", "visit_mode", "arrived_at", "admitted_at", "departed_at", "delay",
  "not_completed_reason", "detainees_in_custody", "juveniles", "vulnerable_adults", "detainees",
  "conditions", "raised_with_sergeant", "sergeant_response", "rating", "positive_findings",
  "follow_up_needed", "follow_up_note"]); // prettier-ignore
const ROW_FIELDS = new Set(["custody_number", "outcome", "unavailable_reason",
  "unavailable_other", "checks", "allegation", "issues_raised", "action_taken",
  "raised_with_staff", "follow_up"]); // prettier-ignore
const INTERVIEW_ONLY = ["allegation", "issues_raised", "action_taken"];
export const RATINGS = { satisfactory: "Satisfactory", unsatisfactory: "Not satisfactory" };
export const DELAY_REQUIRED = {
  minutes: "Enter how many minutes you were kept waiting at the door, like 15",
  reason: "Enter the reason given for the delay at the door",
  authorised_by_rank: "Enter the rank of the officer who authorised the delay, like Inspector",
};
const RANK_TOO_LOW = "Only an inspector or above may authorise a delay: enter their rank, " +
  "like Inspector, Chief Inspector or Superintendent"; // prettier-ignore
const HOUR = 3600 * 1000;
// Being let in this soon after arriving is signing in at the counter, not a delay at the door
// (DELAY_GRACE_MINUTES in icv/visits/validation.py).
export const DELAY_GRACE_MINUTES = 5;
const DEFAULT_VISIT_MODE = "in_person"; // when a report leaves visit_mode out

class Checked {
  constructor() {
    this.errors = {};
  }
  add(path, message) {
    (this.errors[path] = this.errors[path] || []).push(message);
  }
  has(path) {
    return Object.hasOwn(this.errors, path);
  }
}

/**
 * Check a report body the way the server does before it looks at the database.
 * `codes` is the vocabulary (GET /api/v1/reference "codes"); returns {path: [messages]}.
 */
export function validateReport(data, codes, now = Date.now()) {
  const checked = new Checked();
  if (!isObject(data)) {
    checked.add("", "Send the report as a JSON object");
    return checked.errors;
  }
  rejectUnknown(data, TOP_FIELDS, "", checked);
  const version = has(data, "format_version") ? data.format_version : FORMAT_VERSION;
  if (version !== FORMAT_VERSION && version !== true) {
    checked.add("format_version", `Report format ${FORMAT_VERSION} is the only one accepted`);
  }
  readInt(data, "suite_id", checked, "Choose the custody suite you visited");
  readInt(data, "scheduled_visit_id", checked, "Scheduled visit must be a visit id or null", true);
  people(data, checked);
  choice(get(data, "visit_mode") ?? DEFAULT_VISIT_MODE, codes.visit_modes, "visit_mode", checked,
    "Choose how the visit was made: in person or remote"); // prettier-ignore
  const admittedParsed = times(data, checked, now, codes);
  const notCompleted = text(data, "not_completed_reason", checked);
  if (admittedParsed === null && !notCompleted) {
    checked.add("not_completed_reason", "Say why the visit was not completed or access refused");
  }
  headcount(data, checked, codes);
  conditions(get(data, "conditions"), checked, codes);
  for (const key of ["raised_with_sergeant", "sergeant_response", "positive_findings"]) {
    text(data, key, checked);
  }
  if (get(data, "rating") !== null) { // absent or null: no rating given
    choice(get(data, "rating"), RATINGS, "rating", checked,
      "Choose whether the visit was satisfactory or not satisfactory"); // prettier-ignore
  }
  const followUp = bool(data, "follow_up_needed", checked);
  if (!text(data, "follow_up_note", checked) && followUp) {
    checked.add("follow_up_note", "Say what needs following up");
  }
  return checked.errors;
}

// --- people and times -------------------------------------------------------------------

function people(data, checked) {
  const visitors = idList(get(data, "visitor_ids"), "visitor_ids", "visitors", checked);
  const trainees = idList(truthy(get(data, "trainee_ids")) ? data.trainee_ids : [],
    "trainee_ids", "trainees", checked); // prettier-ignore
  if (new Set(visitors).size !== visitors.length) {
    checked.add("visitor_ids", "List each visitor only once");
  }
  if (!checked.has("visitor_ids") && visitors.length < 2) {
    checked.add("visitor_ids", "Choose at least two visitors: visits are made in pairs");
  }
  trainees.forEach((trainee, index) => {
    if (!visitors.includes(trainee)) {
      checked.add(`trainee_ids.${index}`, "A trainee must also be one of the visitors");
    }
  });
  if (visitors.length && visitors.every((id) => trainees.includes(id))) {
    checked.add("trainee_ids", "At least one visitor must not be a trainee");
  }
}

/** Returns the admitted time (null when none was given, undefined when it was invalid). */
function times(data, checked, now, codes) {
  const arrived = time(data, "arrived_at", checked, "Enter the arrival time");
  const admitted = time(data, "admitted_at", checked, "Enter the time admitted", true);
  const departed = time(data, "departed_at", checked, "Enter the departure time");
  const delay = readDelay(get(data, "delay"), checked, codes);
  if (arrived && departed) {
    if (departed <= arrived) {
      checked.add("departed_at", "Departure time must be after arrival time");
    } else if (departed - arrived > LIMITS.visit_hours * HOUR) {
      checked.add("departed_at", "Departure time must be within 24 hours of arrival time");
    }
  }
  if (arrived && admitted) {
    if (admitted < arrived) {
      checked.add("admitted_at", "Time admitted must be the same as or after arrival time");
    } else if (departed && admitted > departed && !checked.has("departed_at")) {
      checked.add("admitted_at", "Time admitted must be before departure time");
    } else if (admitted - arrived > DELAY_GRACE_MINUTES * 60000 && delay === null &&
      !checked.has("delay")) {
      for (const [key, message] of Object.entries(DELAY_REQUIRED)) {
        checked.add(`delay.${key}`, message);
      }
    } else if (admitted === arrived && delay !== null) {
      checked.add("admitted_at", "Time admitted must be after arrival time if you were delayed");
    }
  }
  if (arrived && arrived > now + 24 * HOUR) {
    checked.add("arrived_at", "Arrival time must not be in the future");
  }
  return admitted;
}

function readDelay(delay, checked, codes) {
  if (delay === null || delay === undefined) return null;
  if (!isObject(delay)) {
    checked.add("delay", "Give the delay as minutes, reason and authorising rank, or null");
    return null;
  }
  rejectUnknown(delay, new Set(Object.keys(DELAY_REQUIRED)), "delay.", checked);
  const empty = (value) => value == null || value === "" || value === 0 || value === false;
  if (Object.keys(DELAY_REQUIRED).every((key) => empty(delay[key]))) return null;
  const minutes = readInt(delay, "minutes", checked, DELAY_REQUIRED.minutes, false, "delay.");
  if (minutes !== null && !(minutes >= 1 && minutes <= LIMITS.delay_minutes)) {
    checked.add("delay.minutes", "Delay must be between 1 and 1440 minutes");
  }
  for (const key of ["reason", "authorised_by_rank"]) {
    if (!text(delay, key, checked, "delay.")) checked.add(`delay.${key}`, DELAY_REQUIRED[key]);
  }
  const rank = text(delay, "authorised_by_rank", new Checked());
  // A reference cached before the ranks were sent lacks them: the server still checks.
  if (rank && codes.delay_authorising_ranks && !authorisingRank(rank, codes)) {
    checked.add("delay.authorised_by_rank", RANK_TOO_LOW);
  }
  return delay;
}

/** The qualifying rank a typed rank names ("det. insp" is Inspector), as authorising_rank. */
function authorisingRank(typed, codes) {
  let words = typed.replace(/[./]/g, " ").toLowerCase().split(/\s+/).filter(Boolean);
  if (["detective", "det"].includes(words[0])) words = words.slice(1);
  const wanted = words.join(" ");
  for (const [rank, shortenings] of Object.entries(codes.delay_authorising_ranks)) {
    if ([rank, ...shortenings].some((name) => name.toLowerCase() === wanted)) return rank;
  }
  return null;
}

// --- headcount and rows -----------------------------------------------------------------

function headcount(data, checked, codes) {
  let count = readInt(data, "detainees_in_custody", checked,
    "Enter the number of people in custody, like 12"); // prettier-ignore
  if (count !== null && !(count >= 0 && count <= LIMITS.detainees)) {
    checked.add("detainees_in_custody", "Number of people in custody must be 0 to 500");
    count = null;
  }
  for (const [key, label] of [["juveniles", "Juveniles"], ["vulnerable_adults", "Vulnerable adults"]]) {
    // Absent or null: not recorded (the figures add up only the numbers recorded).
    const number = readInt(data, key, checked, `Enter the number of ${label.toLowerCase()}, like 0`,
      true); // prettier-ignore
    if (number !== null && number < 0) {
      checked.add(key, `${label} must be 0 or more`);
    } else if (number !== null && count !== null && number > count) {
      checked.add(key, `${label} must be no more than the people in custody (${count})`);
    }
  }
  let rows = get(data, "detainees");
  if (!Array.isArray(rows)) {
    checked.add("detainees", "Give the people in custody as a list, one row per person");
    rows = [];
  }
  rows.forEach((row, index) => detaineeRow(row, index, checked, codes));
  if (count !== null && rows.length !== count) {
    checked.add("detainees",
      `Add a row for every person in custody: ${count} in custody but ${rows.length} rows`); // prettier-ignore
  }
}

function detaineeRow(row, index, checked, codes) {
  const path = `detainees.${index}.`;
  const person = `person ${index + 1}`;
  if (!isObject(row)) {
    checked.add(path.slice(0, -1), `Give ${person} as an object with an outcome`);
    return;
  }
  rejectUnknown(row, ROW_FIELDS, path, checked);
  const outcome = choice(get(row, "outcome"), codes.outcomes, path + "outcome", checked,
    `Choose interviewed, declined or unavailable for ${person}`); // prettier-ignore
  text(row, "custody_number", checked, path);
  const reason = get(row, "unavailable_reason");
  let cleanReason = null;
  if (outcome === "unavailable") {
    cleanReason = choice(reason, codes.unavailable_reasons, path + "unavailable_reason", checked,
      `Choose why ${person} was unavailable`); // prettier-ignore
  } else if (!(reason == null || reason === "")) {
    checked.add(path + "unavailable_reason", "Only give a reason for someone unavailable");
  }
  const other = text(row, "unavailable_other", checked, path);
  if (cleanReason === "other" && !other) {
    checked.add(path + "unavailable_other", `Describe why ${person} was unavailable`);
  } else if (cleanReason !== "other" && other) {
    checked.add(path + "unavailable_other", "Only describe a reason when you chose other");
  }
  const interviewed = outcome === "interviewed";
  interviewChecks(get(row, "checks"), interviewed, path, checked, codes);
  for (const key of INTERVIEW_ONLY) {
    if (text(row, key, checked, path) && !interviewed) {
      checked.add(path + key, "Only record this for someone who was interviewed");
    }
  }
  if (bool(row, "raised_with_staff", checked, path) && !interviewed) {
    checked.add(path + "raised_with_staff", "Only record this for someone who was interviewed");
  }
  bool(row, "follow_up", checked, path);
}

function interviewChecks(checks, interviewed, path, checked, codes) {
  const known = checkCodes(codes);
  if (checks == null || (isObject(checks) && Object.keys(checks).length === 0)) {
    checks = {};
  } else if (!isObject(checks)) {
    checked.add(path + "checks", "Give the checklist as an object of item: answer");
    return;
  } else if (!interviewed) {
    checked.add(path + "checks", "Only fill in the checklist for someone who was interviewed");
    return;
  }
  for (const code of Object.keys(checks)) {
    if (!known.includes(code)) checked.add(`${path}checks.${code}`, `Unknown checklist item '${code}'`);
  }
  if (!interviewed) return;
  for (const code of [...known].sort()) {
    const answer = has(checks, code) ? checks[code] : "not_asked";
    choice(answer, codes.check_answers, `${path}checks.${code}`, checked, "Answer yes, no or not asked");
  }
}

export function checkCodes(codes) {
  return Object.values(codes.interview_checks).flatMap((group) => Object.keys(group));
}

function conditions(value, checked, codes) {
  if (value === null || value === undefined) value = {};
  if (!isObject(value)) {
    checked.add("conditions", "Give the suite conditions as an object of item: rating");
    return;
  }
  for (const code of Object.keys(value)) {
    if (!has(codes.suite_conditions, code)) {
      checked.add(`conditions.${code}`, `Unknown suite condition '${code}'`);
    }
  }
  for (const [code, label] of Object.entries(codes.suite_conditions)) {
    const item = truthy(value[code]) && has(value, code) ? value[code] : {};
    const path = `conditions.${code}.`;
    if (!isObject(item)) {
      checked.add(path.slice(0, -1), `Give ${label} as a rating and a note`);
      continue;
    }
    rejectUnknown(item, new Set(["rating", "note"]), path, checked);
    const rating = has(item, "rating") ? item.rating : "not_checked";
    choice(rating, codes.condition_ratings, path + "rating", checked,
      `Choose fine, concern or not checked for ${label.split(" (")[0]}`); // prettier-ignore
    text(item, "note", checked, path);
  }
}

/**
 * The server's checks against the database that the phone can make from its reference data
 * (GET /api/v1/reference): the suite, the visitors' panel, yourself, the scheduled visit.
 */
export function validateContext(report, reference) {
  const checked = new Checked();
  const suite = reference.suites.find((item) => item.id === report.suite_id);
  if (!suite) {
    if (isInt(report.suite_id)) checked.add("suite_id", "You cannot file reports for this suite");
    return checked.errors;
  }
  const allowed = new Set(
    reference.volunteers.filter((v) => v.panel_id === suite.panel_id).map((v) => v.id),
  );
  if (reference.panel && reference.panel.id === suite.panel_id) allowed.add(reference.user_id);
  for (const visit of reference.scheduled_visits) {
    if (visit.suite_id === suite.id) visit.co_visitors.forEach((person) => allowed.add(person.id));
  }
  const ids = Array.isArray(report.visitor_ids) ? [...new Set(report.visitor_ids)].sort((a, b) => a - b) : [];
  ids.forEach((id, index) => {
    if (!allowed.has(id)) checked.add(`visitor_ids.${index}`, `Choose visitors from ${suite.name}'s panel`);
  });
  if (reference.role === "volunteer" && !ids.includes(reference.user_id)) {
    checked.add("visitor_ids", "Include yourself as one of the visitors");
  }
  if (report.scheduled_visit_id !== null && report.scheduled_visit_id !== undefined) {
    const visit = reference.scheduled_visits.find((item) => item.id === report.scheduled_visit_id);
    if (!visit || visit.suite_id !== report.suite_id) {
      checked.add("scheduled_visit_id", "This scheduled visit is not for the suite you chose");
    }
  }
  return checked.errors;
}
