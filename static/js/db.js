// IndexedDB: drafts, outbox, sent and meta stores, with a versioned upgrade path.
const NAME = "icv";
export const STORES = ["drafts", "outbox", "sent", "meta"];

// Step n upgrades a version n-1 database to version n. Released steps never change: a phone
// may open this page with any older database, so add a new step instead.
const UPGRADES = [
  null,
  (db) => {
    db.createObjectStore("drafts", { keyPath: "uuid" });
    db.createObjectStore("outbox", { keyPath: "uuid" });
    db.createObjectStore("sent", { keyPath: "uuid" });
    db.createObjectStore("meta", { keyPath: "key" });
  },
];
export const VERSION = UPGRADES.length - 1;

let opening = null;

export function openDatabase() {
  if (!opening) {
    opening = new Promise((resolve, reject) => {
      const request = indexedDB.open(NAME, VERSION);
      request.onupgradeneeded = (event) => {
        for (let step = event.oldVersion + 1; step <= VERSION; step += 1) {
          UPGRADES[step](request.result, request.transaction);
        }
      };
      request.onsuccess = () => {
        const db = request.result;
        // A newer version of the app in another tab wants to upgrade: step aside.
        db.onversionchange = () => {
          db.close();
          opening = null;
        };
        resolve(db);
      };
      request.onerror = () => {
        opening = null;
        reject(request.error);
      };
    });
  }
  return opening;
}

export function request(idbRequest) {
  return new Promise((resolve, reject) => {
    idbRequest.onsuccess = () => resolve(idbRequest.result);
    idbRequest.onerror = () => reject(idbRequest.error);
  });
}

/**
 * Run `work(stores)` in one transaction and resolve once it is committed to disk.
 * `work` may await IndexedDB requests (through request()), but nothing else: awaiting a
 * fetch or a timer would let the transaction close early.
 */
export async function transaction(names, mode, work) {
  const db = await openDatabase();
  const list = [].concat(names);
  // "strict": report data is on disk before we say it is saved.
  const tx = db.transaction(list, mode, { durability: "strict" });
  const committed = new Promise((resolve, reject) => {
    tx.oncomplete = resolve;
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error || new DOMException("Transaction aborted", "AbortError"));
  });
  const stores = Object.fromEntries(list.map((name) => [name, tx.objectStore(name)]));
  let result;
  try {
    result = await work(stores);
  } catch (error) {
    committed.catch(() => {});
    try {
      tx.abort();
    } catch (alreadyFinished) {
      // Nothing to undo.
    }
    throw error;
  }
  await committed;
  return result;
}

export const get = (store, key) =>
  transaction(store, "readonly", (s) => request(s[store].get(key)));

export const getAll = (store) =>
  transaction(store, "readonly", (s) => request(s[store].getAll()));

export const put = (store, value) =>
  transaction(store, "readwrite", (s) => request(s[store].put(value)));

export const remove = (store, key) =>
  transaction(store, "readwrite", (s) => request(s[store].delete(key)));

export async function getMeta(key) {
  const record = await get("meta", key);
  return record ? record.value : undefined;
}

export const setMeta = (key, value) => put("meta", { key, value });

/** Empty every store (sign-out). Clearing rather than deleting works with other tabs open. */
export const clearAll = () =>
  transaction(STORES, "readwrite", (s) => Promise.all(STORES.map((n) => request(s[n].clear()))));
