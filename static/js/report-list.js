// The "Visit reports" page: every report on this phone with its state in plain words, the
// sync status and "Send now", the emergency export, and the sign-out warning.
import { dayAndTime, day } from "./dates.js";
import { deleteDraft, listDrafts } from "./drafts.js";
import { onChange } from "./events.js";
import { downloadUnsent } from "./export.js";
import { ATTENTION, discard, outboxItems, purgeSent, returnToDraft, sentItems } from "./outbox.js";
import { gettext, ngettext } from "./i18n.js";
import { keptUser, loadReference } from "./reference.js";
import { signOut, unsentCount } from "./signout.js";
import { storageWarning } from "./storage.js";
import { syncNow, syncState } from "./sync.js";

const list = document.getElementById("phone-reports");
const status = document.getElementById("sync-status");
const messages = document.getElementById("app-messages");
let reference = null;
let user = null;
let lastRendered = "";

const escape = (text) => String(text ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function tag(text, colour) {
  return `<strong class="govuk-tag govuk-tag--${colour} app-state">${text}</strong>`;
}

function suiteName(id) {
  return reference?.suites.find((suite) => String(suite.id) === String(id))?.name;
}

/** A draft's heading, from what has been typed so far. */
function title(form) {
  const typed = form?.visit_date;
  const iso = typed ? `${typed.year}-${String(typed.month).padStart(2, "0")}-${String(typed.day).padStart(2, "0")}` : "";
  const real = /^\d{4}-\d{2}-\d{2}$/.test(iso) && !Number.isNaN(Date.parse(iso));
  const date = real ? day(iso) : typed ? `${typed.day}/${typed.month}/${typed.year}` : "";
  const suite = suiteName(form?.suite_id);
  return escape(suite ? `${suite}, ${date}` : gettext("Visit on {date}", { date }));
}

/** A queued or sent report's heading, from the report itself (older app versions kept no form). */
function reportTitle(report) {
  const arrived = report?.arrived_at ? day(report.arrived_at) : "";
  return escape(`${suiteName(report?.suite_id) || gettext("Visit report")}${arrived ? `, ${arrived}` : ""}`);
}

function card(heading, state, body, actions = "") {
  return `<li class="app-report">
    <h3 class="govuk-heading-s govuk-!-margin-bottom-1">${heading}</h3>${state}${body}
    ${actions ? `<div class="govuk-button-group app-report__actions">${actions}</div>` : ""}</li>`;
}

function draftCard(draft) {
  return card(title(draft.form), tag(gettext("Draft"), "grey"),
    `<p class="govuk-body-s">${gettext("Last saved {when}. Not sent until you submit it.", { when: dayAndTime(draft.updated_at) })}</p>`,
    `<a class="govuk-link" href="/visits/new?draft=${draft.uuid}">${gettext("Continue")}<span class="govuk-visually-hidden"> ${title(draft.form)}</span></a>
     <button type="button" class="govuk-button govuk-button--secondary" data-action="delete-draft" data-uuid="${draft.uuid}">${gettext("Delete draft")}</button>`); // prettier-ignore
}

function attentionBody(problem) {
  const errors = Object.values(problem.errors || {}).flat();
  const list = errors.length
    ? `<ul class="govuk-list govuk-list--bullet">${errors.map((e) => `<li>${escape(e)}</li>`).join("")}</ul>` : "";
  // Kept in English (sync.js), so they show in the language of the page that reads them.
  const reason = gettext(problem.reason, { status: problem.status });
  return `<p class="govuk-body">${escape(reason)}</p>${list}
    <p class="govuk-body"><strong>${gettext("What to do:")}</strong> ${escape(gettext(problem.todo))}</p>`;
}

function outboxCard(item, sending) {
  const heading = reportTitle(item.report);
  if (item.status === ATTENTION) {
    const correct = item.problem.status === 422
      ? `<button type="button" class="govuk-button" data-action="correct" data-uuid="${item.uuid}">${gettext("Correct the report")}</button>` : "";
    return card(heading, tag(gettext("Needs attention"), "red"), attentionBody(item.problem),
      `${correct}<button type="button" class="govuk-button govuk-button--warning" data-action="discard" data-uuid="${item.uuid}">${gettext("Remove from this phone")}</button>`); // prettier-ignore
  }
  if (sending) return card(heading, tag(gettext("Sending"), "yellow"), "");
  return card(heading, tag(gettext("Saved on this phone, waiting to send"), "blue"),
    item.queued_at ? `<p class="govuk-body-s">${gettext("Submitted {when}.", { when: dayAndTime(item.queued_at) })}</p>` : "");
}

function sentCard(item) {
  return card(reportTitle(item.report), tag(gettext("Sent"), "green"),
    `<p class="govuk-body-s">${gettext("Received by the server {when}.", { when: dayAndTime(item.received_at) })}</p>`);
}

async function renderReports() {
  if (!user) {
    list.innerHTML = `<p class="govuk-body">${gettext("Connect to the internet once so this phone knows who you are.")}</p>`;
    return;
  }
  const [drafts, outbox, sent] = await Promise.all([listDrafts(user.id), outboxItems(user.id), sentItems(user.id)]);
  const state = syncState();
  const cards = [
    ...outbox.filter((item) => item.status === ATTENTION).map((item) => outboxCard(item)),
    ...drafts.map(draftCard),
    ...outbox.filter((item) => item.status !== ATTENTION).map((item) => outboxCard(item, state.sending === item.uuid)),
    ...sent.map(sentCard),
  ];
  const html = cards.length
    ? `<ul class="govuk-list app-reports">${cards.join("")}</ul>`
    : `<p class="govuk-body">${gettext("No reports on this phone.")}</p>`;
  // Re-render only on a real change, so a button is never replaced under a finger.
  if (html !== lastRendered) list.innerHTML = html;
  lastRendered = html;
  renderStatus(outbox.filter((item) => item.status !== ATTENTION).length);
}

function renderStatus(waiting) {
  const state = syncState();
  let text = waiting
    ? ngettext("{num} report waiting to send.", "{num} reports waiting to send.", waiting)
    : gettext("Nothing waiting to send.");
  if (state.sending) text = gettext("Sending…");
  else if (waiting && state.lastProblem === "offline") {
    text += ` ${gettext("No connection: they will be sent automatically when there is one.")}`;
  } else if (waiting && state.lastProblem === "server") {
    text += ` ${gettext("The server is not answering: trying again automatically.")}`;
  }
  if (status.textContent !== text) status.textContent = text;
  showSignInNeeded(state.signInNeeded ? waiting : 0);
}

function banner(id, heading, body, success = false) {
  const role = success ? ' role="alert"' : ' role="region"';
  return `<div class="govuk-notification-banner${success ? " govuk-notification-banner--success" : ""}" id="${id}"${role} aria-labelledby="${id}-title">
    <div class="govuk-notification-banner__header"><h2 class="govuk-notification-banner__title" id="${id}-title">${success ? gettext("Success") : gettext("Important")}</h2></div>
    <div class="govuk-notification-banner__content"><p class="govuk-notification-banner__heading">${heading}</p>${body}</div></div>`;
}

function showSignInNeeded(count) {
  const existing = document.getElementById("sign-in-needed");
  if (!count) return existing?.remove();
  const next = encodeURIComponent(`${location.pathname}`);
  const html = banner("sign-in-needed", ngettext("Sign in again to send {num} report", "Sign in again to send {num} reports", count),
    `<p class="govuk-body">${signInLine(next)}</p>`);
  if (existing) existing.outerHTML = html;
  else messages.insertAdjacentHTML("afterbegin", html);
}

function showSubmitted() {
  const uuid = new URLSearchParams(location.search).get("submitted");
  if (!uuid) return;
  messages.insertAdjacentHTML("beforeend", banner("submitted", gettext("Report saved on this phone"),
    `<p class="govuk-body">${gettext("It is sent as soon as there is a connection. Its state is shown below.")}</p>`, true)); // prettier-ignore
  history.replaceState(null, "", location.pathname);
}

function signInLine(next) {
  const link = `<a class="govuk-notification-banner__link" href="/sign-in?next=${next}">`;
  return gettext("Your reports are safe on this phone. {link}Sign in{end} and they will be sent.", { link, end: "</a>" });
}

function renderUpcoming() {
  const visits = reference?.scheduled_visits || [];
  const slot = document.getElementById("upcoming-visits");
  if (!visits.length) return slot.replaceChildren();
  slot.innerHTML = `<h2 class="govuk-heading-m">${gettext("Your visits on the rota")}</h2><ul class="govuk-list">${visits
    .map((v) => `<li><a class="govuk-link" href="/visits/new?visit=${v.id}">${gettext("Record your visit to {suite}", { suite: escape(v.suite_name) })}</a>
      <span class="govuk-body-s">(${gettext("{start} to {end}", { start: escape(v.window_starts_on), end: escape(v.window_ends_on) })})</span></li>`)
    .join("")}</ul>`;
}

/** A send went through: show the server's list and the rota as they are now, with no reload. */
async function catchUpWithServer() {
  reference = (await loadReference()).reference;
  renderUpcoming();
  let page;
  try {
    const response = await fetch(location.pathname, { credentials: "same-origin", cache: "no-store" });
    if (!response.ok || response.redirected) return;
    page = new DOMParser().parseFromString(await response.text(), "text/html");
  } catch (offline) {
    return; // the next page load shows them
  }
  const received = page.getElementById("received-reports");
  if (received) document.getElementById("received-reports").replaceWith(received);
}

async function onAction(event) {
  const button = event.target.closest("button[data-action]");
  if (!button) return;
  const { action, uuid } = button.dataset;
  if ((action === "delete-draft" || action === "discard") && !button.dataset.confirmed) {
    button.dataset.confirmed = "1"; // a second press confirms: nothing is deleted by accident
    button.textContent = action === "discard" ? gettext("Yes, remove it (download it first)") : gettext("Yes, delete this draft");
    return;
  }
  if (action === "delete-draft") await deleteDraft(uuid);
  if (action === "discard") await discard(uuid);
  if (action === "correct") {
    await returnToDraft(uuid);
    location.assign(`/visits/new?draft=${uuid}`);
  }
}

async function showSignOutWarning() {
  const warning = document.getElementById("sign-out-warning");
  const count = await unsentCount();
  warning.hidden = location.hash !== "#sign-out" || count === 0;
  if (warning.hidden) return;
  document.getElementById("sign-out-warning-text").textContent =
    ngettext("{num} report on this phone has not reached the server.",
      "{num} reports on this phone have not reached the server.", count); // prettier-ignore
  warning.focus();
}

function bindButtons() {
  list.addEventListener("click", onAction);
  document.getElementById("send-now").addEventListener("click", () => syncNow());
  document.getElementById("export-unsent").addEventListener("click", async () => {
    const count = user ? await downloadUnsent(user.id) : 0;
    document.getElementById("export-status").textContent = count
      ? ngettext("Downloaded {num} unsent report.", "Downloaded {num} unsent reports.", count)
      : gettext("There are no unsent reports to download.");
  });
  document.getElementById("sign-out-anyway").addEventListener("click", () => {
    const form = document.querySelector(".app-sign-out__form");
    if (form) signOut(form);
  });
  document.getElementById("sign-out-cancel").addEventListener("click", () => {
    history.replaceState(null, "", location.pathname);
    showSignOutWarning();
  });
  window.addEventListener("hashchange", showSignOutWarning);
}

async function start() {
  bindButtons();
  showSubmitted();
  try {
    reference = (await loadReference()).reference;
    user = await keptUser();
    await purgeSent();
    renderUpcoming();
    await renderReports();
    await showStorageWarning();
  } finally {
    document.getElementById("report-list-shell").classList.remove("app-drawn-by-script");
  }
  showSignOutWarning();
  onChange((what) => {
    if (what === "sent") catchUpWithServer();
    renderReports();
  });
}

async function showStorageWarning() {
  const warning = await storageWarning();
  const box = document.getElementById("storage-warning");
  box.textContent = warning;
  box.hidden = !warning;
}

start();
