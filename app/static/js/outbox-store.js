/* Offline outbox in IndexedDB, shared by page and service worker (self.TripcastOutbox). Entry: {key (UUID),
 * author (user id: only theirs is listed and sent), text, channels, altTexts, confirmations, reason, note,
 * scheduledFor, writtenAt, photos [{name, type, bytes}], state pending|accepted|refused, message, findings, post}.
 * Photos as ArrayBuffer, never Blob (dexie#618, #1227, #1919). iOS closes idle connections (WebKit 197050,
 * 277615): retry once. No IndexedDB: kept in memory, durable() false. */
((scope) => {
  "use strict";
  var DB_NAME = "tripcast";
  var STORE = "outbox";
  var LOCK = "tripcast-outbox";
  var KEEP_ACCEPTED_MS = 2 * 24 * 3600 * 1000;
  var MAX_WAIT_MS = 10 * 60 * 1000;  // a Retry-After longer than this is not believed
  var connection = null;
  var memory = null;

  function promised(request) {
    return new Promise((resolve, reject) => {
      request.onsuccess = () => { resolve(request.result); };
      request.onerror = () => { reject(request.error); };
    });
  }

  function open() {
    if (!connection) {
      connection = new Promise((resolve, reject) => {
        if (!scope.indexedDB) { reject(new Error("no IndexedDB")); return; }
        var request = scope.indexedDB.open(DB_NAME, 1);
        request.onupgradeneeded = () => { request.result.createObjectStore(STORE, { keyPath: "key" }); };
        request.onsuccess = () => {
          var db = request.result;
          db.onclose = () => { connection = null; };
          db.onversionchange = () => { db.close(); connection = null; };
          resolve(db);
        };
        request.onerror = () => { reject(request.error); };
        request.onblocked = () => { reject(new Error("IndexedDB blocked")); };
      });
      connection.catch(() => { connection = null; });
    }
    return connection;
  }

  function run(mode, work, retried) {
    if (memory) return Promise.resolve(work(memory));
    return open().then((db) => {
      var tx = db.transaction(STORE, mode);
      var result = work(tx.objectStore(STORE));
      return new Promise((resolve, reject) => {
        tx.oncomplete = () => { Promise.resolve(result).then(resolve, reject); };
        tx.onerror = tx.onabort = () => { reject(tx.error || new Error("transaction aborted")); };
      });
    }).catch((error) => {
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

  // IDBObjectStore's calls, in memory
  function memoryStore() {
    var map = new Map();
    function done(value) { return Promise.resolve(value); }
    return {
      put: (value) => { map.set(value.key, value); return done(value.key); },
      get: (key) => done(map.get(key)),
      delete: (key) => { map.delete(key); return done(); },
      getAll: () => done(Array.from(map.values())),
      memory: true,
    };
  }

  function call(store, method, arg) {
    var request = store[method](arg);
    return store.memory ? request : promised(request);
  }

  const put = (entry) => run("readwrite", (s) => call(s, "put", entry));
  const get = (key) => run("readonly", (s) => call(s, "get", key));
  const remove = (key) => run("readwrite", (s) => call(s, "delete", key));
  // Entries from before authors were kept count as anyone's.
  function mine(entry, user) { return user == null || entry.author == null || String(entry.author) === String(user); }
  function all(user) {
    return run("readonly", (s) => call(s, "getAll")).then((entries) => {
      return (entries || []).filter((e) => mine(e, user))
        .sort((a, b) => a.createdAt - b.createdAt);
    });
  }

  function formFor(entry) {
    var form = new FormData();
    form.append("text", entry.text || "");
    form.append("idempotency_key", entry.key);
    if (entry.author != null) form.append("author_id", entry.author);
    if (entry.writtenAt) form.append("written_at", entry.writtenAt);
    (entry.channels || []).forEach((c) => { form.append("channels", c); });
    (entry.confirmations || []).forEach((c) => { form.append("confirmations", c); });
    (entry.photos || []).forEach((photo, i) => {
      form.append("photos", new Blob([photo.bytes], { type: photo.type }), photo.name);
      form.append("alt_text", (entry.altTexts || [])[i] || "");
    });
    ["blur", "faces"].forEach((k) => entry[k] && form.append(k, JSON.stringify(entry[k])));
    if (entry.reason) form.append("out_of_hours_reason", entry.reason);
    if (entry.note) form.append("out_of_hours_note", entry.note);
    if (entry.scheduledFor) form.append("scheduled_for", entry.scheduledFor);
    return form;
  }

  // Retry-After (seconds or an HTTP date) in ms, between 1 s and MAX_WAIT_MS; null when absent or unreadable.
  function retryAfterMs(value) {
    if (value == null || value === "") return null;
    var ms = /^\s*\d+\s*$/.test(value) ? Number(value) * 1000 : Date.parse(value) - Date.now();
    return isNaN(ms) ? null : Math.min(Math.max(ms, 1000), MAX_WAIT_MS);
  }

  function inAbout(ms) {
    var seconds = Math.round(ms / 1000);
    if (seconds < 90) return "in about " + seconds + " second" + (seconds === 1 ? "" : "s");
    return "in about " + Math.round(seconds / 60) + " minutes";
  }

  // What POST /api/posts's answer means for the entry; true when worth trying again. `retryAfter` (ms): how long
  // the server asked the phone to wait (429, or 503 when its photo queue is full); the entry is not sent before.
  function settle(entry, status, body, retryAfter) {
    body = body || {};
    delete entry.notBefore;
    if (status === 200 || status === 201 || status === 202) {
      entry.state = "accepted";
      entry.post = body;
      entry.photos = [];
      entry.photosRemoved = true;
      entry.message = "";
      entry.acceptedAt = Date.now();
      return false;
    }
    if (status === 401 || status === 409) {  // 409: another user's session
      entry.state = "pending";
      entry.message = status === 409 && typeof body.detail === "string" ? body.detail
        : "Sign in again, then it will send. It is safe on this phone.";
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
    if (status && retryAfter) {
      entry.notBefore = Date.now() + retryAfter;
      entry.message = "The server is busy. It will try again " + inAbout(retryAfter) + "; the post is safe here.";
    }
    return true;
  }

  // Sends `user`'s pending entries once via transport(entry) -> {status (0: no network), body, retryAfter (ms)}.
  // An entry the server asked to wait is skipped until then, unless `force` (the teacher tapped "Send now").
  // Answers {retry, wait}: wait (ms) until the first entry that asked to wait may go, or null. One sender at a
  // time (Web Locks); without them a second sender repeats a key, which the server ignores.
  function flush(transport, onChange, user, force) {
    function work() {
      return all().then((entries) => {
        var retry = false;
        var wait = null;
        function later(entry) {
          var ms = Math.max(entry.notBefore - Date.now(), 0);
          wait = wait == null ? ms : Math.min(wait, ms);
        }
        var chain = Promise.resolve();
        entries.forEach((entry) => {
          if (entry.state === "accepted" && Date.now() - (entry.acceptedAt || 0) > KEEP_ACCEPTED_MS) {
            chain = chain.then(() => remove(entry.key));
            return;
          }
          if (entry.state !== "pending" || !mine(entry, user)) return;
          if (!force && entry.notBefore > Date.now()) {
            retry = true;
            later(entry);
            return;
          }
          chain = chain.then(() => {
            if (onChange) onChange(entry, "sending");
            return transport(entry).catch(() => ({ status: 0, body: null }))
              .then((answer) => {
                return get(entry.key).then((current) => {
                  if (!current || current.state !== "pending") return;  // discarded or sent meanwhile
                  retry = settle(current, answer.status, answer.body, answer.retryAfter) || retry;
                  if (current.notBefore) later(current);
                  return put(current).then(() => { if (onChange) onChange(current, current.state); });
                });
              });
          });
        });
        return chain.then(() => ({ retry: retry, wait: wait }));
      });
    }
    var locks = scope.navigator && scope.navigator.locks;
    if (!locks) return work();
    return locks.request(LOCK, { ifAvailable: true }, (lock) => {
      return lock ? work() : { retry: false, wait: null, busy: true };
    });
  }

  function fetchTransport(entry) {
    return fetch("/api/posts", { method: "POST", body: formFor(entry), credentials: "same-origin" })
      .then((response) => {
        return response.json().catch(() => ({})).then((body) => {
          return { status: response.status, body: body, retryAfter: retryAfterMs(response.headers.get("Retry-After")) };
        });
      });
  }

  scope.TripcastOutbox = {
    put: put, get: get, remove: remove, all: all, formFor: formFor, settle: settle, flush: flush, retryAfterMs: retryAfterMs,
    fetchTransport: fetchTransport, SYNC_TAG: "tripcast-outbox",
    durable: () => open().then(() => !memory, () => false),
  };
})(self);
