// The server's visit report rules (icv/visits/validation.py, normalise()), with the same
// messages and JSON-path keys, so errors show on the phone with no signal. Field lists, codes,
// limits and messages are not written here: they come from the reference data (`codes`, and
// `rules` from machine_rules()), so what Python declares the phone checks. Only the rules
// between fields are code, once in each language; the server checks everything again, and
// tests/parity (node --test) feeds both the same cases.

import {
  Checked, fill, has, get, isObject, truthy, isInt, rejectUnknown, readInt, idList, choice, text,
  bool, time, parseIsoWithOffset,
} from "./validation-readers.js";

import { isoDay } from "./dates.js";

export { parseIsoWithOffset };

const HOUR = 3600 * 1000;

/**
 * Check a report body the way the server does before it looks at the database.
 * `reference` is GET /api/v1/reference (its `codes` and `rules`); returns {path: [messages]}.
 * A reference kept from before the rules carried their messages checks nothing: the server
 * does, and the report waits in the outbox with its answer, nothing lost.
 */
export function validateReport(data, reference, now = Date.now()) {
  const { codes, rules } = reference;
  if (!rules?.messages) return {};
  const checked = new Checked(rules);
  if (!isObject(data)) {
    checked.say("", "not_an_object");
    return checked.errors;
  }
  rejectUnknown(data, rules.fields, "", checked);
  let version = has(data, "format_version") ? data.format_version : rules.default_format_version;
  if (typeof version === "boolean" || !rules.format_versions.includes(version)) {
    checked.say("format_version", "format_version");
    version = rules.default_format_version;
  }
  readInt(data, "suite_id", checked, checked.message("suite_id"));
  readInt(data, "scheduled_visit_id", checked, checked.message("scheduled_visit_id"), true);
  people(data, checked);
  choice(get(data, "visit_mode") ?? rules.default_visit_mode, codes.visit_modes, "visit_mode",
    checked, checked.message("visit_mode")); // prettier-ignore
  const admittedParsed = times(data, checked, now, codes);
  const notCompleted = text(data, "not_completed_reason", checked);
  if (admittedParsed === null && !notCompleted) {
    checked.say("not_completed_reason", "not_completed_reason");
  }
  headcount(data, checked, codes, version);
  conditions(get(data, "conditions"), checked, codes);
  for (const key of ["raised_with_sergeant", "sergeant_response", "positive_findings"]) {
    text(data, key, checked);
  }
  if (get(data, "rating") !== null) { // absent or null: no rating given
    choice(get(data, "rating"), rules.ratings, "rating", checked, checked.message("rating"));
  }
  const followUp = bool(data, "follow_up_needed", checked);
  if (!text(data, "follow_up_note", checked) && followUp) {
    checked.say("follow_up_note", "follow_up_note");
  }
  return checked.errors;
}

// --- people and times -------------------------------------------------------------------

function people(data, checked) {
  const visitors = idList(get(data, "visitor_ids"), "visitor_ids", checked.message("visitors"), checked);
  const trainees = idList(truthy(get(data, "trainee_ids")) ? data.trainee_ids : [],
    "trainee_ids", checked.message("trainees"), checked); // prettier-ignore
  if (new Set(visitors).size !== visitors.length) checked.say("visitor_ids", "visitor_twice");
  if (!checked.has("visitor_ids") && visitors.length < checked.rules.minimum_visitors) {
    checked.say("visitor_ids", "too_few_visitors");
  }
  trainees.forEach((trainee, index) => {
    if (!visitors.includes(trainee)) checked.say(`trainee_ids.${index}`, "trainee_not_visitor");
  });
  if (visitors.length && visitors.every((id) => trainees.includes(id))) {
    checked.say("trainee_ids", "all_trainees");
  }
}

/** Returns the admitted time (null when none was given, undefined when it was invalid). */
function times(data, checked, now, codes) {
  const { limits, delay_grace_minutes: grace, delay_required: required } = checked.rules;
  const arrived = time(data, "arrived_at", checked);
  const admitted = time(data, "admitted_at", checked, true);
  const departed = time(data, "departed_at", checked);
  const delay = readDelay(get(data, "delay"), checked, codes);
  if (arrived && departed) {
    if (departed <= arrived) {
      checked.say("departed_at", "departed_before_arrival");
    } else if (departed - arrived > limits.visit_hours * HOUR) {
      checked.say("departed_at", "visit_too_long", { hours: limits.visit_hours });
    }
  }
  if (arrived && admitted) {
    if (admitted < arrived) {
      checked.say("admitted_at", "admitted_before_arrival");
    } else if (departed && admitted > departed && !checked.has("departed_at")) {
      checked.say("admitted_at", "admitted_after_departure");
    } else if (admitted - arrived > grace * 60000 && delay === null && !checked.has("delay")) {
      for (const [key, message] of Object.entries(required)) checked.add(`delay.${key}`, message);
    } else if (admitted === arrived && delay !== null) {
      checked.say("admitted_at", "admitted_on_arrival_delayed");
    }
  }
  if (arrived && arrived > now + 24 * HOUR) checked.say("arrived_at", "arrived_in_future");
  return admitted;
}

function readDelay(delay, checked, codes) {
  if (delay === null || delay === undefined) return null;
  if (!isObject(delay)) {
    checked.say("delay", "delay_shape");
    return null;
  }
  const { delay_fields: fields, delay_required: required, limits } = checked.rules;
  rejectUnknown(delay, fields, "delay.", checked);
  const empty = (value) => value == null || value === "" || value === 0 || value === false;
  if (fields.every((key) => empty(delay[key]))) return null;
  const minutes = readInt(delay, "minutes", checked, required.minutes, false, "delay.");
  if (minutes !== null && !(minutes >= 1 && minutes <= limits.delay_minutes)) {
    checked.say("delay.minutes", "delay_range", { most: limits.delay_minutes });
  }
  for (const key of ["reason", "authorised_by_rank"]) {
    if (!text(delay, key, checked, "delay.")) checked.add(`delay.${key}`, required[key]);
  }
  const rank = text(delay, "authorised_by_rank", new Checked(checked.rules));
  // A reference cached before the ranks were sent lacks them: the server still checks.
  if (rank && codes.delay_authorising_ranks && !authorisingRank(rank, codes)) {
    checked.say("delay.authorised_by_rank", "rank_too_low");
  }
  return delay;
}

/** The qualifying rank a typed rank names ("det. insp" is Inspector), as authorising_rank. */
function authorisingRank(typed, codes) {
  let words = typed.replace(/[./]/g, " ").toLowerCase().split(/\s+/).filter(Boolean);
  if (["detective", "det", "ditectif"].includes(words[0])) words = words.slice(1);
  const wanted = words.join(" ");
  for (const [rank, shortenings] of Object.entries(codes.delay_authorising_ranks)) {
    if ([rank, ...shortenings].some((name) => name.toLowerCase() === wanted)) return rank;
  }
  return null;
}

// --- headcount and rows -----------------------------------------------------------------

function headcount(data, checked, codes, version) {
  const { limits, counts } = checked.rules;
  let count = readInt(data, "detainees_in_custody", checked,
    checked.message("detainees_in_custody")); // prettier-ignore
  if (count !== null && !(count >= 0 && count <= limits.detainees)) {
    checked.say("detainees_in_custody", "detainees_range", { most: limits.detainees });
    count = null;
  }
  for (const [key, label] of Object.entries(counts)) {
    // Absent or null: not recorded (the figures add up only the numbers recorded).
    const missing = checked.message("count_missing", { what: label.toLowerCase() });
    const number = readInt(data, key, checked, missing, true);
    if (number !== null && number < 0) {
      checked.say(key, "count_negative", { label });
    } else if (number !== null && count !== null && number > count) {
      checked.say(key, "count_over_total", { label, count });
    }
  }
  let rows = get(data, "detainees");
  if (!Array.isArray(rows)) {
    checked.say("detainees", "detainees_list");
    rows = [];
  }
  rows.forEach((row, index) => detaineeRow(row, index, checked, codes, version));
  if (count !== null && rows.length !== count) {
    checked.say("detainees", "rows_count", { count, rows: rows.length });
  }
}

function detaineeRow(row, index, checked, codes, version) {
  const { rules } = checked;
  const path = `detainees.${index}.`;
  const person = checked.message("person", { number: index + 1 });
  if (!isObject(row)) {
    checked.say(path.slice(0, -1), "row_shape", { person });
    return;
  }
  rejectUnknown(row, rules.detainee_fields_by_format?.[version] ?? rules.detainee_fields, path,
    checked); // prettier-ignore
  const outcome = choice(get(row, "outcome"), codes.outcomes, path + "outcome", checked,
    checked.message("outcome", { person })); // prettier-ignore
  const clean = { outcome };
  text(row, "custody_number", checked, path);
  const reason = get(row, "unavailable_reason");
  let cleanReason = null;
  if (outcome === "unavailable") {
    cleanReason = choice(reason, codes.unavailable_reasons, path + "unavailable_reason", checked,
      checked.message("unavailable_reason", { person })); // prettier-ignore
  } else if (!(reason == null || reason === "")) {
    checked.say(path + "unavailable_reason", "reason_only_unavailable");
  }
  const other = text(row, "unavailable_other", checked, path);
  if (cleanReason === "other" && !other) {
    checked.say(path + "unavailable_other", "unavailable_other", { person });
  } else if (cleanReason !== "other" && other) {
    checked.say(path + "unavailable_other", "other_only");
  }
  const interviewed = outcome === "interviewed";
  interviewChecks(get(row, "checks"), interviewed, path, checked, codes);
  for (const key of rules.interview_only_texts) {
    if (text(row, key, checked, path) && !interviewed) checked.say(path + key, "interview_only");
  }
  if (bool(row, "raised_with_staff", checked, path) && !interviewed) {
    checked.say(path + "raised_with_staff", "interview_only");
  }
  bool(row, "follow_up", checked, path);
  personFields(row, clean, path, person, checked, codes, version);
}

function interviewChecks(checks, interviewed, path, checked, codes) {
  const known = checkCodes(codes);
  if (checks == null || (isObject(checks) && Object.keys(checks).length === 0)) {
    checks = {};
  } else if (!isObject(checks)) {
    checked.say(path + "checks", "checks_shape");
    return;
  } else if (!interviewed) {
    checked.say(path + "checks", "checks_only_interviewed");
    return;
  }
  for (const code of Object.keys(checks)) {
    if (!known.includes(code)) checked.say(`${path}checks.${code}`, "unknown_check", { code });
  }
  if (!interviewed) return;
  for (const code of [...known].sort()) {
    const answer = has(checks, code) ? checks[code] : "not_asked";
    choice(answer, codes.check_answers, `${path}checks.${code}`, checked,
      checked.message("check_answer")); // prettier-ignore
  }
}

export function checkCodes(codes) {
  return Object.values(codes.interview_checks).flatMap((group) => Object.keys(group));
}

// --- a person's declared fields (format 2 on: rules.person_fields) ----------------------

/**
 * Each declared field's value by its kind, then the declared rules between fields, as
 * _person_fields in validation.py: a new field or rule declared in Python needs nothing here.
 */
function personFields(row, clean, path, person, checked, codes, version) {
  const declared = (checked.rules.person_fields ?? []).filter(
    (field) => (field.format_version ?? 1) <= version,
  );
  for (const field of declared) clean[field.name] = personValue(row, field, path, person, checked);
  for (const field of declared) {
    if (checked.has(path + field.name)) continue;
    const broken = field.rules.find((rule) => breaks(rule, clean, field.name));
    if (broken) checked.add(path + field.name, fill(broken.message, { person }));
  }
}

export const isEmpty = (value) => value === null || value === "" || (isObject(value) && !truthy(value));

export function holds(condition, person) {
  const value = get(person, condition.field);
  if (has(condition, "contains")) {
    return isObject(value) && Object.values(value).includes(condition.contains);
  }
  return condition.in.includes(value);
}

/** Whether a person's clean values break a rule; an "equals" rule may fill in its value. */
function breaks(rule, clean, name) {
  const applies = holds(rule.when, clean);
  const empty = isEmpty(clean[name]);
  if (rule.check === "required") return applies && empty;
  if (rule.check === "only_when") return !applies && !empty;
  if (applies && empty && rule.fill) clean[name] = rule.value;
  return applies && clean[name] !== rule.value;
}

function personValue(row, field, path, person, checked) {
  const { name, kind } = field;
  const value = get(row, name);
  if (kind === "text") return text(row, name, checked, path);
  if (kind === "findings") return findings(value, field, path, person, checked);
  if (value === null) return null;
  const valid = kind === "flag" ? typeof value === "boolean"
    : typeof value === "string" && has(field.codes, value); // prettier-ignore
  if (!valid) {
    const message = field.invalid ?? checked.rules.person_kind_messages[kind];
    checked.add(path + name, fill(message, { person, label: field.label.toLowerCase() }));
    return null;
  }
  return value;
}

function findings(value, field, path, person, checked) {
  const { name } = field;
  if (value === null) return {};
  if (!isObject(value)) {
    checked.add(path + name, fill(field.invalid, { person }));
    return {};
  }
  const clean = {};
  for (const code of Object.keys(value).sort()) {
    const answer = value[code];
    if (!has(field.codes, code)) {
      checked.add(`${path}${name}.${code}`, fill(field.unknown_code, { code }));
    } else if (typeof answer !== "string" || !has(field.answers, answer)) {
      const message = fill(field.invalid_answer, { person, label: field.codes[code] });
      checked.add(`${path}${name}.${code}`, message);
    } else {
      clean[code] = answer;
    }
  }
  return clean;
}

function conditions(value, checked, codes) {
  if (value === null || value === undefined) value = {};
  if (!isObject(value)) {
    checked.say("conditions", "conditions_shape");
    return;
  }
  for (const code of Object.keys(value)) {
    if (!has(codes.suite_conditions, code)) checked.say(`conditions.${code}`, "unknown_condition", { code });
  }
  for (const [code, label] of Object.entries(codes.suite_conditions)) {
    const item = truthy(value[code]) && has(value, code) ? value[code] : {};
    const path = `conditions.${code}.`;
    if (!isObject(item)) {
      checked.say(path.slice(0, -1), "condition_shape", { label });
      continue;
    }
    rejectUnknown(item, checked.rules.condition_fields, path, checked);
    const rating = has(item, "rating") ? item.rating : "not_checked";
    choice(rating, codes.condition_ratings, path + "rating", checked,
      checked.message("condition_rating", { label: label.split(" (")[0] })); // prettier-ignore
    text(item, "note", checked, path);
  }
}

/**
 * The server's checks against the database that the phone can make from its reference data
 * (GET /api/v1/reference): the suite, the visitors' panel, yourself, the scheduled visit.
 */
export function validateContext(report, reference) {
  if (!reference.rules?.messages) return {};
  const checked = new Checked(reference.rules);
  const suite = reference.suites.find((item) => item.id === report.suite_id);
  if (!suite) {
    if (isInt(report.suite_id)) checked.say("suite_id", "suite_forbidden");
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
    if (!allowed.has(id)) checked.say(`visitor_ids.${index}`, "visitor_not_in_panel", { suite: suite.name });
  });
  if (reference.role === "volunteer" && !ids.includes(reference.user_id)) {
    checked.say("visitor_ids", "include_yourself");
  }
  if (hasTactDetainee(report)) tactTraining(report, ids, allowed, reference, checked);
  if (report.scheduled_visit_id !== null && report.scheduled_visit_id !== undefined) {
    const visit = reference.scheduled_visits.find((item) => item.id === report.scheduled_visit_id);
    if (!visit || visit.suite_id !== report.suite_id) {
      checked.say("scheduled_visit_id", "visit_not_for_suite");
    }
  }
  return checked.errors;
}

/** report_format.has_tact_detainee: someone in the report is held under the Terrorism Act. */
export function hasTactDetainee(report) {
  return Array.isArray(report.detainees) && report.detainees.some((person) => isObject(person) && person.held_under_tact === true);
}

/** icv/visits/validation.py _check_tact_training: every visitor needs TACT training valid on
 * the visit's day (UK time), from the spans in the reference data. */
function tactTraining(report, ids, allowed, reference, checked) {
  const arrived = parseIsoWithOffset(report.arrived_at);
  // A reference cached before it carried training leaves the rule to the server.
  if (arrived === undefined || !("tact_trained" in reference)) return;
  const day = isoDay(arrived);
  const people = new Map(reference.volunteers.map((person) => [person.id, person]));
  people.set(reference.user_id, { name: reference.name, tact_trained: reference.tact_trained });
  ids.forEach((id, index) => {
    const person = people.get(id);
    if (!person || !allowed.has(id)) return;
    const trained = (person.tact_trained ?? []).some(([first, last]) => first <= day && (last === null || day <= last));
    if (!trained) checked.say(`visitor_ids.${index}`, "visitor_not_tact_trained", { visitor: person.name });
  });
}
