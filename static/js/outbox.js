// The outbox: finished reports waiting to reach the server. A report leaves the outbox only
// when the server has confirmed it (201 or 200); the sent copy is then kept for a short
// grace period, and all of it is cleared on sign-out.
import { getAll, remove, request, transaction } from "./db.js";
import { announce } from "./events.js";

export const SENT_GRACE_MS = 24 * 3600 * 1000;
export const WAITING = "waiting";
export const ATTENTION = "attention";

/** Draft -> outbox in one transaction: the report is always in exactly one place. */
export async function submitDraft(draft, report) {
  const item = { uuid: draft.uuid, owner_id: draft.owner_id, report, form: draft.form,
    created_at: draft.created_at, queued_at: new Date().toISOString(), status: WAITING,
    attempts: 0, problem: null }; // prettier-ignore
  await transaction(["drafts", "outbox"], "readwrite", async (s) => {
    await request(s.drafts.delete(draft.uuid));
    await request(s.outbox.put(item));
  });
  announce("outbox");
  return item;
}

export async function outboxItems(ownerId) {
  const items = await getAll("outbox");
  items.sort((a, b) => (a.queued_at || "").localeCompare(b.queued_at || ""));
  return ownerId === undefined ? items : items.filter((item) => item.owner_id === ownerId);
}

/** Waiting to be sent (a record from an older app version may have no status yet). */
export async function waitingItems(ownerId) {
  return (await outboxItems(ownerId)).filter((item) => (item.status || WAITING) === WAITING);
}

async function update(uuid, change) {
  await transaction("outbox", "readwrite", async (s) => {
    const item = await request(s.outbox.get(uuid));
    if (item) await request(s.outbox.put(change(item)));
  });
  announce("outbox");
}

export const countAttempt = (uuid) =>
  update(uuid, (item) => ({ ...item, attempts: (item.attempts || 0) + 1,
    last_attempt_at: new Date().toISOString() })); // prettier-ignore

/** The server refused it (403, 409 or 422): keep it, and say why and what to do. */
export const needsAttention = (uuid, problem) =>
  update(uuid, (item) => ({ ...item, status: ATTENTION, problem }));

/** The server has it: outbox -> sent, with the server's time of receipt. */
export async function confirmSent(uuid, receipt) {
  await transaction(["outbox", "sent"], "readwrite", async (s) => {
    const item = await request(s.outbox.get(uuid));
    if (!item) return;
    await request(s.outbox.delete(uuid));
    await request(s.sent.put({ uuid, owner_id: item.owner_id, report: item.report,
      received_at: receipt.received_at, confirmed_at: new Date().toISOString() })); // prettier-ignore
  });
  announce("outbox");
}

/** Back to the form to correct what the server found (a 422): the same uuid is kept. */
export async function returnToDraft(uuid) {
  await transaction(["outbox", "drafts"], "readwrite", async (s) => {
    const item = await request(s.outbox.get(uuid));
    if (!item) return;
    await request(s.outbox.delete(uuid));
    await request(s.drafts.put({ uuid, owner_id: item.owner_id, created_at: item.created_at,
      updated_at: new Date().toISOString(), form: item.form,
      server_errors: item.problem && item.problem.errors })); // prettier-ignore
  });
  announce("drafts");
}

export async function discard(uuid) {
  await remove("outbox", uuid);
  announce("outbox");
}

export async function sentItems(ownerId) {
  const items = (await getAll("sent")).filter((item) => item.owner_id === ownerId);
  return items.sort((a, b) => b.confirmed_at.localeCompare(a.confirmed_at));
}

/** Personal data leaves the phone once it is safely on the server for a while. */
export async function purgeSent(now = Date.now()) {
  await transaction("sent", "readwrite", async (s) => {
    for (const item of await request(s.sent.getAll())) {
      if (now - Date.parse(item.confirmed_at) > SENT_GRACE_MS) await request(s.sent.delete(item.uuid));
    }
  });
}
