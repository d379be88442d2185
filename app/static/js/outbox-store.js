/* Tripcast's offline outbox: posts kept in IndexedDB until the server has them. A classic script so the
 * page (<script src>) and the service worker (importScripts, for Background Sync) share it: self.TripcastOutbox.
 * Entry: {key (idempotency UUID), createdAt, text, channels, altTexts, confirmations, reason, note,
 *   scheduledFor, photos: [{name, type, bytes}], state: pending|accepted|refused, message, findings, post}.
 * Browser bugs worked around:
 *  - Photos are stored as ArrayBuffer, never Blob: Safari 10-11 stored Blobs as null (dexie#618), WebKit
 *    private mode refuses them ("BlobURLs are not yet supported"), iOS 14.5 and Safari 17.4 threw "Error
 *    preparing Blob/File data to be stored in object store" (dexie#1227, #1919).
 *  - iOS closes IndexedDB connections in the background ("The database connection is closing",
 *    "Connection to Indexed Database server lost"; WebKit 197050, 201483, 277615): drop the dead
 *    connection and retry once on a fresh one.
 *  - No IndexedDB at all (old Safari / Firefox private windows): keep entries in memory, durable() false.
 *  - Safari wipes storage of sites unused for 7 days (not home-screen apps): the page asks storage.persist().
 */
(function (scope) {
  "use strict";
  var DB_NAME = "tripcast";
  var STORE = "outbox";
  var LOCK = "tripcast-outbox";
  var KEEP_ACCEPTED_MS = 2 * 24 * 3600 * 1000;
  var connection = null;
  var memory = null;

  function promised(request) {
    return new Promise(function (resolve, reject) {
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function open() {
    if (!connection) {
      connection = new Promise(function (resolve, reject) {
        if (!scope.indexedDB) { reject(new Error("no IndexedDB")); return; }
        var request = scope.indexedDB.open(DB_NAME, 1);
        request.onupgradeneeded = function () { request.result.createObjectStore(STORE, { keyPath: "key" }); };
        request.onsuccess = function () {
          var db = request.result;
          db.onclose = function () { connection = null; };       // closed by the browser (iOS background)
          db.onversionchange = function () { db.close(); connection = null; };
          resolve(db);
        };
        request.onerror = function () { reject(request.error); };
        request.onblocked = function () { reject(new Error("IndexedDB blocked")); };
      });
      connection.catch(function () { connection = null; });
    }
    return connection;
  }

  function run(mode, work, retried) {
    if (memory) return Promise.resolve(work(memory));
    return open().then(function (db) {
      var tx = db.transaction(STORE, mode);
      var result = work(tx.objectStore(STORE));
      return new Promise(function (resolve, reject) {
        tx.oncomplete = function () { Promise.resolve(result).then(resolve, reject); };
        tx.onerror = tx.onabort = function () { reject(tx.error || new Error("transaction aborted")); };
      });
    }).catch(function (error) {
      connection = null;
      if (!retried) return run(mode, work, true);
      if (!memory && (!scope.indexedDB || error.name === "InvalidStateError" || error.name === "UnknownError" ||
          error.message === "no IndexedDB")) {
        memory = memoryStore();
        return run(mode, work, true);
      }
      throw error;
    });
  }

  // The same calls as an IDBObjectStore, for when IndexedDB is unavailable.
  function memoryStore() {
    var map = new Map();
    function done(value) { return Promise.resolve(value); }
    return {
      put: function (value) { map.set(value.key, value); return done(value.key); },
      get: function (key) { return done(map.get(key)); },
      delete: function (key) { map.delete(key); return done(); },
      getAll: function () { return done(Array.from(map.values())); },
      memory: true,
    };
  }

  function call(store, method, arg) {
    var request = store[method](arg);
    return store.memory ? request : promised(request);
  }

  function put(entry) { return run("readwrite", function (s) { return call(s, "put", entry); }); }
  function get(key) { return run("readonly", function (s) { return call(s, "get", key); }); }
  function remove(key) { return run("readwrite", function (s) { return call(s, "delete", key); }); }
  function all() {
    return run("readonly", function (s) { return call(s, "getAll"); }).then(function (entries) {
      return (entries || []).sort(function (a, b) { return a.createdAt - b.createdAt; });
    });
  }

  function formFor(entry) {
    var form = new FormData();
    form.append("text", entry.text || "");
    form.append("idempotency_key", entry.key);
    (entry.channels || []).forEach(function (c) { form.append("channels", c); });
    (entry.confirmations || []).forEach(function (c) { form.append("confirmations", c); });
    (entry.photos || []).forEach(function (photo, i) {
      form.append("photos", new Blob([photo.bytes], { type: photo.type }), photo.name);
      form.append("alt_text", (entry.altTexts || [])[i] || "");
    });
    if (entry.reason) form.append("out_of_hours_reason", entry.reason);
    if (entry.note) form.append("out_of_hours_note", entry.note);
    if (entry.scheduledFor) form.append("scheduled_for", entry.scheduledFor);
    return form;
  }

  // What one answer from POST /api/posts means for the entry. Returns true when it is worth trying again.
  function settle(entry, status, body) {
    body = body || {};
    if (status === 200 || status === 201 || status === 202) {
      entry.state = "accepted";
      entry.post = body;
      entry.photos = [];                       // the server owns the photos now
      entry.photosRemoved = true;
      entry.message = "";
      entry.acceptedAt = Date.now();
      return false;
    }
    if (status === 401) {
      entry.state = "pending";
      entry.message = "Sign in again, then it will send. It is safe on this phone.";
      return false;
    }
    if (status >= 400 && status < 500 && status !== 408 && status !== 429) {
      entry.state = "refused";
      entry.message = typeof body.detail === "string" ? body.detail : "The server could not accept this post.";
      entry.findings = Array.isArray(body.findings) ? body.findings : [];
      return false;
    }
    entry.state = "pending";
    entry.attempts = (entry.attempts || 0) + 1;
    entry.message = status ? "The server is busy. It will try again shortly." :
      "No signal. It will send when signal comes back.";
    return true;
  }

  // Sends every pending entry once through `transport(entry) -> Promise<{status, body}>` (status 0 when the
  // network failed). One sender at a time per device (page or service worker) thanks to Web Locks where
  // they exist; without them a second sender only re-sends with the same key, which the server ignores.
  function flush(transport, onChange) {
    function work() {
      return all().then(function (entries) {
        var retry = false;
        var chain = Promise.resolve();
        entries.forEach(function (entry) {
          if (entry.state === "accepted" && Date.now() - (entry.acceptedAt || 0) > KEEP_ACCEPTED_MS) {
            chain = chain.then(function () { return remove(entry.key); });
            return;
          }
          if (entry.state !== "pending") return;
          chain = chain.then(function () {
            if (onChange) onChange(entry, "sending");
            return transport(entry).catch(function () { return { status: 0, body: null }; })
              .then(function (answer) {
                return get(entry.key).then(function (current) {
                  if (!current || current.state !== "pending") return;     // discarded or sent meanwhile
                  retry = settle(current, answer.status, answer.body) || retry;
                  return put(current).then(function () { if (onChange) onChange(current, current.state); });
                });
              });
          });
        });
        return chain.then(function () { return { retry: retry }; });
      });
    }
    var locks = scope.navigator && scope.navigator.locks;
    if (!locks) return work();
    return locks.request(LOCK, { ifAvailable: true }, function (lock) {
      return lock ? work() : { retry: false, busy: true };
    });
  }

  function fetchTransport(entry) {
    return fetch("/api/posts", { method: "POST", body: formFor(entry), credentials: "same-origin" })
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (body) {
          return { status: response.status, body: body };
        });
      });
  }

  scope.TripcastOutbox = {
    put: put, get: get, remove: remove, all: all, formFor: formFor, settle: settle, flush: flush,
    fetchTransport: fetchTransport, SYNC_TAG: "tripcast-outbox",
    durable: function () { return open().then(function () { return !memory; }, function () { return false; }); },
  };
})(self);
