// Who is signed in and what they may record (suites, co-visitors, codes, scheduled visits),
// kept in IndexedDB so the form works with no signal, even after the phone restarts.
import { getMeta, setMeta } from "./db.js";
import { announce } from "./events.js";
import { pageLanguage } from "./i18n.js";

const REFERENCE_URL = "/api/v1/reference";
const SESSION_URL = "/api/v1/session";
let fetching = null; // the request in flight, if any

/**
 * Fresh from the server when possible; otherwise the copy kept from last time. With
 * `maxAgeMs`, a kept copy younger than that is used without asking the network at all.
 */
export async function loadReference({ maxAgeMs = 0 } = {}) {
  if (maxAgeMs > 0) {
    const fetchedAt = await getMeta("reference_fetched_at");
    const kept = await keptReference();
    // Its labels and messages are in one language: after a switch, fetch it in the new one.
    const sameLanguage = (kept?.language || "en") === pageLanguage();
    if (kept && sameLanguage && fetchedAt && Date.now() - fetchedAt < maxAgeMs) {
      return { reference: kept, fresh: false };
    }
  }
  // Every page refreshes it (app.js), and some pages want it too: they share one request.
  fetching ||= fetchReference().finally(() => (fetching = null));
  return fetching;
}

async function fetchReference() {
  try {
    const response = await fetch(REFERENCE_URL, { credentials: "same-origin" });
    if (response.ok) {
      const reference = await response.json();
      const previous = await keptUser();
      if (previous && previous.id !== reference.user_id) await forgetKeptPages();
      await setMeta("reference", reference);
      await setMeta("reference_fetched_at", Date.now());
      await setMeta("user", { id: reference.user_id, name: reference.name });
      if (previous?.id !== reference.user_id) announce("user");
      return { reference, fresh: true };
    }
    if (response.status === 401) return { reference: await keptReference(), signedOut: true };
    if (response.status === 403) return { reference: await keptReference(), forbidden: true };
  } catch (offline) {
    // No network: fall back to the kept copy below.
  }
  return { reference: await keptReference(), fresh: false };
}

export const keptReference = () => getMeta("reference");

/**
 * Someone else signed in on this phone without signing out first: the kept pages show the
 * previous person's navigation and list, so drop them. Their unsent reports stay in IndexedDB
 * (under their id), to be sent when they sign in again.
 */
async function forgetKeptPages() {
  if (!("caches" in self)) return;
  for (const name of await caches.keys()) {
    if (name.startsWith("icv-pages-") || name === "icv-data") await caches.delete(name);
  }
  // ... and keep this person's copies instead, for use offline.
  self.navigator.serviceWorker?.controller?.postMessage({ type: "warm" });
}

/** The user this phone last saw signed in (reports are only ever sent as their owner). */
export const keptUser = () => getMeta("user");

/**
 * {status: "ok", session: {user_id, name, csrf_token}} | {status: "signed-out"} |
 * {status: "offline"}: what a sync run needs before it sends anything.
 */
export async function fetchSession() {
  let response;
  try {
    response = await fetch(SESSION_URL, { credentials: "same-origin", cache: "no-store" });
  } catch (error) {
    return { status: "offline" };
  }
  if (response.status === 401) return { status: "signed-out" };
  if (!response.ok) return { status: "offline", httpStatus: response.status };
  const session = await response.json();
  const previous = await keptUser();
  await setMeta("user", { id: session.user_id, name: session.name });
  if (previous?.id !== session.user_id) announce("user");
  return { status: "ok", session };
}
