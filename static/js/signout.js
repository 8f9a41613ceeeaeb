// Phones are personal and get lost: on sign-out the app's data leaves the phone. Reports (and
// expenses claims) not yet sent are never deleted silently: the volunteer is warned first.
import { clearAll } from "./db.js";
import { listDrafts } from "./drafts.js";
import { outboxItems } from "./outbox.js";
import { keptUser } from "./reference.js";

export const UNSENT_WARNING_URL = "/visits/#sign-out";

export async function clearPhoneData() {
  await clearAll();
  if ("caches" in window) {
    for (const name of await caches.keys()) {
      // Pages and reference data hold personal data; the static files do not.
      if (name.startsWith("icv-pages-") || name === "icv-data") await caches.delete(name);
    }
  }
}

export async function unsentCount() {
  const user = await keptUser();
  if (!user) return 0;
  const [drafts, outbox] = await Promise.all([listDrafts(user.id, null), outboxItems(user.id)]);
  return drafts.length + outbox.length;
}

async function freshToken() {
  try {
    const response = await fetch("/api/v1/session", { credentials: "same-origin", cache: "no-store" });
    return response.ok ? (await response.json()).csrf_token : null;
  } catch (offline) {
    return null;
  }
}

/** Clear, then really submit the sign-out form (with a token that has not expired). */
export async function signOut(form) {
  await clearPhoneData();
  const token = await freshToken();
  const field = form.querySelector("input[name=csrf_token]");
  if (token && field) field.value = token;
  form.dataset.cleared = "1";
  form.submit();
}

export function hookSignOut() {
  for (const form of document.querySelectorAll(".app-sign-out__form")) {
    form.addEventListener("submit", async (event) => {
      if (form.dataset.cleared === "1") return;
      event.preventDefault();
      if ((await unsentCount()) === 0) return signOut(form);
      if (location.pathname !== "/visits/") return location.assign(UNSENT_WARNING_URL);
      location.hash = "";
      location.hash = "sign-out"; // the reports page shows the warning (reports-page.js)
    });
  }
}
