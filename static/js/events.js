// Tell this page and the app's other open tabs that stored reports changed.
const channel = "BroadcastChannel" in self ? new BroadcastChannel("icv") : null;
const EVENT = "icv:change";

export function announce(what) {
  self.dispatchEvent(new CustomEvent(EVENT, { detail: what }));
  if (channel) channel.postMessage(what);
}

export function onChange(listener) {
  self.addEventListener(EVENT, (event) => listener(event.detail));
  if (channel) channel.addEventListener("message", (event) => listener(event.data));
}

// Work to finish before the page reloads for a new version (saving the form, sending).
const beforeReloadHooks = [];

export function beforeReload(hook) {
  beforeReloadHooks.push(hook);
}

export async function runBeforeReload() {
  for (const hook of beforeReloadHooks) await hook();
}
