// @ts-check
// The outbox on screen. Sends at once, on signal, on opening or coming to the front, "Send now", Background Sync.
// Follows each sent post until it is finished (Cancel and Retry only where the server's can_cancel/can_retry say).
import { device, el } from "./dom.js";

export { el };

const store = /** @type {any} */ (self).TripcastOutbox;
const OPEN_DELIVERY = new Set(["queued", "sending"]);
const RETRY_DELAYS = [5000, 15000, 60000];

const DELIVERY_TEXT = {
  queued: ["Queued", "wait"], sending: ["Sending…", "wait"], waiting: ["Waiting", "wait"], published: ["Published", "ok"],
  needs_reconnect: ["Needs reconnecting", "bad"], rejected: ["Failed", "bad"],
  unknown: ["Not sure it went out: check and retry", "bad"], cancelled: ["Cancelled", ""],
  removing: ["Taking down…", "wait"], removed: ["Taken down", ""],
};
const POST_TEXT = {
  queued: "Queued", scheduled: "Scheduled", sending: "Sending", waiting: "Waiting to send",
  published: "Published", partly_published: "Partly published", needs_attention: "Needs attention",
  cancelled: "Cancelled", removing: "Being taken down", removed: "Taken down",
};

export function excerpt(text) {
  const clean = (text || "").trim();
  if (!clean) return "(photos only)";
  return clean.length > 90 ? `${clean.slice(0, 88)}…` : clean;
}

export const when = (iso, options) => new Date(iso).toLocaleString("en-GB",
  { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", ...options });

export function postStatusText(post) {
  const text = POST_TEXT[post.status] || post.status;
  return post.status === "scheduled" && post.scheduled_for ? `${text} for ${when(post.scheduled_for)}` : text;
}

async function postJson(url) {
  const response = await fetch(url, { method: "POST", headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.detail || "That did not work. Try again in a moment.");
  return body;
}

export function renderDeliveries(post, onChanged) {
  const list = el("ul", { className: "deliveries" });
  const channelLabel = (name) => ({ x: "X", facebook: "Facebook", sandbox: "Sandbox (demo)" })[name] || name;
  for (const delivery of post.deliveries || []) {
    const [label, tone] = DELIVERY_TEXT[delivery.status] || [delivery.status, ""];
    const item = el("li", {}, el("strong", { textContent: `${channelLabel(delivery.channel)}:` }),
      el("span", { className: `badge ${tone}`, textContent: label }));
    if (delivery.message && delivery.status !== "published") item.append(el("span", { textContent: delivery.message }));
    if (delivery.url) {
      item.append(el("a", { className: "button", href: delivery.url, textContent: "View post", target: "_blank", rel: "noopener" }));
    }
    if (delivery.can_retry) { // the server's flag (its state machine); never worked out here
      item.append(action(`Retry ${channelLabel(delivery.channel)}`,
        `/api/posts/${post.id}/deliveries/${delivery.channel}/retry`, onChanged));
    }
    list.append(item);
  }
  return list;
}

// A button that POSTs to `url` (after confirm(`ask`) if given) and hands the updated post to onChanged.
function action(label, url, onChanged, ask) {
  const button = el("button", { type: "button", className: "button", textContent: label });
  button.addEventListener("click", async () => {
    if (ask && !confirm(ask)) return;
    button.disabled = true;
    try {
      onChanged(await postJson(url));
    } catch (error) {
      button.disabled = false;
      button.after(el("span", { className: "error", textContent: error.message }));
      onChanged(null);  // the post moved on meanwhile (published, cancelled elsewhere): show it as it is now
    }
  });
  return button;
}

export function cancelButton(post, onChanged) {
  return post.can_cancel ? action("Cancel post", `/api/posts/${post.id}/cancel`, onChanged,
    "Cancel this post? Its photos will be deleted from the school's server.") : null;
}

function xhrTransport(onProgress) {
  return (entry) => new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/posts");
    xhr.responseType = "json";
    xhr.setRequestHeader("Accept", "application/json");
    xhr.timeout = 180000;
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(entry.key, event.loaded / event.total);
    };
    xhr.onload = () => resolve({ status: xhr.status, body: xhr.response,
      retryAfter: store.retryAfterMs(xhr.getResponseHeader("Retry-After")) });
    xhr.onerror = xhr.ontimeout = xhr.onabort = () => resolve({ status: 0, body: null });
    xhr.send(store.formFor(entry));
  });
}

/**
 * Only the signed-in user's entries (body data-user); unsent: hide sent ones.
 * @param {{list: HTMLElement, empty?: HTMLElement, sendNow?: HTMLElement, status?: HTMLElement,
 *   onRefused?: (entry: any, refresh: () => Promise<any>) => HTMLElement, unsent?: boolean,
 *   onRefresh?: (entries: any[]) => void}} options
 */
export function startOutbox({ list, empty, sendNow, status, onRefused, unsent, onRefresh }) {
  const me = document.body.dataset.user;
  const progress = new Map();
  const sending = new Set();
  let retryIndex = 0;
  let retryTimer = null;
  let pollTimer = null;
  let flushing = null;
  /** @type {boolean | null} */
  let again = null;  // asked while a send was running (signal came back mid-try): one more pass after it

  const say = (message) => { if (status) status.textContent = message; };

  function entryView(entry) {
    const item = el("li");
    item.dataset.key = entry.key;
    item.dataset.state = entry.state;
    item.append(el("p", { className: "excerpt", textContent: excerpt(entry.text) }));
    if (entry.state === "pending") {
      if (sending.has(entry.key)) {
        const fraction = progress.get(entry.key) || 0;
        const bar = el("progress", { max: 100, value: Math.round(fraction * 100) });
        bar.setAttribute("aria-label", "Upload progress");
        item.append(el("p", { className: "status-line", textContent: "Sending…" }), bar);
      } else {
        item.append(el("p", { className: "status-line",
          textContent: `Queued on this ${device()}. ${entry.message || "It will send when there is signal."}` }));
      }
      const count = (entry.photos || []).length;
      if (count) item.append(el("p", { className: "hint", textContent: `${count} photo${count > 1 ? "s" : ""} kept on this ${device()} until sent.` }));
    } else if (entry.state === "refused") {
      item.append(onRefused?.(entry, refresh) || el("p", { className: "error", textContent: entry.message }));
      const discard = el("button", { type: "button", className: "button", textContent: `Delete from this ${device()}` });
      discard.addEventListener("click", async () => { await store.remove(entry.key); refresh(); });
      item.append(el("div", { className: "actions-row" },
        onRefused ? null : el("a", { className: "button", href: `/?edit=${entry.key}`, textContent: "Edit" }), discard));
    } else if (entry.state === "accepted") {
      const post = entry.post || {};
      item.append(el("p", { className: "status-line", textContent: `Sent. ${postStatusText(post)}.` }));
      if (entry.photoCount) item.append(el("p", { className: "removed", textContent: `Photos removed from this ${device()}` }));
      item.append(renderDeliveries(post, (updated) => updateAccepted(entry.key, updated)));
      const cancel = cancelButton(post, (updated) => updateAccepted(entry.key, updated));
      if (cancel) item.append(el("div", { className: "actions-row" }, cancel));
    }
    return item;
  }

  async function refresh() {
    const entries = (await store.all(me)).filter((e) => !unsent || e.state !== "accepted");
    list.replaceChildren(...entries.map(entryView));
    if (empty) empty.hidden = entries.length > 0;
    if (sendNow) sendNow.hidden = !entries.some((e) => e.state === "pending");
    schedulePoll(entries);
    onRefresh?.(entries);
    return entries;
  }

  async function updateAccepted(key, post) {
    const entry = await store.get(key);
    if (!entry) return;
    if (post) entry.post = post;
    else if (entry.post?.id) await fetchPost(entry);
    await store.put(entry);
    refresh();
  }

  async function fetchPost(entry) {
    try {
      const response = await fetch(`/api/posts/${entry.post.id}`, { headers: { Accept: "application/json" } });
      if (response.ok) entry.post = await response.json();
    } catch { /* no signal */ }
  }

  // Sent posts are followed until nothing can change: while a channel is queued, sending or waiting, or the
  // server still offers Cancel (so Cancel goes as soon as the post is published).
  function schedulePoll(entries) {
    clearTimeout(pollTimer);
    const open = entries.filter((e) => e.state === "accepted" && e.post?.id && (e.post.can_cancel ||
      (e.post.deliveries || []).some((d) => OPEN_DELIVERY.has(d.status) || d.status === "waiting")));
    if (!open.length || document.hidden) return;
    const busy = open.some((e) => (e.post.deliveries || []).some((d) => OPEN_DELIVERY.has(d.status)));
    pollTimer = setTimeout(async () => {
      for (const entry of open) {
        const current = await store.get(entry.key);
        if (!current?.post) continue;
        await fetchPost(current);
        await store.put(current);
      }
      refresh();
    }, busy ? 2000 : 15000);
  }

  const transport = xhrTransport((key, fraction) => {
    progress.set(key, fraction);
    const bar = /** @type {HTMLProgressElement | null} */ (list.querySelector(`li[data-key="${key}"] progress`));
    if (bar) bar.value = Math.round(fraction * 100);
  });

  async function flush(force = false) {
    if (flushing) {
      again = Boolean(again) || force;
      return flushing;
    }
    again = null;
    flushing = (async () => {
      clearTimeout(retryTimer);
      const result = await store.flush(transport, (entry, state) => {
        if (state === "sending") sending.add(entry.key); else sending.delete(entry.key);
        if (state === "accepted") {
          say(entry.photoCount ? `Sent to the server. Photos removed from this ${device()}.` : "Sent to the server.");
        } else if (state === "refused") {
          say("The server could not accept a post. See the outbox.");
        } else if (state === "pending" && !navigator.onLine) {
          say(`Queued on this ${device()}. It will send when there is signal.`);
        }
        refresh();
      }, me, force);
      sending.clear();
      await refresh();
      if (result.retry && navigator.onLine) {
        // as long as the server asked (Retry-After), else backing off
        const delay = result.wait ?? RETRY_DELAYS[Math.min(retryIndex++, RETRY_DELAYS.length - 1)];
        retryTimer = setTimeout(() => flush(), delay);
      } else if (!result.retry) {
        retryIndex = 0;
      }
    })().finally(() => {
      flushing = null;
      if (again !== null) flush(again);
    });
    return flushing;
  }

  async function askForBackgroundSync() {
    try {
      const registration = await navigator.serviceWorker?.ready;
      await /** @type {any} */ (registration)?.sync?.register(store.SYNC_TAG);
    } catch { /* not Chrome: the page's triggers still send it */ }
  }

  // Stored first (then the entry it `replaces` dropped), then sent.
  async function queue(entry, replaces) {
    entry.state = "pending";
    entry.author = me;
    entry.createdAt = Date.now();
    entry.photoCount = entry.photos.length;
    await store.put(entry);
    if (replaces) await store.remove(replaces);
    navigator.storage?.persist?.().catch(() => {});
    say(navigator.onLine ? "Sending…" : `Queued on this ${device()}. It will send when there is signal.`);
    await refresh();
    askForBackgroundSync();
    return flush();
  }

  sendNow?.addEventListener("click", () => { retryIndex = 0; flush(true); });
  window.addEventListener("online", () => { retryIndex = 0; flush(); });
  document.addEventListener("visibilitychange", () => { if (!document.hidden) flush(); });  // flush refreshes: polls again
  navigator.serviceWorker?.addEventListener("message", (event) => {
    if (event.data === "outbox-changed") refresh();
  });
  refresh().then(flush);
  return { queue, flush, refresh, durable: store.durable };
}
