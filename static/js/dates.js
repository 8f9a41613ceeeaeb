// Dates and times on the phone, in the style icv/dates.py declares for the whole app:
// "1 December 2026", "19:05", "1 December 2026 at 19:05", "1 to 6 December 2026", all in
// UK time (a test checks these against the Python functions). In Welsh the page carries the
// words (icv.dates.date_words(), from Babel and the catalogue: one source for both), in
// <script type="application/json" id="date-words">; without it, English.
const ZONE = "Europe/London";
const dayFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: ZONE });
const dayMonthFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", timeZone: ZONE });
const numberFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "numeric", year: "numeric", timeZone: ZONE });
const timeFormat = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: ZONE });

const ENGLISH = { months: null, at: "%(day)s at %(time)s", to: "%(start)s to %(end)s" };
const island = typeof document === "undefined" ? null : document.getElementById("date-words");
let words = island ? { ...ENGLISH, ...JSON.parse(island.textContent) } : ENGLISH;

/** Write in another language: the words icv.dates.date_words() gives (null: English). */
export function useDateWords(given) {
  words = given ? { ...ENGLISH, ...given } : ENGLISH;
}

const fill = (template, values) => template.replace(/%\((\w+)\)s/g, (_, name) => values[name]);

// A calendar date ("2026-12-01") is that day wherever the phone is: read it at noon UTC.
const asDate = (value) => (/^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00Z`) : new Date(value));
// The day, month and year as numbers ("1", "12", "2026": en-GB writes the day "01").
const parts = (date) =>
  Object.fromEntries(numberFormat.formatToParts(date).filter((p) => p.type !== "literal").map((p) => [p.type, String(Number(p.value))]));
const dayMonth = (date) => {
  if (!words.months) return dayMonthFormat.format(date);
  const { day: number, month } = parts(date);
  return `${number} ${words.months[month - 1]}`;
};

/** "1 December 2026" for a date ("2026-12-01") or a moment (its day in UK time). */
export const day = (value) => {
  const date = asDate(value);
  return words.months ? `${dayMonth(date)} ${parts(date).year}` : dayFormat.format(date);
};

const isoDayFormat = new Intl.DateTimeFormat("en-CA", { year: "numeric", month: "2-digit", day: "2-digit", timeZone: ZONE });

/** "2026-12-01": a moment's day in UK time (icv/dates.py scheme_date), as ISO. */
export const isoDay = (moment) => isoDayFormat.format(new Date(moment));

/** "19:05", in UK time. */
export const timeOfDay = (value) => timeFormat.format(asDate(value));

/** "1 December 2026 at 19:05", in UK time. */
export const dayAndTime = (value) => fill(words.at, { day: day(value), time: timeOfDay(value) });

/** "1 to 6 December 2026", "28 November to 4 December 2026", "29 December 2026 to 4 January 2027". */
export function dateRange(starts, ends) {
  const [first, last] = [parts(asDate(starts)), parts(asDate(ends))];
  const to = (start) => fill(words.to, { start, end: day(ends) });
  if (first.year !== last.year) return to(day(starts));
  if (first.month !== last.month) return to(dayMonth(asDate(starts)));
  if (first.day !== last.day) return to(first.day);
  return day(starts);
}
