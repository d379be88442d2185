// @ts-check
// Compose: photos, caption with X's counter and live policy feedback, channels, out-of-hours reason or schedule,
// and the Post bar (through the outbox). The draft is kept on this device until it is posted or discarded.
import { $, device, el, newKey, readConfig } from "./dom.js";
import { CameraRollReminder, remember } from "./camera-roll.js";
import { CaptionField } from "./caption-field.js";
import { drafts } from "./device-store.js";
import { FindingsView, refusedProblems } from "./findings-view.js";
import { inPostingHours, localFindings } from "./local-rules.js";
import { startOutbox, when } from "./outbox-ui.js";
import { PhotoPicker } from "./photo-picker.js";

/** @typedef {import("./local-rules.js").Finding} Finding */
const config = readConfig("compose-config");
const [form, checkStatus, why, postStatus, postButton, reason, note, hours, discard] = ["compose", "check-status",
  "why-disabled", "post-status", "post-button", "reason", "note", "hours", "discard-draft"].map($);
const CHECK_DELAY_MS = 400;
const EMPTY = "Write a caption or add a photo.";
const me = document.body.dataset.user;
const DRAFT = `compose:${me}`;
const store = /** @type {any} */ (self).TripcastOutbox;
const clockOffset = Date.parse(config.now) - Date.now();  // trust the server's clock over the device's
const serverNow = () => new Date(Date.now() + clockOffset);
const noSignal = () => `No signal: checked on this ${device()}. Names are checked when the post reaches the school.`;

let check = { text: /** @type {string | null} */ (null), key: "", findings: /** @type {Finding[]} */ ([]) };
let checking = false;
let checkTimer = 0;
let checkSeq = 0;
let nextWindow = config.next_window;  // kept current by the server's findings
let editing = /** @type {string | null} */ (null);  // the refused entry being edited, dropped once this one is queued
let restoring = true;  // until the draft (or the entry being edited) is back
let saveTimer = 0;
let draftGeneration = 0;  // bumped when the form is emptied: a draft save still reading photos then is dropped

const caption = new CaptionField({ input: $("caption"), highlights: $("highlights"), counter: $("counter"),
  hasX: config.channels.some((/** @type {{name: string}} */ c) => c.name === "x") });
const picker = new PhotoPicker({ config, thumbs: $("thumbs"), message: $("photo-message"), count: $("photo-count"),
  dropZone: $("drop-zone"), onChange: () => scheduleCheck(),
  // faces outlined on each photo, to blur with a tap (loaded only once there is a photo)
  onRender: (photos, thumbs) => photos.length
    && import("./face-editor.js").then((m) => m.decorate(photos, thumbs, scheduleCheck)),
  inputs: [{ input: $("take-photo"), source: "camera" }, { input: $("photos"), source: "library" }] });
const findings = new FindingsView({ list: $("findings"), config, onChange: () => { updateButton(); saveDraft(); } });
const reminder = new CameraRollReminder({ section: $("camera-roll"), list: $("camera-roll-list") });

const checked = (/** @type {string} */ name) => [...form.querySelectorAll(`input[name="${name}"]:checked`)]
  .map((box) => box.value);
const channels = () => checked("channels");
const classes = () => checked("classes");
const scheduling = () => checked("when")[0] === "schedule";
const outsideHours = () => !inPostingHours(config.window, serverNow()) ||
  check.findings.some((f) => f.rule === "posting-hours") || !hours.hidden;

// A trip leader's reason (pre-set) always goes: the server uses it only if the post arrives or goes out late.
function draft() {
  const give = !scheduling() && (outsideHours() || config.trips.length > 0);
  return {
    text: caption.value,
    photo_count: picker.photos.length,
    channels: channels(),
    alt_texts: picker.photos.map((p) => p.alt),
    faces: picker.photos.map((p) => p.counts),
    out_of_hours_reason: give ? reason.value || null : null,
    out_of_hours_note: give ? note.value.trim() : "",
    at: scheduling() && Date.parse(nextWindow) > +serverNow() ? nextWindow : null,  // past: held by the server
    ...(classes().length ? { classes: classes() } : {}),
  };
}

const visibleFindings = () => check.findings.filter((f) => f.rule !== "empty" &&
  !(f.rule === "alt-text" && picker.photos.length && picker.photos.every((p) => p.alt.trim())));

function scheduleCheck() {
  caption.count(channels().includes("x"));
  caption.mark(check);
  clearTimeout(checkTimer);
  checkTimer = setTimeout(runCheck, CHECK_DELAY_MS);
  updateButton();
  saveSoon();
}

async function runCheck() {
  const d = draft();
  const key = JSON.stringify(d);
  const seq = ++checkSeq;
  const local = (/** @type {(string | Node)[]} */ ...status) => {
    check = { text: d.text, key, findings: localFindings(d, config, { outsideHours: outsideHours(), scheduling: scheduling() }) };
    checkStatus.replaceChildren(...status);
  };
  if (!navigator.onLine) {
    local(noSignal());
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
      local(`You have been signed out. You can still post: it waits safely on this ${device()} and sends after you sign in again. `,
        el("a", { href: "/login", target: "_blank", textContent: "Sign in" }));
    } else if (!response.ok) {
      local("The policy check is not answering; the school's server checks again when you post.");
    } else {
      check = { text: d.text, key, findings: body.findings || [] };
      checkStatus.textContent = body.ok ? "Fits the school policy." : "";
    }
  } catch {
    if (seq !== checkSeq) return;
    local(noSignal());
  } finally {
    if (seq === checkSeq) checking = false;
  }
  showCheck();
}

function showCheck() {
  const data = check.findings.find((f) => f.rule === "posting-hours")?.data || {};
  if (data.suggested_reason && !reason.value) reason.value = data.suggested_reason;
  if (data.next_window) nextWindow = data.next_window;
  $("next-window").textContent = Date.parse(nextWindow) > +serverNow()
    ? when(nextWindow, { timeZone: config.window.tz }) : "when posting hours open";
  findings.render(visibleFindings());
  hours.hidden = !outsideHours();
  $("note-field").hidden = !config.reasons_needing_note.includes(reason.value);
  reason.disabled = scheduling();
  caption.mark(check);
  updateButton();
}

function blockReason() {
  const d = draft();
  if (!d.channels.length) return "Choose at least one channel.";
  if (picker.processing) return "Wait a moment: the photos are still being made smaller.";
  if (!d.text.trim() && !picker.photos.length) return EMPTY;
  if (check.key !== JSON.stringify(d) || checking) return "Checking against the school policy…";
  return findings.reason();
}

function updateButton() {
  const reasonText = blockReason();
  postButton.disabled = Boolean(reasonText);
  postButton.textContent = scheduling() ? "Schedule" : "Post";
  why.textContent = reasonText || (scheduling() ? `Goes out ${$("next-window").textContent}.` : "");
  why.classList.toggle("idle", !reasonText || reasonText === EMPTY);  // an empty form is not an error
  discard.hidden = !caption.value.trim() && !picker.photos.length;
}

async function submit(/** @type {Event} */ event) {
  event.preventDefault();
  if (blockReason()) return updateButton();
  const d = draft();
  postButton.disabled = true;
  why.textContent = `Saving on this ${device()}…`;
  const taken = [...picker.photos];
  const entry = {
    key: newKey(), text: d.text, channels: d.channels, altTexts: d.alt_texts,
    blur: taken.map((p) => p.regions), faces: d.faces,
    confirmations: findings.confirmations(), reason: d.out_of_hours_reason, note: d.out_of_hours_note,
    scheduledFor: d.at, writtenAt: serverNow().toISOString(),
    photos: await picker.outboxPhotos(),
  };
  try {
    await remember(entry.key, taken);
    const queued = outbox.queue(entry, editing);
    resetForm();
    done(`Queued on this ${device()} ✓`);
    await queued;
    if ((await store.get(entry.key))?.state === "accepted") done("Sent ✓");
  } catch (error) {
    why.textContent = `Could not save the post on this ${device()}: ${/** @type {Error} */ (error).message}`;
    postButton.disabled = false;
  }
}

// After posting or discarding: an empty form, the out-of-hours choices back to their start, no draft kept.
function resetForm() {
  picker.clear();
  caption.value = "";
  findings.clear();
  check = { text: null, key: "", findings: [] };
  checkStatus.textContent = "";
  editing = null;
  form.querySelector('input[name="when"][value="now"]').checked = true;
  reason.value = config.trips.length ? "trip" : "";
  note.value = "";
  form.querySelectorAll('input[name="classes"]').forEach((/** @type {HTMLInputElement} */ c) => { c.checked = false; });
  clearTimeout(saveTimer);
  draftGeneration += 1;
  drafts.remove(DRAFT).catch(() => {});
  scheduleCheck();
}

function done(/** @type {string} */ text) {  // success, by the Post button
  postStatus.textContent = text;
  clearTimeout(done.timer);
  done.timer = setTimeout(() => { postStatus.textContent = ""; }, 6000);
}
done.timer = 0;

// The draft on this device: written a moment after each change, and at once when the app goes to the background.
function saveSoon() {
  if (restoring) return;
  clearTimeout(saveTimer);
  saveTimer = setTimeout(saveDraft, 400);
}

async function saveDraft() {
  clearTimeout(saveTimer);
  if (restoring) return;
  if (!caption.value.trim() && !picker.photos.length && !picker.processing) {
    await drafts.remove(DRAFT).catch(() => {});
    return;
  }
  const generation = draftGeneration;
  const photos = await picker.stored();
  if (generation !== draftGeneration) return;  // posted or discarded while the photos were read: keep no draft
  await drafts.put({ key: DRAFT, text: caption.value, channels: channels(), photos,
    ticked: [...findings.ticked], when: scheduling() ? "schedule" : "now", reason: reason.value, note: note.value,
    classes: classes(), editing, savedAt: Date.now() }).catch(() => {});
}

/** @param {any} saved a draft, or a refused outbox entry being edited */
function fill(saved) {
  restoring = true;
  caption.value = saved.text || "";
  picker.restore((saved.photos || []).map((/** @type {any} */ p, /** @type {number} */ i) => ({ ...p, alt: p.alt ?? (saved.altTexts || [])[i] ?? "" })));
  if (saved.channels) form.querySelectorAll('input[name="channels"]').forEach((/** @type {HTMLInputElement} */ c) => { c.checked = saved.channels.includes(c.value); });
  form.querySelectorAll('input[name="classes"]').forEach((/** @type {HTMLInputElement} */ c) => { c.checked = (saved.classes || []).includes(c.value); });
  (saved.ticked || []).forEach((/** @type {string} */ rule) => findings.ticked.add(rule));
  if (saved.when) form.querySelector(`input[name="when"][value="${saved.when === "schedule" ? "schedule" : "now"}"]`).checked = true;
  if (saved.reason !== undefined) reason.value = saved.reason;
  if (saved.note !== undefined) note.value = saved.note;
  restoring = false;
  scheduleCheck();
}

async function restoreDraft() {
  const saved = await drafts.get(DRAFT).catch(() => null);
  if (!saved || (!saved.text && !saved.photos?.length)) return;
  if (caption.value.trim() || picker.photos.length || picker.processing) return;  // already writing a new one
  fill(saved);
  editing = saved.editing || null;
  done(`Your unfinished post is back (kept on this ${device()}).`);
}

// Refused by the server: what to fix, or answer and resend; Edit keeps the entry until the new one is queued.
function refusedActions(/** @type {any} */ entry, /** @type {() => Promise<void>} */ refresh) {
  const { box, boxes } = refusedProblems(entry, findings);
  const row = el("div", { className: "actions-row" });
  if (boxes.length) {
    const resend = el("button", { type: "button", className: "button", textContent: "Confirm and send" });
    resend.addEventListener("click", async () => {
      if (boxes.some((/** @type {HTMLInputElement} */ b) => !b.checked)) { box.append(el("p", { className: "error", textContent: "Tick every check first." })); return; }
      entry.confirmations = [...new Set([...(entry.confirmations || []), ...boxes.map((/** @type {HTMLInputElement} */ b) => b.value)])];
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

function editEntry(/** @type {any} */ entry) {
  resetForm();
  fill(entry);
  editing = entry.key;
  caption.input.focus();
}

const outbox = startOutbox({ list: $("outbox"), empty: $("outbox-empty"), sendNow: $("send-now"),
  status: $("net-status"), onRefused: refusedActions, onRefresh: () => reminder.render() });

$("caption").addEventListener("input", scheduleCheck);
form.addEventListener("change", (/** @type {Event} */ event) => {
  const target = /** @type {HTMLInputElement} */ (event.target);
  if (["channels", "when", "classes"].includes(target.name) || target === reason) scheduleCheck();
});
note.addEventListener("input", scheduleCheck);
form.addEventListener("submit", submit);
discard.addEventListener("click", () => {
  resetForm();
  postStatus.textContent = "Draft discarded.";
  caption.input.focus();
});
window.addEventListener("online", scheduleCheck);
window.addEventListener("offline", scheduleCheck);
document.addEventListener("visibilitychange", () => { if (document.hidden) saveDraft(); });
window.addEventListener("pagehide", () => { saveDraft(); });

if (config.trips.length && !reason.value) reason.value = "trip";
outbox.durable().then((/** @type {boolean} */ durable) => {
  if (!durable) checkStatus.textContent = "This browser will not keep unsent posts if you close it (private mode?). Stay on this page until it says sent.";
});
const editKey = new URLSearchParams(location.search).get("edit");  // Posts page's Edit
(async () => {
  const entry = editKey ? await store.get(editKey) : null;
  if (entry?.state === "refused" && String(entry.author ?? me) === me) editEntry(entry);
  else await restoreDraft();
  restoring = false;
})();
picker.render();
scheduleCheck();
