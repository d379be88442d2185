// Compose: photos (made smaller here), caption with X's counter and live policy feedback, channels,
// out-of-hours reason or schedule, and Post (through the outbox).
import { downscale } from "./photos.js";
import { X_MAX, urlSpans, xWeightedLength } from "./x-length.js";
import { el, startOutbox, when } from "./outbox-ui.js";

const $ = (id) => document.getElementById(id);
const config = JSON.parse($("compose-config").textContent);
const [form, caption, highlights, counter, thumbs, photoMessage, findingsList, checkStatus, why, postStatus,
  postButton, reason, note, hours] = ["compose", "caption", "highlights", "counter", "thumbs", "photo-message",
  "findings", "check-status", "why-disabled", "post-status", "post-button", "reason", "note", "hours"].map($);
const CHECK_DELAY_MS = 400;
const NO_SIGNAL = "No signal: checked on this phone. Names are checked when the post reaches the school.";
const EMPTY = "Write a caption or add a photo.";
const clockOffset = Date.parse(config.now) - Date.now();  // trust the server's clock over the phone's
const serverNow = () => new Date(Date.now() + clockOffset);
const store = self.TripcastOutbox;
const me = document.body.dataset.user;

const photos = [];             // {blob, name, url, alt}
let processing = 0;
let check = { text: null, key: "", findings: [] };  // the last policy answer
let checking = false;
let checkTimer = null;
let checkSeq = 0;
let nextWindow = config.next_window;  // kept current by the server's findings
let editing = null;            // the refused entry being edited, dropped once this one is queued
const ticked = new Set();      // rule ids of confirm findings the teacher ticked

// UUID v4; Safari < 15.4 has no randomUUID
const newKey = () => crypto.randomUUID?.() ?? "10000000-1000-4000-8000-100000000000".replace(/[018]/g,
  (c) => (c ^ (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (c / 4)))).toString(16));

const channels = () => [...form.querySelectorAll('input[name="channels"]:checked')].map((box) => box.value);
const scheduling = () => form.querySelector('input[name="when"]:checked')?.value === "schedule";

function inPostingHours(now = serverNow()) {
  const w = config.window;
  const parts = Object.fromEntries(new Intl.DateTimeFormat("en-GB", { timeZone: w.tz, weekday: "short",
    hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(now).map((p) => [p.type, p.value]));
  const day = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].indexOf(parts.weekday);
  const minutes = Number(parts.hour) * 60 + Number(parts.minute);
  return w.days.includes(day) && minutes >= w.start && minutes < w.end;
}

// A trip leader's reason (pre-set) always goes: the server uses it only if the post arrives or goes out late.
function draft() {
  const outside = !inPostingHours() || check.findings.some((f) => f.rule === "posting-hours") || !hours.hidden;
  const give = !scheduling() && (outside || config.trips.length > 0);
  return {
    text: caption.value,
    photo_count: photos.length,
    channels: channels(),
    alt_texts: photos.map((p) => p.alt),
    faces: photos.map((p) => p.counts),
    out_of_hours_reason: give ? reason.value || null : null,
    out_of_hours_note: give ? note.value.trim() : "",
    at: scheduling() && Date.parse(nextWindow) > serverNow() ? nextWindow : null,  // past: held by the server
  };
}

function showNextWindow() {
  $("next-window").textContent = Date.parse(nextWindow) > serverNow()
    ? when(nextWindow, { timeZone: config.window.tz }) : "when posting hours open";
}

// The server's spans count code points; JavaScript counts UTF-16 units.
function toUtf16(text, spans) {
  const offsets = [0];
  for (const ch of text) offsets.push(offsets[offsets.length - 1] + ch.length);
  const at = (i) => offsets[Math.min(i, offsets.length - 1)];
  return spans.map(([start, end]) => [at(start), at(end)]);
}

async function addFiles(fileList) {
  const files = [...fileList].filter((f) => f.type.startsWith("image/") || /\.(hei[cf]|jpe?g|png|webp|gif)$/i.test(f.name));
  if (!files.length) return;
  const room = config.max_photos - photos.length - processing;
  if (room <= 0) {
    photoMessage.textContent = `You already have ${config.max_photos} photos, the most one post can take.`;
    return;
  }
  const left = files.slice(room).map((f) => `“${f.name}”`).join(", ");
  const warn = left ? ` Only ${room} more photo${room > 1 ? "s" : ""} fit in one post; left out: ${left}.` : "";
  const say = (text) => { photoMessage.textContent = text + warn; };
  processing += Math.min(files.length, room);
  updateButton();
  for (const file of files.slice(0, room)) {   // one at a time: little memory on a phone
    say("Making the photo smaller…");
    try {
      const small = await downscale(file, config.max_long_edge, config.max_bytes);
      photos.push({ ...small, url: small.raw ? "" : URL.createObjectURL(small.blob), alt: "" });
      say(`Photo ${photos.length} added.${small.raw ? " This browser can't preview HEIC photos; the school's server will convert it." : ""}`);
    } catch (error) {
      say(error.message);
    } finally {
      processing -= 1;
    }
    renderPhotos();
  }
  scheduleCheck();
}

function renderPhotos() {
  thumbs.replaceChildren(...photos.map((photo, index) => {
    const number = index + 1;
    const altId = `alt-${number}`;
    const alt = el("input", { id: altId, value: photo.alt, maxLength: 1000, autocomplete: "off" });
    alt.addEventListener("input", () => { photo.alt = alt.value; scheduleCheck(); });
    const remove = el("button", { type: "button", className: "button", textContent: `Remove photo ${number}` });
    remove.addEventListener("click", () => {
      URL.revokeObjectURL(photo.url);
      photos.splice(index, 1);
      renderPhotos();
      photoMessage.textContent = `Photo ${number} removed.`;
      (thumbs.querySelectorAll("button")[index] || $("photos")).focus();
      scheduleCheck();
    });
    return el("li", {},
      photo.url ? el("img", { src: photo.url, alt: `Photo ${number}` })
        : el("p", { className: "no-preview", textContent: `Photo ${number}: ${photo.name} (no preview)` }),
      el("label", { htmlFor: altId, textContent: `Description of photo ${number} (no names)` }),
      alt, remove);
  }));
  $("photo-count").textContent = `(${photos.length} of ${config.max_photos})`;
  photos.length && import("./face-editor.js").then((m) => m.decorate(photos, thumbs, scheduleCheck));
}

function updateCounter() {
  if ((counter.hidden = !config.channels.some((c) => c.name === "x"))) return;
  const length = xWeightedLength(caption.value);
  const toX = channels().includes("x");
  counter.classList.toggle("over", toX && length > X_MAX);
  if (toX && length > X_MAX) counter.textContent = `${length} of ${X_MAX} characters on X: ${length - X_MAX} too many.`;
  else counter.textContent = `${length} of ${X_MAX} characters on X${toX ? "" : " (X is not selected)"}.`;
}

function renderHighlights() {
  const text = caption.value;
  const spans = check.text === text
    ? check.findings.flatMap((f) => toUtf16(text, f.spans || [])).sort((a, b) => a[0] - b[0])
    : [];
  const parts = [];
  let at = 0;
  for (const [start, end] of spans) {
    if (start < at) continue;
    parts.push(text.slice(at, start), el("mark", { textContent: text.slice(start, end) }));
    at = end;
  }
  parts.push(text.slice(at), "\n");
  highlights.replaceChildren(...parts);
  highlights.scrollTop = caption.scrollTop;
}

function localFindings(d) {
  // No signal: what the phone can know; names are checked by the server.
  const found = [];
  const add = (rule, severity, message) => found.push({ rule, severity, message });
  const toX = d.channels.includes("x");
  const length = xWeightedLength(d.text);
  if (!d.text.trim() && !d.photo_count) add("empty", "block", "Write something or add a photo.");
  if (toX && length > X_MAX) add("length", "block", `X allows ${X_MAX} characters; this is ${length}. Shorten it.`);
  if (d.photo_count) add("consent", "confirm", "Every child who can be clearly seen has photo consent from a parent or guardian.");
  if (d.alt_texts.some((a) => !a.trim())) add("alt-text", "confirm", "Some photos have no description. Tick to post without.");
  if (toX && urlSpans(d.text).length) add("link-cost", "confirm", "X charges the school much more for posts with links. Tick if the link is needed.");
  if (!inPostingHours() && !scheduling() && !d.out_of_hours_reason) {
    add("posting-hours", "block", `Outside posting hours (${config.window_text}): pick a reason or schedule it.`);
  }
  return found;
}

const visibleFindings = () => check.findings.filter((f) => f.rule !== "empty" &&
  !(f.rule === "alt-text" && photos.length && photos.every((p) => p.alt.trim())));

function confirmLabel(finding) {
  return finding.rule === "consent" && !/consent/i.test(finding.message)
    ? `I have checked photo consent: ${finding.message}` : finding.message;
}

function renderFindings() {
  const items = visibleFindings().map((finding) => {
    if (finding.severity === "block") {
      return el("li", { className: "block" }, el("span", { textContent: finding.message }),
        finding.policy ? el("span", { className: "quote", textContent: `Policy: ${finding.policy}` }) : null);
    }
    const box = el("input", { type: "checkbox", value: finding.rule, checked: ticked.has(finding.rule) });
    box.addEventListener("change", () => {
      if (box.checked) ticked.add(finding.rule); else ticked.delete(finding.rule);
      updateButton();
    });
    const item = el("li", { className: "confirm" }, el("label", { className: "check" }, box, confirmLabel(finding)));
    const pupils = finding.data?.pupils || [];
    if (pupils.length) {
      item.append(el("p", { className: "quote", textContent: "No photo consent on your trip — check none of them is in the photos:" }),
        el("ul", { className: "pupils" }, ...pupils.map((name) => el("li", { textContent: name }))));
    }
    return item;
  });
  findingsList.replaceChildren(...items);
  const outside = !inPostingHours() || check.findings.some((f) => f.rule === "posting-hours");
  hours.hidden = !outside;
  $("note-field").hidden = !config.reasons_needing_note.includes(reason.value);
  reason.disabled = scheduling();
}

function scheduleCheck() {
  updateCounter();
  renderHighlights();
  clearTimeout(checkTimer);
  checkTimer = setTimeout(runCheck, CHECK_DELAY_MS);
  updateButton();
}

async function runCheck() {
  const d = draft();
  const key = JSON.stringify(d);
  const seq = ++checkSeq;
  const local = (...status) => {
    check = { text: d.text, key, findings: localFindings(d) };
    checkStatus.replaceChildren(...status);
  };
  if (!navigator.onLine) {
    local(NO_SIGNAL);
    return showCheck();
  }
  checking = true;
  checkStatus.textContent = "Checking against the school policy…";
  updateButton();
  try {
    const response = await fetch("/api/check", { method: "POST", headers: { "Content-Type": "application/json", Accept: "application/json" }, body: key });
    if (seq !== checkSeq) return;
    const body = await response.json().catch(() => ({}));
    if (response.status === 401) {  // the outbox keeps the post until they sign in
      local("You have been signed out. You can still post: it waits safely on this phone and sends after you sign in again. ",
        el("a", { href: "/login", target: "_blank", textContent: "Sign in" }));
    } else if (!response.ok) {
      local("The policy check is not answering; the school's server checks again when you post.");
    } else {
      check = { text: d.text, key, findings: body.findings || [] };
      checkStatus.textContent = body.ok ? "Fits the school policy." : "";
    }
  } catch {
    if (seq !== checkSeq) return;
    local(NO_SIGNAL);
  } finally {
    if (seq === checkSeq) checking = false;
  }
  showCheck();
}

function showCheck() {
  const data = check.findings.find((f) => f.rule === "posting-hours")?.data || {};
  if (data.suggested_reason && !reason.value) reason.value = data.suggested_reason;
  if (data.next_window) nextWindow = data.next_window;
  showNextWindow();
  renderFindings();
  renderHighlights();
  updateButton();
}

function blockReason() {
  const d = draft();
  if (!d.channels.length) return "Choose at least one channel.";
  if (processing) return "Wait a moment: the photos are still being made smaller.";
  if (!d.text.trim() && !photos.length) return EMPTY;
  if (check.key !== JSON.stringify(d) || checking) return "Checking against the school policy…";
  const findings = visibleFindings();
  const block = findings.find((f) => f.severity === "block");
  if (block) return `Can't post yet: ${block.message}`;
  if (findings.some((f) => f.severity === "confirm" && !ticked.has(f.rule))) return "Tick the checks above to post.";
  return "";
}

function updateButton() {
  const reasonText = blockReason();
  postButton.disabled = Boolean(reasonText);
  why.textContent = reasonText;
  why.classList.toggle("idle", reasonText === EMPTY);  // an empty form is not an error
}

async function submit(event) {
  event.preventDefault();
  if (blockReason()) return updateButton();
  const d = draft();
  postButton.disabled = true;
  why.textContent = "Saving on this phone…";
  const shown = visibleFindings().filter((f) => f.severity === "confirm").map((f) => f.rule);
  const entry = {
    key: newKey(),
    text: d.text,
    channels: d.channels,
    altTexts: d.alt_texts,
    blur: photos.map((p) => p.regions),
    faces: d.faces,
    confirmations: shown.filter((rule) => ticked.has(rule)),
    reason: d.out_of_hours_reason,
    note: d.out_of_hours_note,
    scheduledFor: d.at,
    writtenAt: serverNow().toISOString(),
    photos: await Promise.all(photos.map(async (p) => ({ name: p.name, type: p.blob.type || "image/jpeg", bytes: await (await (p.burn?.() ?? p.blob)).arrayBuffer() }))),
  };
  try {
    const queued = outbox.queue(entry, editing);
    resetForm();
    done("Queued on this phone ✓");
    await queued;
    if ((await store.get(entry.key))?.state === "accepted") done("Sent ✓");
  } catch (error) {
    why.textContent = `Could not save the post on this phone: ${error.message}`;
    postButton.disabled = false;
  }
}

function resetForm() {
  photos.splice(0).forEach((p) => URL.revokeObjectURL(p.url));
  caption.value = "";
  ticked.clear();
  check = { text: null, key: "", findings: [] };
  renderPhotos();
  findingsList.replaceChildren();
  checkStatus.textContent = "";
  editing = null;
  photoMessage.textContent = "";
  scheduleCheck();
}

function done(text) {  // success, by the Post button
  postStatus.textContent = text;
  clearTimeout(done.timer);
  done.timer = setTimeout(() => { postStatus.textContent = ""; }, 6000);
}

// Refused by the server: what to fix, or tick and resend; Edit keeps the entry until the new one is queued.
function refusedActions(entry, refresh) {
  const box = el("div");
  const findings = entry.findings || [];
  const blocks = findings.filter((f) => f.severity === "block");
  const confirms = blocks.length ? [] : findings.filter((f) => f.severity === "confirm");
  if (!findings.length) box.append(el("p", { className: "error", textContent: entry.message }));
  blocks.forEach((f) => box.append(el("p", { className: "error", textContent: f.message })));
  const boxes = confirms.map((f) => el("input", { type: "checkbox", value: f.rule, checked: (entry.confirmations || []).includes(f.rule) }));
  confirms.forEach((f, i) => box.append(el("label", { className: "check" }, boxes[i], confirmLabel(f))));
  const row = el("div", { className: "actions-row" });
  if (confirms.length) {
    const resend = el("button", { type: "button", className: "button", textContent: "Confirm and send" });
    resend.addEventListener("click", async () => {
      if (boxes.some((b) => !b.checked)) { box.append(el("p", { className: "error", textContent: "Tick every check first." })); return; }
      entry.confirmations = [...new Set([...(entry.confirmations || []), ...boxes.map((b) => b.value)])];
      entry.state = "pending";
      await store.put(entry);
      await refresh();
      outbox.flush();
    });
    row.append(resend);
  }
  const edit = el("button", { type: "button", className: "button", textContent: "Edit" });
  edit.addEventListener("click", () => editEntry(entry));
  row.append(edit);
  box.append(row);
  return box;
}

function editEntry(entry) {
  resetForm();
  editing = entry.key;
  caption.value = entry.text;
  for (const [i, p] of (entry.photos || []).entries()) {
    const blob = new Blob([p.bytes], { type: p.type });
    photos.push({ blob, name: p.name, url: /hei[cf]/.test(p.type) ? "" : URL.createObjectURL(blob), alt: (entry.altTexts || [])[i] || "" });
  }
  form.querySelectorAll('input[name="channels"]').forEach((c) => { c.checked = entry.channels.includes(c.value); });
  renderPhotos();
  scheduleCheck();
  caption.focus();
}

const outbox = startOutbox({
  list: $("outbox"), empty: $("outbox-empty"), sendNow: $("send-now"), status: $("net-status"), onRefused: refusedActions,
});

for (const input of [$("take-photo"), $("photos")]) {
  input.addEventListener("change", () => { addFiles(input.files).finally(() => { input.value = ""; }); });
}
const drop = $("drop-zone");
drop.addEventListener("dragover", (event) => { event.preventDefault(); drop.classList.add("dragging"); });
drop.addEventListener("dragleave", () => drop.classList.remove("dragging"));
drop.addEventListener("drop", (event) => {
  event.preventDefault();
  drop.classList.remove("dragging");
  addFiles(event.dataTransfer.files);
});
document.addEventListener("paste", (event) => {
  const files = event.clipboardData?.files;
  if (files?.length) { event.preventDefault(); addFiles(files); }
});
caption.addEventListener("input", scheduleCheck);
caption.addEventListener("scroll", () => { highlights.scrollTop = caption.scrollTop; });
form.addEventListener("change", (event) => {
  if (event.target.name === "channels" || event.target.name === "when" || event.target === reason) scheduleCheck();
});
note.addEventListener("input", scheduleCheck);
form.addEventListener("submit", submit);
window.addEventListener("online", scheduleCheck);
window.addEventListener("offline", scheduleCheck);
window.addEventListener("beforeunload", (event) => {
  if (photos.length || caption.value.trim()) event.preventDefault();
});

if (config.trips.length && !reason.value) reason.value = "trip";
outbox.durable().then((durable) => {
  if (!durable) checkStatus.textContent = "This browser will not keep unsent posts if you close it (private mode?). Stay on this page until it says sent.";
});
const editKey = new URLSearchParams(location.search).get("edit");  // Posts page's Edit
if (editKey) store.get(editKey).then((e) => { if (e?.state === "refused" && String(e.author ?? me) === me) editEntry(e); });
renderPhotos();
scheduleCheck();
