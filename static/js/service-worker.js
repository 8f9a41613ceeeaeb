/* icv service worker: keeps the app shell so a visit can be recorded with no signal.
 *
 * Served by the /sw.js route, which puts `const ICV_SHELL = {version, pages, assets, ...}`
 * above this file. Reports themselves live in IndexedDB (see db.js), never in these caches.
 * Rules: only GET requests are handled; PUT/POST always go to the network untouched; pages
 * are kept only when the server marks them as app shell (no one else's data); the only API
 * response kept is the signed-in user's reference data, and sign-out deletes it.
 */
"use strict";

const VERSION = ICV_SHELL.version;
const STATIC_CACHE = `icv-static-${VERSION}`;
const PAGES_CACHE = `icv-pages-${VERSION}`;
const DATA_CACHE = "icv-data";
const REFERENCE_PATH = "/api/v1/reference";
const SHELL_HEADER = "X-App-Shell";
// The language the phone last showed (the switch, or a page's <html lang>: app.js tells),
// kept in DATA_CACHE for the offline page. Kept pages say theirs (Content-Language): pages in
// another one are dropped (drafts are in IndexedDB, never here) and fetched again in it.
const LANGUAGE_KEY = "/language";
const SWITCH_PATH = /^\/language\/([a-z]{2})$/;
// In a basement the network may hang rather than fail: after this, use the kept copy.
const NETWORK_PATIENCE_MS = 4000;

self.addEventListener("install", (event) => {
  // No skipWaiting() here: a new version waits until the user agrees (see updates.js).
  event.waitUntil(precache());
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const keep = new Set([STATIC_CACHE, PAGES_CACHE, DATA_CACHE]);
      for (const name of await caches.keys()) {
        if (name.startsWith("icv-") && !keep.has(name)) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("message", (event) => {
  const type = event.data && event.data.type;
  if (type === "skip-waiting") self.skipWaiting();
  if (type === "warm") event.waitUntil(warmPages());
  if (type === "fill") event.waitUntil(caches.open(PAGES_CACHE).then(fillMissingPages));
  if (type === "claim") event.waitUntil(self.clients.claim());
  if (type === "language") event.waitUntil(languageShown(event.data.code));
});

// Background Sync is only an extra (Safari and Firefox lack it): ask open pages to send.
self.addEventListener("sync", (event) => {
  if (event.tag === "icv-send-outbox") event.waitUntil(askPagesToSend());
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  const switched = url.pathname.match(SWITCH_PATH);
  if (switched && request.mode === "navigate") {
    return event.respondWith(switchLanguage(event, switched[1]));
  }
  if (request.method !== "GET") return;
  if (request.mode === "navigate") {
    event.respondWith(page(event));
  } else if (url.pathname === REFERENCE_PATH) {
    event.respondWith(reference(request));
  } else if (ICV_SHELL.assets.includes(url.pathname)) {
    event.respondWith(asset(request));
  }
  // Anything else (other API data, uploads, admin pages' assets) goes to the network as usual.
});

async function precache() {
  const cache = await caches.open(STATIC_CACHE);
  // Files under content-hashed names never change, so the browser's copy will do. Others
  // are asked about ("no-cache", so a new version never keeps a stale file): an unchanged
  // one comes back as a bodiless 304.
  const mode = (url) => (ICV_SHELL.revalidate.includes(url) ? "no-cache" : "default");
  await cache.addAll(ICV_SHELL.assets.map((url) => new Request(url, { cache: mode(url) })));
  await warmPages();
}

/** Fetch the shell pages with the user's session; keep the previous copy when that fails. */
async function warmPages(paths = ICV_SHELL.pages) {
  const cache = await caches.open(PAGES_CACHE);
  await Promise.all(
    paths.map(async (path) => {
      try {
        const response = await fetch(path, { cache: "no-store", credentials: "same-origin" });
        if (isShell(response)) return cache.put(path, response);
        // Not kept (signed out, or not a volunteer): read no further. An unread body holds
        // its connection, and with a few of them every later fetch of the worker waits.
        await response.body?.cancel();
      } catch (error) {
        // Offline: fall through and carry the older copy over.
      }
      if (!(await cache.match(path))) {
        const older = await caches.match(path, { ignoreSearch: true, ignoreVary: true });
        if (older) await cache.put(path, older);
      }
    }),
  );
}

async function fillMissingPages(cache) {
  const kept = await Promise.all(ICV_SHELL.pages.map((path) => cache.match(path)));
  const missing = ICV_SHELL.pages.filter((path, index) => !kept[index]);
  if (missing.length) await warmPages(missing);
}

function isShell(response) {
  return response.ok && !response.redirected && response.headers.get(SHELL_HEADER) === "1";
}

async function asset(request) {
  const cached = await caches.match(request, { ignoreVary: true, cacheName: STATIC_CACHE });
  return cached || fetch(request);
}

/**
 * The form opens from the kept copy (it is the same for every visit and changes only with a
 * new version). Other pages: network first, so a signed-in user gets today's list; the kept
 * copy when there is no network.
 */
async function page(event) {
  const url = new URL(event.request.url);
  if (ICV_SHELL.cache_first.includes(url.pathname)) {
    const copy = await keptPage(url.pathname);
    if (copy) return copy;
  }
  const network = fetch(event.request).then(async (response) => {
    if (isShell(response)) {
      const cache = await caches.open(PAGES_CACHE);
      await cache.put(url.pathname, response.clone());
      // Signed in now: keep the other shell pages too, so they open offline unvisited.
      event.waitUntil(fillMissingPages(cache));
    }
    return response;
  });
  event.waitUntil(network.catch(() => null));
  const kept = keptPage(url.pathname);
  try {
    return await raceWithPatience(network, kept);
  } catch (error) {
    // Never another page in its place: that would pass off one page as another.
    return (await kept) || (await offlinePage());
  }
}

async function keptPage(path) {
  if (!ICV_SHELL.pages.includes(path)) return undefined;
  const cache = await caches.open(PAGES_CACHE);
  return cache.match(path, { ignoreSearch: true, ignoreVary: true });
}

/** The network's answer, unless it is slow and there is a kept copy to show meanwhile. */
function raceWithPatience(network, kept) {
  return new Promise((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(async () => {
      const copy = await kept;
      if (copy && !settled) {
        settled = true;
        resolve(copy);
      }
    }, NETWORK_PATIENCE_MS);
    network.then(
      (response) => {
        clearTimeout(timer);
        if (!settled) (settled = true), resolve(response);
      },
      (error) => {
        clearTimeout(timer);
        if (!settled) (settled = true), reject(error);
      },
    );
  });
}

async function reference(request) {
  const cache = await caches.open(DATA_CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(REFERENCE_PATH, response.clone());
    return response;
  } catch (error) {
    const kept = await cache.match(REFERENCE_PATH, { ignoreVary: true });
    if (kept) return kept;
    throw error;
  }
}

async function keptLanguage() {
  const kept = await (await caches.open(DATA_CACHE)).match(LANGUAGE_KEY);
  return kept ? kept.text() : "en";
}

/** A page in `code` was shown (or asked for): kept pages in another language are dropped. */
async function languageShown(code, { warm = true } = {}) {
  if (!Object.hasOwn(ICV_SHELL.offline, code)) return;
  if (code !== (await keptLanguage())) {
    await (await caches.open(DATA_CACHE)).put(LANGUAGE_KEY, new Response(code));
  }
  const cache = await caches.open(PAGES_CACHE);
  const kept = await Promise.all(ICV_SHELL.pages.map((path) => cache.match(path)));
  if (!kept.some((copy) => copy && copy.headers.get("Content-Language") !== code)) return;
  await caches.delete(PAGES_CACHE);
  if (warm) await warmPages();
}

/**
 * The switch (a link, or a form's POST): once the server has taken it, the kept pages in the
 * other language go before the page it leads back to is opened (the form is opened from the
 * kept copy). With no signal nothing changes, and nothing kept is lost.
 */
async function switchLanguage(event, code) {
  try {
    const response = await fetch(event.request);
    await languageShown(code, { warm: false });
    return response;
  } catch (offline) {
    return offlinePage();
  }
}

async function offlinePage() {
  const language = await keptLanguage();
  const words = ICV_SHELL.offline[language] || ICV_SHELL.offline.en;
  const body = `<!DOCTYPE html><html lang="${language}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${words.title}</title>
${ICV_SHELL.styles.map((href) => `<link rel="stylesheet" href="${href}">`).join("")}</head>
<body class="govuk-template__body"><div class="govuk-width-container"><main class="govuk-main-wrapper" id="main-content">
<h1 class="govuk-heading-l">${words.title}</h1>
<p class="govuk-body">${words.body}</p>
<p class="govuk-body"><a class="govuk-link" href="/visits/">${words.link}</a></p>
</main></div></body></html>`;
  return new Response(body, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
}

async function askPagesToSend() {
  const windows = await self.clients.matchAll({ type: "window" });
  for (const client of windows) client.postMessage({ type: "send-outbox" });
}
