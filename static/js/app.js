// Loaded on every page: the offline app's service worker and update prompt, the badge of
// reports waiting to send, sending them, and clearing the phone's data on sign-out.
import { onChange } from "./events.js";
import { outboxItems } from "./outbox.js";
import { keptUser } from "./reference.js";
import { clearPhoneData, hookSignOut } from "./signout.js";
import { startSync } from "./sync.js";
import { registerWorker } from "./updates.js";

const REPORTS_PATH = "/visits/";
const SHELL_PAGES = [REPORTS_PATH, "/visits/new"];

async function showWaitingBadge() {
  const link = document.querySelector(`.govuk-service-navigation__link[href="${REPORTS_PATH}"]`);
  if (!link) return;
  const user = await keptUser();
  const count = user ? (await outboxItems(user.id)).length : 0;
  let badge = link.querySelector(".app-badge");
  if (!count) return badge?.remove();
  if (!badge) {
    badge = document.createElement("span");
    badge.className = "app-badge";
    link.append(" ", badge);
  }
  badge.innerHTML = `${count}<span class="govuk-visually-hidden"> not sent yet</span>`;
}

async function start() {
  const signInPage = location.pathname === "/sign-in";
  if (signInPage && new URLSearchParams(location.search).has("cleared")) {
    await clearPhoneData(); // a second safety net after sign-out
  }
  registerWorker().then(async (registration) => {
    // Signed in: make sure the pages needed offline are kept for this user.
    if (signInPage || !registration) return;
    const ready = await navigator.serviceWorker.ready;
    // A page that loaded while the worker was activating can miss its claim and stay
    // uncontrolled: ask again, so this page too is served offline when the signal goes.
    if (!navigator.serviceWorker.controller) ready.active?.postMessage({ type: "claim" });
    const kept = await Promise.all(SHELL_PAGES.map((page) => caches.match(page, { ignoreVary: true })));
    // Once per tab: a coordinator's pages are never kept, so do not ask on every page.
    if (kept.includes(undefined) && !sessionStorage.getItem("icv-warmed")) {
      ready.active?.postMessage({ type: "warm" });
      sessionStorage.setItem("icv-warmed", "1");
    }
  }).catch(() => null); // no service worker (blocked, or an old browser): the pages still work
  if (signInPage) return;
  hookSignOut();
  showWaitingBadge();
  onChange(() => showWaitingBadge());
  startSync();
}

start();
