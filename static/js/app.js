// Loaded on every page: the offline app's service worker and update prompt, the badge of
// reports waiting to send, sending them, and clearing the phone's data on sign-out.
import { upgradeDrafts } from "./drafts.js";
import { onChange } from "./events.js";
import { startClaimSync } from "./expense-outbox.js";
import { gettext, ngettext, pageLanguage } from "./i18n.js";
import { outboxItems } from "./outbox.js";
import { keptUser, loadReference } from "./reference.js";
import { clearPhoneData, hookSignOut } from "./signout.js";
import { startSync } from "./sync.js";
import { registerWorker } from "./updates.js";

const REPORTS_PATH = "/visits/";

/** How many reports wait to send: a badge on "Reports", and a line on a volunteer's Home. */
async function showWaiting() {
  const user = await keptUser();
  const count = user ? (await outboxItems(user.id)).length : 0;
  const line = document.getElementById("waiting-to-send");
  const text = count
    ? ngettext("{num} report waiting to send.", "{num} reports waiting to send.", count)
    : gettext("No reports waiting to send.");
  if (line && line.textContent !== text) line.textContent = text;
  const link = document.querySelector(`.govuk-service-navigation__link[href="${REPORTS_PATH}"]`);
  if (!link) return;
  let badge = link.querySelector(".app-badge");
  if (!count) return badge?.remove();
  if (!badge) {
    badge = document.createElement("span");
    badge.className = "app-badge";
    link.append(" ", badge);
  }
  badge.innerHTML = `${count}<span class="govuk-visually-hidden"> ${gettext("not sent yet")}</span>`;
}

/**
 * Signed in, on whichever page: make this phone ready to record with no signal. The worker
 * keeps the volunteer's pages, and the suites, co-visitors and rota are fetched afresh on
 * every page load. Only volunteers record visits: once told no, this tab stops asking.
 */
async function keepReadyForOffline(worker) {
  // Once per tab: a coordinator's pages are never kept, so do not ask on every page.
  if (!sessionStorage.getItem("icv-warmed")) {
    worker?.postMessage({ type: "fill" });
    sessionStorage.setItem("icv-warmed", "1");
  }
  // The kept pages are in the language the phone last showed: another one drops them.
  worker?.postMessage({ type: "language", code: pageLanguage() });
  // Offline there is nothing newer to fetch: the kept copy serves.
  if (!navigator.onLine || sessionStorage.getItem("icv-not-recording")) return;
  const { reference, forbidden } = await loadReference();
  if (forbidden) sessionStorage.setItem("icv-not-recording", "1");
  // A new version of the app has loaded: drafts begun in the old one take its shape.
  if (reference?.rules) await upgradeDrafts(reference.rules.format_version);
}

async function start() {
  const signInPage = location.pathname === "/sign-in";
  if (signInPage && new URLSearchParams(location.search).has("cleared")) {
    await clearPhoneData(); // a second safety net after sign-out
  }
  // Pages of the sign-in steps (password, code, set-up) have no sign-out button yet.
  const signOut = document.querySelector(".app-sign-out__form");
  registerWorker().then(async (registration) => {
    if (!signOut || !registration) return;
    const ready = await navigator.serviceWorker.ready;
    // A page that loaded while the worker was activating can miss its claim and stay
    // uncontrolled: ask again, so this page too is served offline when the signal goes.
    if (!navigator.serviceWorker.controller) ready.active?.postMessage({ type: "claim" });
    // Only a volunteer records visits (icv.policy.records_visits): nobody else's phone keeps
    // pages or reference data, which the server would refuse them anyway.
    if ("recordsVisits" in signOut.dataset) await keepReadyForOffline(ready.active);
  }).catch(() => null); // no service worker (blocked, or an old browser): the pages still work
  if (signInPage) return;
  hookSignOut();
  showWaiting();
  onChange(() => showWaiting());
  startSync();
  startClaimSync(); // expenses claims kept on the phone go too
}

start();
