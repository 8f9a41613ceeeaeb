// Drafts: a report being written. Every change is written to IndexedDB as it happens.
import { get, getAll, put, remove } from "./db.js";
import { upgradeForm } from "./draft-format.js";
import { announce } from "./events.js";

export async function createDraft(ownerId, form) {
  const now = new Date().toISOString();
  // The report's id for life: the server stores it once, whatever is resent.
  const draft = { uuid: crypto.randomUUID(), owner_id: ownerId, created_at: now,
    updated_at: now, form, server_errors: null }; // prettier-ignore
  await put("drafts", draft);
  announce("drafts");
  return draft;
}

/**
 * A draft, its form brought up to the report format the server now asks for (`format`,
 * reference rules.format_version), and kept so: a draft begun in an older app version
 * opens in the new one as if begun there.
 */
export async function loadDraft(uuid, format) {
  const draft = await get("drafts", uuid);
  if (draft && upgradeForm(draft.form, format)) await put("drafts", draft);
  return draft;
}

/** Every draft on this phone brought up to `format` (a new app version has loaded). */
export async function upgradeDrafts(format) {
  for (const draft of await getAll("drafts")) {
    if (isOfType(draft, REPORT) && upgradeForm(draft.form, format)) await put("drafts", draft);
  }
}

// Expenses claims are kept in this store too (expense-outbox.js), as type "expense".
export const REPORT = "report";
const isOfType = (draft, type) => (draft.type || REPORT) === type;

/** The owner's drafts of one type (reports unless said), or of every type (`type` null). */
export async function listDrafts(ownerId, type = REPORT) {
  const drafts = await getAll("drafts");
  return drafts.filter((draft) => draft.owner_id === ownerId && (!type || isOfType(draft, type)));
}

export async function deleteDraft(uuid) {
  await remove("drafts", uuid);
  announce("drafts");
}

/**
 * Saves a draft on every keystroke without piling up writes: one write at a time, and the
 * newest form state is always the last one written.
 */
export function autosaver(draft, onSaved = () => {}) {
  let latest = null;
  let writing = null;

  async function writeLoop() {
    while (latest) {
      const form = latest;
      latest = null;
      draft.form = form;
      draft.updated_at = new Date().toISOString();
      await put("drafts", structuredClone(draft));
      onSaved(draft);
    }
    writing = null;
  }

  return {
    save(form) {
      latest = structuredClone(form);
      if (!writing) writing = writeLoop();
      return writing;
    },
    /** Resolves once everything typed so far is on disk. */
    flush() {
      return writing || Promise.resolve();
    },
  };
}
