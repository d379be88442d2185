// @ts-check
// What is kept on this device besides the outbox (outbox-store.js), in its own IndexedDB database:
//  - drafts: the post being written (caption, photos as ArrayBuffer, choices), so a reload or an app switch
//    (iOS reloads background tabs) loses nothing; removed once posted or discarded.
//  - reminders: tiny thumbnails and times of photos chosen from the camera roll, to remind the teacher to
//    delete them there once the post is published (the policy: deleted from the phone once shared).
// No IndexedDB (private mode on old Safari): kept in memory for this page only.

const DB_NAME = "tripcast-device";
const STORES = ["drafts", "reminders"];
/** @type {Promise<IDBDatabase> | null} */
let connection = null;
/** @type {Map<string, Map<string, any>> | null} */
let memory = null;

function open() {
  if (!connection) {
    connection = new Promise((resolve, reject) => {
      if (!self.indexedDB) { reject(new Error("no IndexedDB")); return; }
      const request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = () => {
        for (const name of STORES) {
          if (!request.result.objectStoreNames.contains(name)) request.result.createObjectStore(name, { keyPath: "key" });
        }
      };
      request.onsuccess = () => {
        const db = request.result;
        db.onclose = () => { connection = null; };
        db.onversionchange = () => { db.close(); connection = null; };
        resolve(db);
      };
      request.onerror = () => reject(request.error);
      request.onblocked = () => reject(new Error("IndexedDB blocked"));
    });
    connection.catch(() => { connection = null; });
  }
  return connection;
}

/**
 * @param {string} store
 * @param {IDBTransactionMode} mode
 * @param {(s: IDBObjectStore) => IDBRequest} work
 * @returns {Promise<any>}
 */
async function run(store, mode, work) {
  if (!memory) {
    try {
      const db = await open();
      return await new Promise((resolve, reject) => {
        const tx = db.transaction(store, mode);
        const request = work(tx.objectStore(store));
        tx.oncomplete = () => resolve(request.result);
        tx.onerror = tx.onabort = () => reject(tx.error || new Error("transaction aborted"));
      });
    } catch (error) {
      connection = null;
      if (self.indexedDB && !/no IndexedDB|InvalidState|Unknown/.test(`${error?.name} ${error?.message}`)) throw error;
      memory = new Map(STORES.map((name) => [name, new Map()]));
    }
  }
  const map = /** @type {Map<string, any>} */ (memory.get(store));
  const fake = {
    put: (/** @type {any} */ value) => ({ result: map.set(value.key, value) && value.key }),
    get: (/** @type {string} */ key) => ({ result: map.get(key) }),
    delete: (/** @type {string} */ key) => ({ result: map.delete(key) && undefined }),
    getAll: () => ({ result: [...map.values()] }),
  };
  return work(/** @type {any} */ (fake)).result;
}

/** @param {string} store */
const table = (store) => ({
  /** @param {{key: string} & Record<string, any>} value */
  put: (value) => run(store, "readwrite", (s) => s.put(value)),
  /** @param {string} key */
  get: (key) => run(store, "readonly", (s) => s.get(key)),
  /** @param {string} key */
  remove: (key) => run(store, "readwrite", (s) => s.delete(key)),
  /** @returns {Promise<any[]>} */
  all: () => run(store, "readonly", (s) => s.getAll()).then((rows) => rows || []),
});

export const drafts = table("drafts");
export const reminders = table("reminders");
