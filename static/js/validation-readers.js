// Small readers for validation.js, each the twin of one in icv/visits/validation.py: they
// add the server's message to `checked` when a value has the wrong type or shape. Messages,
// limits and the refused characters all come from the served rules (machine_rules()).

/** The errors found so far, and the served rules that say what each message reads. */
export class Checked {
  constructor(rules) {
    this.rules = rules;
    this.errors = {};
  }
  add(path, message) {
    (this.errors[path] = this.errors[path] || []).push(message);
  }
  /** Add the message called `name` in rules.messages, filled in with `values`. */
  say(path, name, values = {}) {
    this.add(path, this.message(name, values));
  }
  message(name, values = {}) {
    return fill(this.rules.messages[name], values);
  }
  has(path) {
    return Object.hasOwn(this.errors, path);
  }
}

/** Python's str.format with named fields: "{person}" becomes values.person. */
export function fill(template, values = {}) {
  return template.replace(/\{(\w+)\}/g, (whole, name) => (has(values, name) ? values[name] : whole));
}

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
  const known = new Set(allowed);
  for (const key of Object.keys(data).filter((k) => !known.has(k)).sort()) {
    checked.say(`${path}${key}`, "unknown_field", { key });
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
    checked.say(path, "id_list", { label });
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
    checked.say(path + key, "not_text");
    return "";
  }
  value = value.replaceAll("\r\n", "\n");
  // Checked before trimming (and then not trimmed): Python and JavaScript strip different
  // control characters.
  const { rules } = checked;
  const problem = hiddenCharacterProblem(value, rules.multiline_texts.includes(key), checked);
  if (problem) {
    checked.add(path + key, problem);
    return value;
  }
  value = value.trim();
  const limit = rules.text_limits[key];
  const length = [...value].length; // characters, as Python counts them
  if (length > limit) checked.say(path + key, "too_long", { limit, length });
  return value;
}

const refusedPatterns = new WeakMap(); // served rule -> [one line, long text]

/** What to do about the first refused character in `value`, or null (icv/text.py). */
export function hiddenCharacterProblem(value, multiline, checked) {
  const rule = checked.rules.hidden_characters;
  if (!refusedPatterns.has(rule)) {
    const hex = (point) => `\\u{${point.toString(16)}}`;
    const ranges = rule.refused.map(([first, last]) => `${hex(first)}-${hex(last)}`).join("");
    const allowed = [...rule.long_text_allows].map((c) => hex(c.codePointAt(0))).join("");
    refusedPatterns.set(rule, [new RegExp(`[${ranges}]`, "u"),
      new RegExp(`(?![${allowed}])[${ranges}]`, "u")]); // prettier-ignore
  }
  const found = refusedPatterns.get(rule)[multiline ? 1 : 0].exec(value);
  if (!found) return null;
  if (rule.long_text_allows.includes(found[0])) return checked.message("one_line");
  const code = found[0].codePointAt(0).toString(16).toUpperCase().padStart(4, "0");
  return checked.message("hidden_character", { code });
}

export function bool(data, key, checked, path = "") {
  const value = has(data, key) ? data[key] : false;
  if (typeof value !== "boolean") {
    checked.say(path + key, "not_bool");
    return false;
  }
  return value;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2})(?::(\d{2})(?::(\d{2})(?:[.,](\d{1,6}))?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/;

/** Milliseconds since 1970 for an ISO time with an offset; null when missing and optional. */
export function time(data, key, checked, optional = false) {
  const value = get(data, key);
  if (value === null && optional) return null;
  const moment = typeof value === "string" ? parseIsoWithOffset(value) : undefined;
  const what = checked.message(key);
  if (moment === undefined) {
    checked.say(key, "time_format", { what, example: checked.rules.time_example });
    return undefined;
  }
  if (moment < parseIsoWithOffset(checked.rules.earliest)) {
    checked.say(key, "time_too_early", { what });
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
