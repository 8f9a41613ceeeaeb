// The visit report form: works with no signal, keeps every keystroke in IndexedDB, checks
// the report as the server will, and puts it in the outbox to be sent.
import { dateRange, timeOfDay } from "./dates.js";
import { autosaver, createDraft, loadDraft } from "./drafts.js";
import { beforeReload } from "./events.js";
import { readControl, setPath, writeControls } from "./form-bind.js";
import { clearErrors, showErrors } from "./form-errors.js";
import { gettext } from "./i18n.js";
import { submitDraft } from "./outbox.js";
import { loadReference } from "./reference.js";
import {
  buildReport, checkAnswer, chooseVisit, delayExpected, headcount, headcountText, newForm, newPerson,
  personAnswers, typedTime,
} from "./report-model.js";
import { checkCodes } from "./validation.js";
import { validateContext, validateReport } from "./validation.js";

const form = document.getElementById("report-form");
const summarySlot = document.getElementById("app-error-summary");
const saveStatus = document.getElementById("save-status");
const rowsList = document.getElementById("detainee-rows");
const TIME_KEYS = ["arrived_at", "admitted_at", "departed_at"];
const REFERENCE_FRESH_MS = 10 * 60 * 1000;

let reference = null;
let model = null;
let draft = null;
let saver = null;
let removed = null; // { index, person }: the person last removed, while that can be undone
let openRow = null; // the one person whose card is open
let wholePanel = false; // the co-visitor choices list everyone, not only the rota's pair

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function choice(type, name, value, label, id, hint = "") {
  const hintId = hint ? ` aria-describedby="${id}-hint"` : "";
  return `<div class="govuk-${type}__item">
    <input class="govuk-${type}__input" id="${id}" name="${name}" type="${type === "radios" ? "radio" : "checkbox"}" value="${escape(value)}"${hintId}>
    <label class="govuk-label govuk-${type}__label" for="${id}">${escape(label)}</label>
    ${hint ? `<div class="govuk-hint govuk-${type}__hint" id="${id}-hint">${escape(hint)}</div>` : ""}</div>`;
}

function windowText(visit) {
  return dateRange(visit.window_starts_on, visit.window_ends_on);
}

function renderVisitChoices() {
  const visits = reference.scheduled_visits;
  // A draft may name a visit no longer on the rota (made by the co-visitor, say): keep it
  // choosable, so the volunteer can see it and pick another.
  const chosen = model.scheduled_visit_id;
  const gone = chosen && !visits.some((visit) => String(visit.id) === chosen);
  document.getElementById("visit-choice-group").hidden = visits.length === 0 && !gone;
  const goneChoice = gone
    ? [choice("radios", "scheduled_visit_id", chosen, gettext("The rota visit chosen before (no longer on your rota)"),
        `f-scheduled_visit_id-${chosen}`)] // prettier-ignore
    : [];
  document.getElementById("visit-choices").innerHTML = goneChoice.concat(visits
    .map((visit, index) => {
      const withWhom = visit.co_visitors.map((person) => person.name).join(gettext(" and "));
      const id = index === 0 ? "f-scheduled_visit_id" : `f-scheduled_visit_id-${visit.id}`;
      return choice("radios", "scheduled_visit_id", String(visit.id),
        `${visit.suite_name}, ${windowText(visit)}`, id, withWhom ? gettext("With {names}", { names: withWhom }) : ""); // prettier-ignore
    })
    .concat(choice("radios", "scheduled_visit_id", "", gettext("Another visit, not on the rota"),
      visits.length ? "f-scheduled_visit_id-adhoc" : "f-scheduled_visit_id"))) // prettier-ignore
    .join("");
  const select = document.getElementById("f-suite_id");
  select.innerHTML = `<option value="">${gettext("Choose a suite")}</option>${reference.suites
    .map((suite) => `<option value="${suite.id}">${escape(suite.name)}</option>`)
    .join("")}`;
}

function currentSuite() {
  return reference.suites.find((suite) => String(suite.id) === model.suite_id);
}

function chosenVisit() {
  return reference.scheduled_visits.find((v) => String(v.id) === model.scheduled_visit_id);
}

/** Co-visitors to choose from: the suite's panel, and whoever the rota paired you with. */
function possibleCoVisitors() {
  const suite = currentSuite();
  const visit = chosenVisit();
  const people = new Map();
  for (const person of reference.volunteers) {
    if (!suite || person.panel_id === suite.panel_id) people.set(String(person.id), person);
  }
  for (const person of visit ? visit.co_visitors : []) people.set(String(person.id), person);
  return people;
}

/** Trainees are chosen among the visitors; redrawn alone so ticking a visitor keeps focus. */
function renderTraineeChoices() {
  const people = possibleCoVisitors();
  const trainees = [{ id: reference.user_id, name: `You (${reference.name})` }].concat(
    model.visitor_ids.map((id) => people.get(id)).filter(Boolean),
  );
  if (model.trainee_ids.length) document.getElementById("trainee-details").open = true;
  const slot = document.getElementById("trainee-choices");
  slot.innerHTML = trainees
    .map((person, index) => choice("checkboxes", "trainee_ids", String(person.id), person.name,
      index === 0 ? "f-trainee_ids" : `f-trainee_ids-${person.id}`)) // prettier-ignore
    .join("");
  writeControls(slot, model);
}

/** With a rota visit, the choices are its pair and whoever is ticked, until the volunteer
 * asks for the whole panel: a panel's list is long on a phone. */
function renderPeopleChoices() {
  const people = possibleCoVisitors();
  const visit = chosenVisit();
  const shortList = visit && !wholePanel;
  const pair = new Set(visit ? visit.co_visitors.map((person) => String(person.id)) : []);
  const shown = [...people.values()].filter((person) => !shortList || pair.has(String(person.id)) ||
    model.visitor_ids.includes(String(person.id))); // prettier-ignore
  document.getElementById("show-panel").hidden = !shortList || shown.length === people.size;
  document.getElementById("visitor-choices").innerHTML = shown
    .map((person, index) => choice("checkboxes", "visitor_ids", String(person.id), person.name,
      index === 0 ? "f-visitor_ids" : `f-visitor_ids-${person.id}`,
      person.probation ? gettext("On probation") : "")) // prettier-ignore
    .join("") || `<p class="govuk-body">${gettext("No other volunteers are on your panel yet.")}</p>`;
  writeControls(document.getElementById("visitor-choices"), model);
  renderTraineeChoices();
  const fixed = document.getElementById("suite-fixed");
  fixed.hidden = !visit;
  fixed.textContent = visit ? gettext("Custody suite: {suite}", { suite: visit.suite_name }) : "";
  document.getElementById("suite-group").hidden = Boolean(visit);
}

function renderRows() {
  const template = document.getElementById("detainee-row").innerHTML;
  const rows = model.detainees.map((_, index) =>
    template.replaceAll("__I__", index).replaceAll("__P__", index + 1)); // prettier-ignore
  if (removed) {
    const notice = document.getElementById("removed-row").innerHTML;
    rows.splice(removed.index, 0, notice.replaceAll("__P__", removed.index + 1));
  }
  rowsList.innerHTML = rows.join("");
  writeControls(rowsList, model);
  model.detainees.forEach((_, index) => revealRow(index));
  showView();
}

function revealRow(index) {
  const row = rowsList.querySelector(`[data-row="${index}"]`);
  const person = model.detainees[index];
  const open = index === openRow;
  for (const part of row.querySelectorAll("[data-when]")) part.hidden = part.dataset.when !== person.outcome;
  for (const part of row.querySelectorAll("[data-when-all-fine]")) {
    part.hidden = part.dataset.whenAllFine !== String(Boolean(person.checklist_all_fine));
  }
  row.querySelector("[data-when-reason]").hidden = person.unavailable_reason !== "other";
  revealPersonFields(row, person);
  for (const card of row.querySelectorAll("[data-card]")) card.hidden = !open;
  row.classList.toggle("app-person--open", open);
  const toggle = row.querySelector("[data-open-row]");
  toggle.setAttribute("aria-expanded", String(open));
  const toggleText = toggle.querySelector("[data-toggle-text]");
  const toggleLabel = open ? gettext("Close") : gettext("Change");
  if (toggleText.textContent !== toggleLabel) toggleText.textContent = toggleLabel;
  row.querySelector("[data-move='-1']").hidden = index === 0;
  row.querySelector("[data-move='1']").hidden = index === model.detainees.length - 1;
  const summary = row.querySelector("[data-summary]");
  const text = personSummary(person);
  if (summary.textContent !== text) summary.textContent = text;
}

// What "More about this person" holds besides format 2's questions.
const MORE_ABOUT = ["custody_number", "follow_up", "allegation", "action_taken", "raised_with_staff"];

/** Format 2's questions where they apply; "More about this person" unfolds once anything
 * in it is answered, so nothing recorded is out of sight. */
function revealPersonFields(row, person) {
  const { answers, shown } = personAnswers(person, reference.rules, currentSuite()?.tact_designated === true);
  for (const part of row.querySelectorAll("[data-person-field]")) part.hidden = !shown.has(part.dataset.personField);
  if (Object.keys(answers).length || MORE_ABOUT.some((key) => person[key])) {
    row.querySelector("[data-more-about]").open = true;
  }
}

/** What is recorded about a person, in one line, so a closed card needs no opening (an
 * unavailable person's reason is chosen on the line itself). */
function personSummary(person) {
  const codes = reference.codes;
  if (person.outcome !== "interviewed") return codes.outcomes[person.outcome] || gettext("No outcome yet");
  const answers = checkCodes(codes).map((code) => checkAnswer(person, code));
  const no = answers.filter((answer) => answer === "no").length;
  const asked = answers.filter((answer) => answer !== "not_asked").length;
  if (person.checklist_all_fine) {
    return no ? gettext("Interviewed: all asked, {no} answered no", { no }) : gettext("Interviewed: all asked, all fine");
  }
  const values = { asked, total: answers.length, no };
  return no ? gettext("Interviewed: {asked} of {total} questions asked, {no} answered no", values)
    : gettext("Interviewed: {asked} of {total} questions asked", values); // prettier-ignore
}

/** One person's card in a view of its own: the list and the rest of the form wait behind
 * it (CSS, app-report-form--one-person), so the next person's line is never a card away. */
function showPerson(index, focus = true) {
  const previous = openRow;
  openRow = index;
  if (previous !== null && previous < model.detainees.length) revealRow(previous);
  revealRow(openRow);
  showView();
  const row = rowsList.querySelector(`[data-row="${openRow}"]`);
  row.scrollIntoView({ block: "start" });
  if (focus) row.querySelector(".app-person__name").focus({ preventScroll: true });
}

/** Back to the list, the person just seen at the top with the next ones below; focus on
 * their Change button, where it started. */
function showList() {
  const previous = openRow;
  openRow = null;
  showView();
  if (previous === null || previous >= model.detainees.length) return;
  revealRow(previous);
  const row = rowsList.querySelector(`[data-row="${previous}"]`);
  row.scrollIntoView({ block: "start" });
  row.querySelector("[data-open-row]").focus({ preventScroll: true });
}

function showView() {
  form.classList.toggle("app-report-form--one-person", openRow !== null);
}

/** A link in the error summary to a field out of view (in another person's card, or in the
 * form behind the card open) shows the view that holds it before GOV.UK's script focuses it. */
function showLinkedField(event) {
  const link = event.target.closest("a[href^='#']");
  const field = link && document.getElementById(decodeURIComponent(link.hash.slice(1)));
  if (!field || !form.contains(field)) return;
  const row = field.closest("[data-row]");
  const index = row ? Number(row.dataset.row) : null;
  const wanted = field.closest("[data-card]") || index === openRow ? index : null;
  if (wanted === openRow) return;
  if (wanted === null) showList();
  else showPerson(wanted, false);
}

/** Change text only when it differs: rewriting a button's text mid-tap swallows the click. */
function setText(id, text) {
  const element = document.getElementById(id);
  if (element.textContent !== text) element.textContent = text;
}

function updateReveals() {
  const minutes = delayExpected(model, reference.rules);
  document.getElementById("delay-section").hidden = minutes === 0;
  setText("delay-summary", minutes
    ? gettext("You were let in {minutes} minutes after you arrived, so record the delay at the door.", { minutes })
    : ""); // prettier-ignore
  document.getElementById("not-completed-section").hidden = !model.not_completed;
  document.getElementById("follow-up-section").hidden = !model.follow_up_needed;
  for (const note of form.querySelectorAll("[data-note-for]")) {
    const condition = model.conditions[note.dataset.noteFor];
    note.hidden = condition.rating !== "concern" && !condition.note;
  }
  setText("headcount-status", headcountText(model));
  unfoldWhenGiven();
  const count = headcount(model);
  const quickCount = document.getElementById("quick-add-count");
  if (document.activeElement !== quickCount && count.total !== null && count.total > count.rows) {
    quickCount.value = String(count.total - count.rows);
  }
  renderCheckAnswers();
}

/** Folded questions unfold once they hold anything but their defaults. */
function unfoldWhenGiven() {
  const { day, month, year } = model.visit_date;
  const mode = reference.codes.visit_modes[model.visit_mode] || gettext("how not given");
  setText("when-how-summary", `${[day, month, year].join("/")}, ${mode.toLowerCase()}`);
  const among = [model.juveniles, model.vulnerable_adults].map((count) => String(count ?? "").trim());
  setText("among-them-count", among.map((count) => count || "–").join(gettext(" and ")));
  if (among.some((count) => count !== "0")) document.getElementById("among-them-details").open = true;
  if (model.raised_with_sergeant || model.sergeant_response || model.positive_findings) {
    document.getElementById("before-you-left-details").open = true;
  }
}

/** "All checked, all fine": every condition not yet rated is fine, and each is then one
 * tick for a concern. Unticked, each is rated on its own again (the ratings stay). */
function showConditionsMode() {
  const allFine = Boolean(model.conditions_all_fine);
  for (const part of form.querySelectorAll("[data-conditions-mode]")) {
    part.hidden = part.dataset.conditionsMode !== (allFine ? "all_fine" : "rated");
  }
  for (const box of form.querySelectorAll("[data-concern-for]")) {
    box.checked = model.conditions[box.dataset.concernFor].rating === "concern";
  }
}

function conditionsAllFine() {
  if (model.conditions_all_fine) {
    for (const condition of Object.values(model.conditions)) {
      if (condition.rating === "not_checked") condition.rating = "fine";
    }
    writeControls(form, model);
  }
  showConditionsMode();
}

function concernTicked(box) {
  model.conditions[box.dataset.concernFor].rating = box.checked ? "concern" : "fine";
  writeControls(form, model);
  updateReveals();
  save();
}

const link = (href, what) =>
  `<a class="govuk-link" href="#${href}">${gettext("Change")}<span class="govuk-visually-hidden"> ${what}</span></a>`;

/** "5: all asked; person 2 and person 4 answered no to one or more" */
function interviewsSummary() {
  const numbered = model.detainees.map((person, index) => ({ person, number: index + 1 }));
  const interviews = numbered.filter(({ person }) => person.outcome === "interviewed");
  const codes = checkCodes(reference.codes);
  const open = interviews.filter(({ person }) => codes.some((code) => checkAnswer(person, code) === "not_asked"));
  const no = interviews.filter(({ person }) => codes.some((code) => checkAnswer(person, code) === "no"));
  const people = (list) => list.map(({ number }) => gettext("person {number}", { number })).join(", ");
  if (!interviews.length) return gettext("None");
  const asked = open.length ? gettext("questions not asked for {people}", { people: people(open) }) : gettext("all asked");
  return [`${interviews.length}: ${asked}`,
    no.length ? gettext("answered no for {people}", { people: people(no) }) : gettext("all fine")].join("; "); // prettier-ignore
}

/** Check your answers: the report in a few lines, above the button that sends it. */
function renderCheckAnswers() {
  const codes = reference.codes;
  const visit = chosenVisit();
  const suite = visit ? visit.suite_name : currentSuite()?.name;
  const times = TIME_KEYS.map((key) => model[key] || "–").join(", ");
  const ratings = Object.entries(model.conditions);
  const concerns = ratings.filter(([, c]) => c.rating === "concern").map(([code]) => codes.suite_conditions[code]);
  const unchecked = ratings.filter(([, c]) => c.rating === "not_checked").length;
  const suiteOrNone = suite || gettext("No suite chosen");
  const rows = [
    [gettext("Visit"), gettext("{suite}; arrived, let in, left: {times}", { suite: suiteOrNone, times }),
      "f-arrived_at", gettext("the visit")],
    [gettext("People in custody"), headcountText(model), "f-detainees_in_custody", gettext("the people in custody")],
    [gettext("Interviews"), interviewsSummary(), "detainee-rows", gettext("the interviews")],
    [gettext("Suite conditions"), `${concerns.length
      ? gettext("Concern: {labels}", { labels: concerns.map((label) => label.split(" (")[0]).join(", ") })
      : gettext("No concerns")}${unchecked ? gettext("; {count} not checked", { count: unchecked }) : ""}`,
      "f-conditions-cleanliness-rating", gettext("the suite conditions")],
    [gettext("Overall"), reference.rules.ratings[model.rating] || gettext("Not given yet"), "f-rating",
      gettext("the overall rating")],
  ]; // prettier-ignore
  const html = rows.map(([key, value, href, what]) => `<div class="govuk-summary-list__row">
    <dt class="govuk-summary-list__key">${key}</dt><dd class="govuk-summary-list__value">${escape(value)}</dd>
    <dd class="govuk-summary-list__actions">${link(href, what)}</dd></div>`).join("");
  const list = document.getElementById("check-answers");
  if (list.innerHTML !== html) list.innerHTML = html;
}

function renderAll() {
  renderVisitChoices();
  renderPeopleChoices();
  renderRows();
  writeControls(form, model);
  showConditionsMode();
  updateReveals();
}

let creating = null;

/** The draft is made on the first keystroke (opening the form alone leaves nothing behind). */
async function save() {
  if (!draft) {
    creating ||= createDraft(reference.user_id, model).then((created) => {
      draft = created;
      saver = autosaver(draft, showSaved);
      history.replaceState(null, "", `?draft=${draft.uuid}`);
    });
    await creating;
  }
  saver.save(model);
}

function showSaved(saved) {
  saveStatus.textContent = gettext("Draft saved on this phone at {time}", { time: timeOfDay(saved.updated_at) });
}

function onFieldChange(event) {
  const control = event.target;
  if (control.dataset.concernFor && event.type === "change") concernTicked(control);
  if (!control.name) return;
  setPath(model, control.name, readControl(form, control));
  if (TIME_KEYS.includes(control.name)) tidyTime(control, event.type);
  const match = /^detainees\.(\d+)\./.exec(control.name);
  if (control.name === "scheduled_visit_id") {
    chooseVisit(model, reference, model.scheduled_visit_id);
    renderPeopleChoices();
    writeControls(form, model);
  } else if (control.name === "suite_id") {
    renderPeopleChoices();
  } else if (control.name === "conditions_all_fine") {
    conditionsAllFine();
  } else if (control.name === "visitor_ids") {
    renderTraineeChoices();
  } else if (match) {
    revealRow(Number(match[1]));
  }
  if (control.name === "admitted_at" && !model.delay.minutes && delayExpected(model, reference.rules)) {
    model.delay.minutes = String(delayExpected(model, reference.rules));
    writeControls(document.getElementById("delay-section"), model);
  }
  updateReveals();
  save();
}

/** A time goes into the draft as "19:05" however it was typed; the field shows it so once left. */
function tidyTime(control, eventType) {
  const hhmm = typedTime(control.value);
  if (!hhmm) return;
  model[control.name] = hhmm;
  if (eventType === "change" && control.value !== hhmm) control.value = hhmm;
}

/** "How many" people added with the outcome of the button pressed; focus stays on it, for
 * the next group, and the headcount line says what changed. */
function quickAdd(button) {
  const count = Math.min(Number.parseInt(document.getElementById("quick-add-count").value, 10) || 0, 100);
  const [outcome, reason = ""] = button.dataset.quickAdd.split(":");
  for (let i = 0; i < count; i += 1) model.detainees.push(newPerson(outcome, reason));
  removed = null;
  rowsChanged();
}

/** Gone at once, with an undo in its place: focus moves to the undo, so a slip costs nothing. */
function removeRow(index) {
  removed = { index, person: model.detainees.splice(index, 1)[0] };
  openRow = null;
  rowsChanged();
  rowsList.querySelector("[data-undo-remove]").focus();
}

function undoRemove() {
  const { index, person } = removed;
  model.detainees.splice(index, 0, person);
  removed = null;
  openRow = index;
  rowsChanged();
  rowsList.querySelector(`[data-row="${index}"] input`).focus();
}

function rowsChanged() {
  renderRows();
  updateReveals();
  save();
}

function reportErrors(built) {
  const errors = {};
  const rules = [validateReport(built.report, reference), validateContext(built.report, reference)];
  for (const found of rules) {
    for (const [key, messages] of Object.entries(found)) {
      if (built.errors[key] || (built.timesUnknown && TIME_KEYS.includes(key))) continue;
      if (key === "not_completed_reason" && built.errors.admitted_at) continue;
      errors[key] = [...(errors[key] || []), ...messages];
    }
  }
  return { ...errors, ...built.errors };
}

/** The first person with an error is opened, so the error shows by its field. */
function showReportErrors(errors) {
  const people = Object.keys(errors).map((key) => /^detainees\.(\d+)\./.exec(key)).filter(Boolean);
  const first = Math.min(...people.map((match) => Number(match[1])));
  if (people.length && first < model.detainees.length && first !== openRow) showPerson(first, false);
  showErrors(form, summarySlot, errors);
  // An error folded away (in "More about this person", say) is unfolded.
  for (const group of form.querySelectorAll(".govuk-form-group--error")) {
    const folded = group.closest("details");
    if (folded) folded.open = true;
  }
}

async function submit(event) {
  event.preventDefault();
  const built = buildReport(model, reference);
  const errors = reportErrors(built);
  if (Object.keys(errors).length) {
    showReportErrors(errors);
    return;
  }
  clearErrors(form, summarySlot);
  await save();
  await saver.flush();
  await submitDraft(draft, built.report);
  location.assign(`/visits/?submitted=${draft.uuid}`);
}

async function start() {
  // The reports page refreshes the rota; opening the form soon after needs no network.
  const loaded = await loadReference({ maxAgeMs: REFERENCE_FRESH_MS });
  reference = loaded.reference;
  if (!reference) {
    document.getElementById("report-unavailable").hidden = false;
    saveStatus.textContent = "";
    return;
  }
  const params = new URLSearchParams(location.search);
  if (params.get("draft")) draft = await loadDraft(params.get("draft"), reference.rules.format_version);
  if (draft && draft.owner_id === reference.user_id) {
    model = draft.form;
    saver = autosaver(draft, showSaved);
    showSaved(draft);
  } else {
    draft = null;
    const visit = reference.scheduled_visits.find((v) => String(v.id) === params.get("visit"));
    model = newForm(reference, visit);
    saveStatus.textContent = gettext("Your report is saved on this phone as you type.");
  }
  form.hidden = false;
  renderAll();
  if (draft && draft.server_errors) showReportErrors(draft.server_errors);
  form.addEventListener("input", onFieldChange);
  form.addEventListener("change", onFieldChange);
  form.addEventListener("submit", submit);
  document.querySelector(".app-quick-add").addEventListener("click", (event) => {
    const button = event.target.closest("[data-quick-add]");
    if (button) quickAdd(button);
  });
  document.getElementById("show-panel").addEventListener("click", () => {
    wholePanel = true;
    renderPeopleChoices();
    document.querySelector("#visitor-choices input:not(:checked)")?.focus();
  });
  summarySlot.addEventListener("click", showLinkedField, true); // before GOV.UK's own handler
  rowsList.addEventListener("click", (event) => {
    const button = event.target.closest("[data-remove-row]");
    if (button) removeRow(Number(button.dataset.removeRow));
    const toggle = event.target.closest("[data-open-row]");
    if (toggle && Number(toggle.dataset.openRow) === openRow) showList();
    else if (toggle) showPerson(Number(toggle.dataset.openRow), false);
    if (event.target.closest("[data-close-row]")) showList();
    const move = event.target.closest("[data-move]");
    if (move) showPerson(openRow + Number(move.dataset.move));
    if (event.target.closest("[data-undo-remove]")) undoRemove();
  });
  // Before the tab closes or a new version reloads the page: finish writing.
  document.addEventListener("visibilitychange", () => saver && saver.flush());
  beforeReload(() => (saver ? saver.flush() : undefined));
}

start();
