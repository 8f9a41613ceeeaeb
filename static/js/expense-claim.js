// The expenses pages on the phone: the claim form (/expenses/new), kept on the phone as it is
// typed and sent when there is a signal, and the claims on this phone (/expenses/). The server
// checks every answer and computes every amount; this page only keeps and shows.
import { day } from "./dates.js";
import { onChange } from "./events.js";
import { clearErrors, showErrors } from "./form-errors.js";
import { gettext } from "./i18n.js";
import { ATTENTION, EDITING, WAITING, claimBeingEdited, discardClaim, phoneClaims, saveClaim,
  sendWaitingClaims } from "./expense-outbox.js"; // prettier-ignore
import { keptUser } from "./reference.js";

export const WAITING_TEXT = gettext("Saved on this phone, waiting to send");
const LIST_URL = "/expenses/";
const FORM_URL = "/expenses/new";
const FIELDS = ["kind", "incurred_on", "visit", "meeting", "start_place", "end_place", "miles",
  "amount", "description"]; // prettier-ignore
const MEETING = "meeting";

const escape = (text) => String(text ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const localToday = () => new Date(Date.now() - new Date().getTimezoneOffset() * 60000).toISOString().slice(0, 10);

// --- the form ---------------------------------------------------------------------------------

async function startForm(form, user) {
  const claim = await claimBeingEdited(user.id);
  const status = document.getElementById("claim-status");
  const summary = document.getElementById("app-error-summary");
  const receiptInput = form.elements.receipt;
  writeForm(form, claim.form);
  form.elements.incurred_on.max = localToday();
  if (!form.elements.incurred_on.value) form.elements.incurred_on.value = localToday();
  showKeptReceipt(claim);
  showSections(form);
  if (claim.problem) showErrors(form, summary, claim.problem.errors);
  form.hidden = false;

  const keep = async () => {
    claim.form = readForm(form);
    await saveClaim(claim);
  };
  form.addEventListener("input", () => {
    showSections(form);
    keep();
  });
  receiptInput.addEventListener("change", async () => {
    claim.receipt = receiptInput.files[0] || null;
    await keep();
    showKeptReceipt(claim);
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form, summary);
    claim.form = readForm(form);
    claim.status = WAITING;
    claim.problem = null;
    await saveClaim(claim);
    status.textContent = gettext("Sending…");
    await sendWaitingClaims();
    const after = (await phoneClaims(user.id)).find((c) => c.uuid === claim.uuid);
    if (after?.status === ATTENTION) {
      // Corrected here and sent again: the same claim, the same uuid.
      Object.assign(claim, { status: EDITING, problem: after.problem });
      await saveClaim(claim);
      status.textContent = "";
      return showErrors(form, summary, after.problem.errors);
    }
    location.assign(LIST_URL);
  });
}

function readForm(form) {
  const values = {};
  for (const name of FIELDS) {
    const control = form.elements[name];
    values[name] = control instanceof RadioNodeList ? control.value : control?.value ?? "";
  }
  // Only what the chosen kind asks for is sent (mileage has no amount, a fare no miles).
  const mileage = values.kind === "mileage";
  for (const name of mileage ? ["amount"] : ["start_place", "end_place", "miles"]) values[name] = "";
  if (values.visit !== MEETING) values.meeting = "";
  return values;
}

function writeForm(form, values) {
  for (const name of FIELDS) {
    const control = form.elements[name];
    if (control && values[name] !== undefined && values[name] !== "") control.value = values[name];
  }
}

function showSections(form) {
  const kind = form.elements.kind.value;
  document.getElementById("mileage-fields").hidden = kind !== "mileage";
  document.getElementById("cost-fields").hidden = !kind || kind === "mileage";
  document.getElementById("meeting-group").hidden = form.elements.visit.value !== MEETING;
}

/** A file input cannot be refilled after a reload: say which photo the phone still holds. */
function showKeptReceipt(claim) {
  const line = document.getElementById("receipt-kept");
  const name = claim.receipt?.name;
  line.textContent = !claim.receipt ? "" : name ? gettext("Photo kept on this phone: {name}.", { name })
    : gettext("Photo kept on this phone: receipt."); // prettier-ignore
}

// --- the list ----------------------------------------------------------------------------------

function claimHeading(claim, kinds) {
  const form = claim.form || {};
  const what = kinds[form.kind] || gettext("Claim");
  const when = /^\d{4}-\d{2}-\d{2}$/.test(form.incurred_on || "") ? `, ${day(form.incurred_on)}` : "";
  const size = form.kind === "mileage" && form.miles ? ` ${gettext("({miles} miles)", { miles: form.miles })}` : form.amount ? ` (£${form.amount})` : "";
  return escape(`${what}${when}${size}`);
}

function claimItem(claim, kinds) {
  const heading = claimHeading(claim, kinds);
  let state = `<p class="govuk-body-s">${WAITING_TEXT}.</p>`;
  let actions = "";
  if (claim.status === EDITING) {
    state = `<p class="govuk-body-s">${gettext("Not sent yet.")}</p>`;
    actions = `<a class="govuk-link" href="${FORM_URL}">${gettext("Continue")}<span class="govuk-visually-hidden"> ${heading}</span></a>`;
  } else if (claim.status === ATTENTION) {
    const errors = Object.values(claim.problem?.errors || {}).flat();
    const reasons = errors.length ? errors : [claim.problem?.message || gettext("The server refused this claim.")];
    state = `<p class="govuk-body-s">${gettext("Not accepted:")}</p><ul class="govuk-list govuk-list--bullet govuk-body-s">
      ${reasons.map((r) => `<li>${escape(r)}</li>`).join("")}</ul>`;
    actions = `<button type="button" class="govuk-button govuk-button--secondary" data-correct="${claim.uuid}">${gettext("Correct it")}<span class="govuk-visually-hidden"> ${heading}</span></button>`;
  }
  const remove = `<button type="button" class="govuk-button govuk-button--warning" data-discard="${claim.uuid}">${gettext("Delete")}<span class="govuk-visually-hidden"> ${heading}</span></button>`;
  return `<li class="app-report"><h3 class="govuk-heading-s govuk-!-margin-bottom-1">${heading}</h3>${state}
    <div class="govuk-button-group">${actions}${remove}</div></li>`;
}

async function startList(user) {
  const section = document.getElementById("phone-claims-section");
  const list = document.getElementById("phone-claims");
  const kinds = JSON.parse(document.getElementById("claim-kinds").textContent);
  const draw = async () => {
    const claims = await phoneClaims(user.id);
    section.hidden = claims.length === 0;
    list.innerHTML = claims.map((claim) => claimItem(claim, kinds)).join("");
  };
  list.addEventListener("click", async (event) => {
    const correct = event.target.closest("[data-correct]");
    const discard = event.target.closest("[data-discard]");
    if (correct) {
      const claim = (await phoneClaims(user.id)).find((c) => c.uuid === correct.dataset.correct);
      for (const other of (await phoneClaims(user.id)).filter((c) => c.status === EDITING)) {
        other.status = WAITING; // one claim is edited at a time: an unsent one waits its turn
        await saveClaim(other);
      }
      claim.status = EDITING;
      await saveClaim(claim);
      location.assign(FORM_URL);
    }
    if (discard) await discardClaim(discard.dataset.discard);
  });
  onChange((what) => {
    if (what === "claims") draw();
    if (what === "claims-sent") location.reload(); // the server's list now has them
  });
  await draw();
  await sendWaitingClaims();
}

async function start() {
  const user = await keptUser();
  const form = document.getElementById("claim-form");
  if (!user) {
    document.getElementById("claim-status")?.replaceChildren(
      gettext("Connect to the internet once and open this page again; after that it works with no signal."),
    );
    return;
  }
  if (form) return startForm(form, user);
  return startList(user);
}

start();
