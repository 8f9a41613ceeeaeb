// Expenses claims on the phone. A claim lives in the drafts store (type "expense") from the
// first thing typed until the server has it: "editing" while the form is open, "waiting" once
// the volunteer sends it (with or without a signal), "attention" when the server refused it.
// The server stores a claim once per uuid, so a resend after a lost answer is safe.
import { get, getAll, put, remove } from "./db.js";
import { announce } from "./events.js";
import { fetchSession, keptUser } from "./reference.js";

export const EXPENSE = "expense";
export const EDITING = "editing";
export const WAITING = "waiting";
export const ATTENTION = "attention";
const REQUEST_TIMEOUT_MS = 60000; // a photo over a weak signal takes a while

const isClaim = (draft) => draft.type === EXPENSE;

/** The owner's claims on this phone, oldest first. */
export async function phoneClaims(ownerId) {
  const drafts = (await getAll("drafts")).filter((d) => isClaim(d) && d.owner_id === ownerId);
  return drafts.sort((a, b) => a.created_at.localeCompare(b.created_at));
}

/** The claim being written (one at a time), or a new one. */
export async function claimBeingEdited(ownerId) {
  const editing = (await phoneClaims(ownerId)).find((claim) => claim.status === EDITING);
  if (editing) return editing;
  const now = new Date().toISOString();
  // The claim's id for life: the server stores it once, whatever is resent.
  return { uuid: crypto.randomUUID(), type: EXPENSE, owner_id: ownerId, created_at: now,
    updated_at: now, status: EDITING, form: {}, receipt: null, problem: null }; // prettier-ignore
}

export async function saveClaim(claim) {
  claim.updated_at = new Date().toISOString();
  await put("drafts", claim);
  announce("claims");
}

export async function discardClaim(uuid) {
  await remove("drafts", uuid);
  announce("claims");
}

let running = null;

/** Send every waiting claim; one run at a time (callers join the one running). */
export function sendWaitingClaims() {
  running ||= run().finally(() => (running = null));
  return running;
}

async function run() {
  // Every page calls this: nothing to send (a coordinator's, most pages) asks the server nothing.
  const user = await keptUser();
  if (!user || !(await phoneClaims(user.id)).some((claim) => claim.status === WAITING)) return "none";
  const session = await fetchSession();
  if (session.status !== "ok") return session.status; // offline, or signed out: try later
  const claims = await phoneClaims(session.session.user_id);
  let sent = 0;
  for (const claim of claims.filter((c) => c.status === WAITING)) {
    const outcome = await send(claim, session.session.csrf_token);
    if (outcome === "sent") sent += 1;
    if (outcome === "offline" || outcome === "server") break;
  }
  if (sent) announce("claims-sent");
  return "ok";
}

/** PUT one claim: "sent" | "refused" | "offline" | "server". */
async function send(claim, csrfToken) {
  const body = new FormData();
  for (const [name, value] of Object.entries(claim.form)) body.append(name, value);
  if (claim.receipt) body.append("receipt", claim.receipt, claim.receipt.name || "receipt");
  let response;
  try {
    response = await fetch(`/api/v1/expense-claims/${claim.uuid}`, {
      method: "PUT",
      credentials: "same-origin",
      cache: "no-store",
      headers: { "X-CSRFToken": csrfToken },
      body,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    return "offline";
  }
  const answer = await response.json().catch(() => ({}));
  if (response.status === 200 || response.status === 201) {
    await discardClaim(claim.uuid);
    return "sent";
  }
  if (response.status >= 400 && response.status < 500 && ![401, 408, 429].includes(response.status)) {
    const current = await get("drafts", claim.uuid);
    if (current) {
      current.status = ATTENTION;
      current.problem = { status: response.status, message: answer.message || "", errors: answer.errors || {} };
      await saveClaim(current);
    }
    return "refused";
  }
  return "server";
}

let started = false;

/** Send waiting claims now and whenever the signal comes back (once per page). */
export function startClaimSync() {
  if (started) return;
  started = true;
  window.addEventListener("online", () => sendWaitingClaims());
  sendWaitingClaims();
}
