// Dates and times on the phone, in the style icv/dates.py declares for the whole app:
// "1 December 2026", "19:05", "1 December 2026 at 19:05", "1 to 6 December 2026", all in
// UK time (a test checks these against the Python functions).
const ZONE = "Europe/London";
const dayFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: ZONE });
const dayMonthFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", timeZone: ZONE });
const timeFormat = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: ZONE });

// A calendar date ("2026-12-01") is that day wherever the phone is: read it at noon UTC.
const asDate = (value) => (/^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00Z`) : new Date(value));
const parts = (date) => Object.fromEntries(dayFormat.formatToParts(date).map((p) => [p.type, p.value]));

/** "1 December 2026" for a date ("2026-12-01") or a moment (its day in UK time). */
export const day = (value) => dayFormat.format(asDate(value));

const isoDayFormat = new Intl.DateTimeFormat("en-CA", { year: "numeric", month: "2-digit", day: "2-digit", timeZone: ZONE });

/** "2026-12-01": a moment's day in UK time (icv/dates.py scheme_date), as ISO. */
export const isoDay = (moment) => isoDayFormat.format(new Date(moment));

/** "19:05", in UK time. */
export const timeOfDay = (value) => timeFormat.format(asDate(value));

/** "1 December 2026 at 19:05", in UK time. */
export const dayAndTime = (value) => `${day(value)} at ${timeOfDay(value)}`;

/** "1 to 6 December 2026", "28 November to 4 December 2026", "29 December 2026 to 4 January 2027". */
export function dateRange(starts, ends) {
  const [first, last] = [parts(asDate(starts)), parts(asDate(ends))];
  if (first.year !== last.year) return `${day(starts)} to ${day(ends)}`;
  if (first.month !== last.month) return `${dayMonthFormat.format(asDate(starts))} to ${day(ends)}`;
  if (first.day !== last.day) return `${first.day} to ${day(ends)}`;
  return day(starts);
}
