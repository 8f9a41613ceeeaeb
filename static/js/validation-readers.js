// Small readers for validation.js, each the twin of one in icv/visits/validation.py: they
// add the server's message to `checked` when a value has the wrong type or shape.

export const LIMITS = { custody_number: 30, short_text: 100, reason: 500, text: 4000,
  detainees: 500, delay_minutes: 1440, visit_hours: 24 }; // prettier-ignore
export const TEXT_LIMITS = { not_completed_reason: "text", raised_with_sergeant: "text",
  sergeant_response: "text", positive_findings: "text", follow_up_note: "text",
  custody_number: "custody_number", unavailable_other: "reason", allegation: "text",
  issues_raised: "text", action_taken: "text", reason: "reason",
  authorised_by_rank: "short_text", note: "reason" }; // prettier-ignore
// Kinds of text that may hold tabs and line breaks (MULTILINE_TEXTS in validation.py).
const MULTILINE_TEXTS = new Set(["text", "reason"]);
// icv/text.py's rule: control and text-direction characters are refused in any text; tabs and
// line breaks only outside long text.
const BIDI = "\u202a-\u202e\u2066-\u2069";
const IN_ONE_LINE = new RegExp(`[\\u0000-\\u001f\\u007f-\\u009f${BIDI}]`);
const IN_LONG_TEXT = new RegExp(`[\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f${BIDI}]`);
const TIME_EXAMPLE = "like 2019-06-01T21:10:00+01:00";
const EARLIEST = Date.UTC(2000, 0, 1);

export function has(object, key) {
  return Object.hasOwn(object, key);
}

/** dict.get(key): a missing key reads as null, as in Python. */
export function get(object, key) {
  return has(object, key) ? object[key] : null;
}

export function isObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Python's truthiness: empty lists and objects are false too. */
export function truthy(value) {
  if (Array.isArray(value)) return value.length > 0;
  if (isObject(value)) return Object.keys(value).length > 0;
  return Boolean(value);
}

export function isInt(value) {
  return typeof value === "number" && Number.isInteger(value);
}

export function rejectUnknown(data, allowed, path, checked) {
  for (const key of Object.keys(data).filter((k) => !allowed.has(k)).sort()) {
    checked.add(`${path}${key}`, `Remove the unknown field '${key}'`);
  }
}

export function readInt(data, key, checked, message, optional = false, path = "") {
  const value = get(data, key);
  if (value === null && optional) return null;
  if (!isInt(value)) {
    checked.add(path + key, message);
    return null;
  }
  return value;
}

export function idList(value, path, label, checked) {
  if (!Array.isArray(value) || !value.every(isInt)) {
    checked.add(path, `List the ${label} by their ids, like [7, 19]`);
    return [];
  }
  return value;
}

export function choice(value, options, path, checked, message) {
  if (typeof value !== "string" || !has(options, value)) {
    checked.add(path, message);
    return null;
  }
  return value;
}

export function text(data, key, checked, path = "") {
  let value = get(data, key);
  if (value === null) return "";
  if (typeof value !== "string") {
    checked.add(path + key, "Enter text here");
    return "";
  }
  value = value.replaceAll("\r\n", "\n");
  // Checked before trimming (and then not trimmed): Python and JavaScript strip different
  // control characters.
  const problem = hiddenCharacterProblem(value, MULTILINE_TEXTS.has(TEXT_LIMITS[key]));
  if (problem) {
    checked.add(path + key, problem);
    return value;
  }
  value = value.trim();
  const limit = LIMITS[TEXT_LIMITS[key]];
  const length = [...value].length; // characters, as Python counts them
  if (length > limit) {
    checked.add(path + key, `Enter ${limit} characters or fewer (you entered ${length})`);
  }
  return value;
}

/** What to do about the first refused character in `value`, or null (icv/text.py). */
export function hiddenCharacterProblem(value, multiline) {
  const found = (multiline ? IN_LONG_TEXT : IN_ONE_LINE).exec(value);
  if (!found) return null;
  if ("\t\n\r".includes(found[0])) return "Enter this on one line, without line breaks or tabs";
  const code = found[0].codePointAt(0).toString(16).toUpperCase().padStart(4, "0");
  return `Remove the hidden character (U+${code}) from this text`;
}

export function bool(data, key, checked, path = "") {
  const value = has(data, key) ? data[key] : false;
  if (typeof value !== "boolean") {
    checked.add(path + key, "Answer true or false");
    return false;
  }
  return value;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2})(?::(\d{2})(?::(\d{2})(?:[.,](\d{1,6}))?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/;

/** Milliseconds since 1970 for an ISO time with an offset; null when missing and optional. */
export function time(data, key, checked, message, optional = false) {
  const value = get(data, key);
  if (value === null && optional) return null;
  const moment = typeof value === "string" ? parseIsoWithOffset(value) : undefined;
  if (moment === undefined) {
    checked.add(key, `${message} as a date and time with a time zone offset, ${TIME_EXAMPLE}`);
    return undefined;
  }
  if (moment < EARLIEST) {
    checked.add(key, `${message}: the date is too early`);
    return undefined;
  }
  return moment;
}

export function parseIsoWithOffset(value) {
  const match = ISO.exec(value);
  if (!match || match[4] === undefined || match[8] === undefined) return undefined;
  const [year, month, day, hour, minute = "0", second = "0", fraction = "0"] = match.slice(1, 8);
  const numbers = [year, month, day, hour, minute, second].map(Number);
  const [y, mo, d, h, mi, s] = numbers;
  const daysInMonth = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth || h > 23 || mi > 59 || s > 59) {
    return undefined;
  }
  let offset = 0;
  if (match[8] !== "Z") {
    const digits = match[8].replace(":", "");
    const hours = Number(digits.slice(1, 3));
    const minutes = Number(digits.slice(3, 5) || "0");
    if (hours > 23 || minutes > 59) return undefined;
    offset = (match[8][0] === "-" ? -1 : 1) * (hours * 60 + minutes);
  }
  const utc = Date.UTC(y, mo - 1, d, h, mi, s, Number(fraction.padEnd(3, "0").slice(0, 3)));
  return utc - offset * 60 * 1000;
}
