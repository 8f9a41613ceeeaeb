// The shape of a draft's form, by report format, and how an older draft is brought up to date.

// Step n brings a draft's form from report format n-1 to format n. Released steps never
// change: a phone may keep a draft of any older format, so add a new step instead.
const FORM_UPGRADES = [
  null,
  null,
  // Format 2 adds per-person fields, all optional: a format-1 form is a format-2 form.
  (form) => form,
];

/**
 * Upgrade `form` in place, step by step, to `format` (as far as this app knows the steps);
 * a form from before forms said their format is format 1. Returns whether it changed.
 */
export function upgradeForm(form, format) {
  const from = form.format_version ?? 1;
  const to = Math.min(format, FORM_UPGRADES.length - 1);
  if (from >= to && has(form, "format_version")) return false;
  for (let step = from + 1; step <= to; step += 1) FORM_UPGRADES[step](form);
  form.format_version = Math.max(from, to);
  return true;
}

const has = (object, key) => Object.hasOwn(object, key);
