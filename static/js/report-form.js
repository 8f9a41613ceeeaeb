// The visit report form: works with no signal, keeps every keystroke in IndexedDB, checks
// the report as the server will, and puts it in the outbox to be sent.
import { dateRange, timeOfDay } from "./dates.js";
import { autosaver, createDraft, loadDraft } from "./drafts.js";
import { beforeReload } from "./events.js";
import { readControl, setPath, writeControls } from "./form-bind.js";
import { clearErrors, showErrors } from "./form-errors.js";
import { submitDraft } from "./outbox.js";
import { loadReference } from "./reference.js";
import {
  buildReport, chooseVisit, delayExpected, headcount, headcountText, newForm, newPerson, typedTime,
} from "./report-model.js";
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
    ? [choice("radios", "scheduled_visit_id", chosen, "The rota visit chosen before (no longer on your rota)",
        `f-scheduled_visit_id-${chosen}`)] // prettier-ignore
    : [];
  document.getElementById("visit-choices").innerHTML = goneChoice.concat(visits
    .map((visit, index) => {
      const withWhom = visit.co_visitors.map((person) => person.name).join(" and ");
      const id = index === 0 ? "f-scheduled_visit_id" : `f-scheduled_visit_id-${visit.id}`;
      return choice("radios", "scheduled_visit_id", String(visit.id),
        `${visit.suite_name}, ${windowText(visit)}`, id, withWhom ? `With ${withWhom}` : ""); // prettier-ignore
    })
    .concat(choice("radios", "scheduled_visit_id", "", "Another visit, not on the rota",
      visits.length ? "f-scheduled_visit_id-adhoc" : "f-scheduled_visit_id"))) // prettier-ignore
    .join("");
  const select = document.getElementById("f-suite_id");
  select.innerHTML = `<option value="">Choose a suite</option>${reference.suites
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
  const slot = document.getElementById("trainee-choices");
  slot.innerHTML = trainees
    .map((person, index) => choice("checkboxes", "trainee_ids", String(person.id), person.name,
      index === 0 ? "f-trainee_ids" : `f-trainee_ids-${person.id}`)) // prettier-ignore
    .join("");
  writeControls(slot, model);
}

function renderPeopleChoices() {
  const people = possibleCoVisitors();
  const visit = chosenVisit();
  document.getElementById("visitor-choices").innerHTML = [...people.values()]
    .map((person, index) => choice("checkboxes", "visitor_ids", String(person.id), person.name,
      index === 0 ? "f-visitor_ids" : `f-visitor_ids-${person.id}`,
      person.probation ? "On probation" : "")) // prettier-ignore
    .join("") || '<p class="govuk-body">No other volunteers are on your panel yet.</p>';
  writeControls(document.getElementById("visitor-choices"), model);
  renderTraineeChoices();
  const fixed = document.getElementById("suite-fixed");
  fixed.hidden = !visit;
  fixed.textContent = visit ? `Custody suite: ${visit.suite_name}` : "";
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
}

function revealRow(index) {
  const row = rowsList.querySelector(`[data-row="${index}"]`);
  const person = model.detainees[index];
  for (const part of row.querySelectorAll("[data-when]")) part.hidden = part.dataset.when !== person.outcome;
  row.querySelector("[data-when-reason]").hidden = person.unavailable_reason !== "other";
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
    ? `You were let in ${minutes} minutes after you arrived, so record the delay at the door.`
    : ""); // prettier-ignore
  document.getElementById("not-completed-section").hidden = !model.not_completed;
  document.getElementById("follow-up-section").hidden = !model.follow_up_needed;
  for (const note of form.querySelectorAll("[data-note-for]")) {
    const condition = model.conditions[note.dataset.noteFor];
    note.hidden = condition.rating !== "concern" && !condition.note;
  }
  setText("headcount-status", headcountText(model));
  const count = headcount(model);
  const quickCount = document.getElementById("quick-add-count");
  if (document.activeElement !== quickCount && count.total !== null && count.total > count.rows) {
    quickCount.value = String(count.total - count.rows);
  }
  setText("quick-add", `Add ${quickCount.value || 0} people`);
}

function renderAll() {
  renderVisitChoices();
  renderPeopleChoices();
  renderRows();
  writeControls(form, model);
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
  saveStatus.textContent = `Draft saved on this phone at ${timeOfDay(saved.updated_at)}`;
}

function onFieldChange(event) {
  const control = event.target;
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

function quickAdd() {
  const count = Math.min(Number.parseInt(document.getElementById("quick-add-count").value, 10) || 0, 100);
  const [outcome, reason = ""] = document.getElementById("quick-add-outcome").value.split(":");
  const first = model.detainees.length;
  for (let i = 0; i < count; i += 1) model.detainees.push(newPerson(outcome, reason));
  removed = null;
  rowsChanged();
  rowsList.querySelector(`[data-row="${first}"] input`)?.focus();
}

/** Gone at once, with an undo in its place: focus moves to the undo, so a slip costs nothing. */
function removeRow(index) {
  removed = { index, person: model.detainees.splice(index, 1)[0] };
  rowsChanged();
  rowsList.querySelector("[data-undo-remove]").focus();
}

function undoRemove() {
  const { index, person } = removed;
  model.detainees.splice(index, 0, person);
  removed = null;
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

async function submit(event) {
  event.preventDefault();
  const built = buildReport(model, reference);
  const errors = reportErrors(built);
  if (Object.keys(errors).length) {
    showErrors(form, summarySlot, errors);
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
    saveStatus.textContent = "Your report is saved on this phone as you type.";
  }
  form.hidden = false;
  renderAll();
  if (draft && draft.server_errors) showErrors(form, summarySlot, draft.server_errors);
  form.addEventListener("input", onFieldChange);
  form.addEventListener("change", onFieldChange);
  form.addEventListener("submit", submit);
  document.getElementById("quick-add").addEventListener("click", quickAdd);
  document.getElementById("quick-add-count").addEventListener("input", updateReveals);
  rowsList.addEventListener("click", (event) => {
    const button = event.target.closest("[data-remove-row]");
    if (button) removeRow(Number(button.dataset.removeRow));
    if (event.target.closest("[data-undo-remove]")) undoRemove();
  });
  // Before the tab closes or a new version reloads the page: finish writing.
  document.addEventListener("visibilitychange", () => saver && saver.flush());
  beforeReload(() => (saver ? saver.flush() : undefined));
}

start();
