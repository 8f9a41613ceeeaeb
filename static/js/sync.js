// Sending the outbox: exactly once, whatever the network or the session did meanwhile.
// The server stores a report once per uuid (PUT is idempotent), so a retry after a lost
// answer is safe and gets 200. Sent on page load, when the browser comes online, on a timer
// with capped exponential backoff, after each submission and from the "Send now" button.
import { announce, beforeReload, onChange } from "./events.js";
import { N_ } from "./i18n.js";
import { confirmSent, countAttempt, needsAttention, waitingItems } from "./outbox.js";
import { fetchSession } from "./reference.js";

export const BACKOFF = { firstMs: 5000, maxMs: 5 * 60 * 1000 };
const REQUEST_TIMEOUT_MS = 30000;

const state = {
  running: null, // the current run's promise: callers join it instead of starting another
  sending: null, // uuid being sent now
  delivered: 0, // reports the server confirmed in the current run
  failures: 0,
  timer: null,
  nextAttemptAt: null,
  signInNeeded: false,
  lastProblem: null, // "offline" | "server" | null
};

export function syncState() {
  const { sending, failures, nextAttemptAt, signInNeeded, lastProblem } = state;
  return { sending, failures, nextAttemptAt, signInNeeded, lastProblem, busy: Boolean(state.running) };
}

/** Send everything waiting; resolves with the state once this run (or the one running) ends. */
export function syncNow() {
  if (!state.running) {
    clearTimeout(state.timer);
    state.timer = null;
    state.nextAttemptAt = null;
    state.delivered = 0;
    state.running = withLock(run).finally(() => {
      state.running = null;
      state.sending = null;
      announce("sync");
      // Pages showing what the server holds (the reports page) catch up, in every tab.
      if (state.delivered) announce("sent");
    });
    announce("sync");
  }
  return state.running.then(syncState);
}

/** One run at a time across all the app's tabs, where the browser can arrange it. */
function withLock(work) {
  if (navigator.locks) return navigator.locks.request("icv-sync", work);
  return work();
}

async function run() {
  if ((await waitingItems()).length === 0) {
    state.failures = 0;
    state.lastProblem = null;
    return;
  }
  let session = await fetchSession();
  if (session.status === "signed-out") return signInNeeded();
  if (session.status !== "ok") return failed(session.httpStatus ? "server" : "offline");
  state.signInNeeded = false;
  const items = await waitingItems(session.session.user_id);
  for (const item of items) {
    state.sending = item.uuid;
    announce("sync");
    await countAttempt(item.uuid);
    let outcome = await send(item, session.session.csrf_token);
    if (outcome === "csrf") {
      // The token went stale (tokens last an hour): get a fresh one and try once more.
      session = await fetchSession();
      if (session.status !== "ok") return session.status === "signed-out" ? signInNeeded() : failed("offline");
      outcome = await send(item, session.session.csrf_token);
    }
    if (outcome === "sent") state.delivered += 1;
    if (outcome === "signed-out" || outcome === "csrf") return signInNeeded();
    if (outcome === "offline" || outcome === "server") return failed(outcome);
  }
  state.failures = 0;
  state.lastProblem = null;
  // Anything queued while this run was busy goes now rather than at the next trigger.
  const left = await waitingItems(session.session.user_id);
  if (left.some((item) => !items.find((done) => done.uuid === item.uuid))) scheduleRetry(0);
}

/** PUT one report; returns "sent" | "refused" | "csrf" | "signed-out" | "offline" | "server". */
async function send(item, csrfToken) {
  let response;
  try {
    response = await fetch(`/api/v1/visit-reports/${item.uuid}`, {
      method: "PUT",
      credentials: "same-origin",
      cache: "no-store",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken },
      // Exactly as queued, whatever app version queued it: a resend is then identical (so the
      // server answers 200, not 409), and format_version tells the server its shape.
      body: JSON.stringify(item.report),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    return "offline"; // no answer: it may or may not have arrived; resending is safe
  }
  const body = await response.json().catch(() => ({}));
  if (response.status === 200 || response.status === 201) {
    await confirmSent(item.uuid, body);
    return "sent";
  }
  if (response.status === 401) return "signed-out";
  if (response.status === 400 && body.error === "csrf_failed") return "csrf";
  // Any other 4xx but "timeout" and "too many requests" will not change by resending.
  if (response.status >= 400 && response.status < 500 && ![408, 429].includes(response.status)) {
    await needsAttention(item.uuid, describeRefusal(response.status, body));
    return "refused";
  }
  return "server"; // 5xx, 408, 429, a proxy's error page: try again later
}

/** Plain words for why the server said no, and what the volunteer can do about it. */
export function describeRefusal(status, body) {
  if (status === 422) {
    return { status, reason: N_("The server found something to correct in this report."),
      todo: N_("Open the report, correct what is shown, and send it again."),
      errors: body.errors || {} }; // prettier-ignore
  }
  if (status === 403) {
    return { status, reason: body.message || N_("You cannot file reports for this suite."),
      todo: N_("Download this report and send it to your coordinator, who can add it for you."),
      errors: body.errors || {} }; // prettier-ignore
  }
  if (status === 409) {
    return { status, reason: body.message || N_("The server already has a different report with this id."),
      todo: N_("Download this report and send it to your coordinator; they can amend the one received."),
      errors: {} }; // prettier-ignore
  }
  return { status, reason: N_("The server could not accept this report (error {status})."),
    todo: N_("Download this report and send it to your coordinator, who can add it for you."),
    errors: body.errors || {} }; // prettier-ignore
}

function signInNeeded() {
  state.signInNeeded = true;
  state.lastProblem = null;
  // No timer: nothing can be sent until the volunteer signs in again; the next page load
  // (after signing in) sends everything.
}

function failed(problem) {
  state.failures += 1;
  state.lastProblem = problem;
  scheduleRetry(backoffDelay(state.failures));
  // The browser's own "back online" signal, once per streak of failures.
  if (problem === "offline" && state.failures === 1) registerBackgroundSync();
}

/** 5 s, 10 s, 20 s ... up to 5 minutes, with jitter so phones do not all retry at once. */
export function backoffDelay(failures, random = Math.random) {
  const base = Math.min(BACKOFF.maxMs, BACKOFF.firstMs * 2 ** Math.max(0, failures - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

function scheduleRetry(delayMs) {
  clearTimeout(state.timer);
  state.nextAttemptAt = Date.now() + delayMs;
  state.timer = setTimeout(() => syncNow(), delayMs);
}

async function registerBackgroundSync() {
  try {
    const registration = await navigator.serviceWorker?.ready;
    await registration?.sync?.register("icv-send-outbox");
  } catch (unsupported) {
    // Only an extra: the timer above does the work everywhere.
  }
}

let started = false;

/** Start the automatic triggers (once per page). */
export function startSync() {
  if (started) return;
  started = true;
  window.addEventListener("online", () => {
    state.failures = 0;
    syncNow();
  });
  navigator.serviceWorker?.addEventListener("message", (event) => {
    // Background Sync never jumps the backoff: the server may be failing, not the network.
    const due = !state.nextAttemptAt || Date.now() >= state.nextAttemptAt;
    if (event.data && event.data.type === "send-outbox" && due) syncNow();
  });
  // A new app version waits until nothing is being sent.
  beforeReload(() => state.running || Promise.resolve());
  syncNow();
}
