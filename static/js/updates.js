// Service worker registration and updates. A new version installs in the background and
// waits; the page offers it, and reloads only when the volunteer agrees and nothing is
// being saved or sent (see beforeReload hooks in drafts and sync).
import { runBeforeReload } from "./events.js";
import { gettext } from "./i18n.js";

let accepted = false;

export async function registerWorker() {
  if (!("serviceWorker" in navigator)) return null;
  // updateViaCache "all": the update check may use the browser's copy of /sw.js while the
  // server's Cache-Control allows (an hour), so opening the app again asks nothing.
  const registration = await navigator.serviceWorker.register("/sw.js", { scope: "/", updateViaCache: "all" });
  if (registration.waiting && navigator.serviceWorker.controller) offerUpdate(registration.waiting);
  registration.addEventListener("updatefound", () => {
    const worker = registration.installing;
    worker?.addEventListener("statechange", () => {
      if (worker.state === "installed" && navigator.serviceWorker.controller) offerUpdate(worker);
    });
  });
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (accepted) window.location.reload();
  });
  return registration;
}

function offerUpdate(worker) {
  if (document.getElementById("app-update-banner")) return;
  const banner = document.createElement("div");
  banner.id = "app-update-banner";
  banner.className = "govuk-notification-banner";
  banner.setAttribute("role", "region");
  banner.setAttribute("aria-labelledby", "app-update-title");
  banner.innerHTML = `
    <div class="govuk-notification-banner__header">
      <h2 class="govuk-notification-banner__title" id="app-update-title">${gettext("Update")}</h2>
    </div>
    <div class="govuk-notification-banner__content">
      <p class="govuk-notification-banner__heading">${gettext("A new version is ready")}</p>
      <p class="govuk-body">${gettext("Your drafts and unsent reports are kept.")}</p>
      <button type="button" class="govuk-button govuk-!-margin-bottom-0" data-module="govuk-button">
        ${gettext("Use the new version")}</button>
    </div>`;
  const button = banner.querySelector("button");
  button.addEventListener("click", async () => {
    button.disabled = true;
    button.textContent = gettext("Finishing saving and sending first…");
    await runBeforeReload();
    accepted = true;
    worker.postMessage({ type: "skip-waiting" });
  });
  const main = document.getElementById("main-content");
  main?.prepend(banner);
}
