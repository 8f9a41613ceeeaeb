// The phone's own words in the page's language (issue 19, docs/welsh.md). The English is
// written here, in gettext("…") and ngettext("…", "…", n), and is the catalogue's msgid; the
// other language's words come from the catalogue, served once as /phone-words/CODE.json and
// kept by the service worker, so they are there with no signal. English fetches nothing.
// Values go in {braces}: gettext("Visit on {date}", { date }).
const language = globalThis.document?.documentElement.lang || "en";
export const WORDS_URL = `/phone-words/${language}.json`;
const words = language === "en" ? {} : await fetchWords();
// The catalogue's plural forms, in its order (Welsh has six: zero, one, two, few, many, other).
const FORMS = ["zero", "one", "two", "few", "many", "other"];
const plurals = new Intl.PluralRules(language);

async function fetchWords() {
  try {
    const response = await fetch(WORDS_URL, { credentials: "same-origin" });
    return response.ok ? await response.json() : {};
  } catch (offline) {
    return {}; // neither the network nor the worker's copy: English rather than nothing
  }
}

const fill = (text, values) =>
  text.replace(/\{(\w+)\}/g, (whole, name) => (Object.hasOwn(values, name) ? String(values[name]) : whole));

export function gettext(english, values = {}) {
  return fill(words[english] || english, values);
}

/** `count` is given to the text as {num}. */
export function ngettext(one, other, count, values = {}) {
  const forms = words[one];
  let text = count === 1 ? one : other;
  if (Array.isArray(forms)) text = forms[FORMS.indexOf(plurals.select(count))] || forms[forms.length - 1];
  return fill(text, { num: count, ...values });
}

export const pageLanguage = () => language;

/** Marks English for the catalogue without translating it yet: kept data (a refusal's words
 * in IndexedDB) is stored in English and shown with gettext() in the language of the page. */
export const N_ = (english) => english;
