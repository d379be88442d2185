// The compose page: photos (made smaller on the phone), caption with X's counter and live policy
// feedback, channels, out-of-hours reason or schedule, and Post (which goes through the outbox).
import { downscale } from "./photos.js";
import { X_MAX, urlSpans, xWeightedLength } from "./x-length.js";
import { el, startOutbox } from "./outbox-ui.js";

const config = JSON.parse(document.getElementById("compose-config").textContent);
const $ = (id) => document.getElementById(id);
const form = $("compose");
const caption = $("caption");
const highlights = $("highlights");
const counter = $("counter");
const thumbs = $("thumbs");
const photoMessage = $("photo-message");
const findingsList = $("findings");
const checkStatus = $("check-status");
const why = $("why-disabled");
const postButton = $("post-button");
const reason = $("reason");
const note = $("note");
const hours = $("hours");
const CHECK_DELAY_MS = 400;
const NO_SIGNAL = "No signal: checked on this phone. Names are checked when the post reaches the school.";
const clockOffset = Date.parse(config.now) - Date.now();  // trust the server's clock over the phone's

const photos = [];             // {blob, name, url, alt}
let processing = 0;
let check = { text: null, key: "", findings: [], source: "none" };  // the last policy answer
let checking = false;
let checkTimer = null;
let checkSeq = 0;
const ticked = new Set();      // rule ids of confirm findings the teacher ticked

// small helpers
function newKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));  // Safari < 15.4 has no randomUUID
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function channels() {
  return [...form.querySelectorAll('input[name="channels"]:checked')].map((box) => box.value);
}

function scheduling() {
  return form.querySelector('input[name="when"]:checked')?.value === "schedule";
}

function inPostingHours(now = new Date(Date.now() + clockOffset)) {
  const w = config.window;
  const parts = Object.fromEntries(new Intl.DateTimeFormat("en-GB", { timeZone: w.tz, weekday: "short",
    hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(now).map((p) => [p.type, p.value]));
  const day = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].indexOf(parts.weekday);
  const minutes = Number(parts.hour) * 60 + Number(parts.minute);
  return w.days.includes(day) && minutes >= w.start && minutes < w.end;
}

function draft() {
  const outside = !inPostingHours() || check.findings.some((f) => f.rule === "posting-hours") || !hours.hidden;
  return {
    text: caption.value,
    photo_count: photos.length,
    channels: channels(),
    alt_texts: photos.map((p) => p.alt),
    out_of_hours_reason: outside && !scheduling() ? reason.value || null : null,
    out_of_hours_note: outside && !scheduling() ? note.value.trim() : "",
    at: scheduling() ? config.next_window : null,
  };
}

// Python counts code points, JavaScript strings count UTF-16 units: convert the server's spans.
function toUtf16(text, spans) {
  const offsets = [0];
  for (const ch of text) offsets.push(offsets[offsets.length - 1] + ch.length);
  const at = (i) => offsets[Math.min(i, offsets.length - 1)];
  return spans.map(([start, end]) => [at(start), at(end)]);
}

// photos
async function addFiles(fileList) {
  const files = [...fileList].filter((f) => f.type.startsWith("image/") || /\.(hei[cf]|jpe?g|png|webp|gif)$/i.test(f.name));
  if (!files.length) return;
  const room = config.max_photos - photos.length - processing;
  if (room <= 0) {
    photoMessage.textContent = `You already have ${config.max_photos} photos, the most one post can take.`;
    return;
  }
  if (files.length > room) photoMessage.textContent = `Only ${room} more photo${room > 1 ? "s" : ""} fit in one post; the rest were left out.`;
  processing += Math.min(files.length, room);
  updateButton();
  for (const file of files.slice(0, room)) {   // one at a time: a phone has little memory to spare
    photoMessage.textContent = "Making the photo smaller…";
    try {
      const small = await downscale(file, config.max_long_edge);
      photos.push({ blob: small.blob, name: small.name, url: URL.createObjectURL(small.blob), alt: "" });
      photoMessage.textContent = `Photo ${photos.length} added.`;
    } catch (error) {
      photoMessage.textContent = error.message;
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
      scheduleCheck();
    });
    return el("li", {},
      el("img", { src: photo.url, alt: `Photo ${number}` }),
      el("label", { htmlFor: altId, textContent: `Description of photo ${number} (no names)` }),
      alt, remove);
  }));
  $("photo-count").textContent = `(${photos.length} of ${config.max_photos})`;
}

// caption: counter and highlights
function updateCounter() {
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

// policy findings
function localFindings(d) {
  // Used with no signal: what can be known on the phone. Names are checked when the post reaches the server.
  const found = [];
  const toX = d.channels.includes("x");
  if (!d.text.trim() && !d.photo_count) found.push({ rule: "empty", severity: "block", message: "Write something or add a photo." });
  const length = xWeightedLength(d.text);
  if (toX && length > X_MAX) found.push({ rule: "length", severity: "block", message: `X allows ${X_MAX} characters; this is ${length}. Shorten it.` });
  if (d.photo_count) found.push({ rule: "consent", severity: "confirm", message: "Every child who can be clearly seen has photo consent from a parent or guardian.", data: {} });
  if (d.alt_texts.some((a) => !a.trim())) found.push({ rule: "alt-text", severity: "confirm", message: "Some photos have no description. Tick to post without." });
  if (toX && urlSpans(d.text).length) found.push({ rule: "link-cost", severity: "confirm", message: "X charges the school much more for posts with links. Tick if the link is needed." });
  if (!inPostingHours() && !scheduling() && !d.out_of_hours_reason) {
    found.push({ rule: "posting-hours", severity: "block", message: `Outside posting hours (${config.window_text}): pick a reason or schedule it.` });
  }
  return found;
}

function visibleFindings() {
  // An empty draft is not an error worth red: the line above the Post button already says what to do.
  return check.findings.filter((f) => f.rule !== "empty" &&
    !(f.rule === "alt-text" && photos.length && photos.every((p) => p.alt.trim())));
}

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
  if (!navigator.onLine) {
    check = { text: d.text, key, findings: localFindings(d), source: "local" };
    checkStatus.textContent = NO_SIGNAL;
    return showCheck();
  }
  checking = true;
  checkStatus.textContent = "Checking against the school policy…";
  updateButton();
  try {
    const response = await fetch("/api/check", { method: "POST", headers: { "Content-Type": "application/json", Accept: "application/json" }, body: key });
    if (seq !== checkSeq) return;
    const body = await response.json().catch(() => ({}));
    if (response.status === 401) {
      check = { text: d.text, key, findings: [{ rule: "signed-out", severity: "block", message: "You have been signed out. Open the menu and sign in again; nothing is lost." }], source: "server" };
      checkStatus.textContent = "";
    } else if (!response.ok) {
      check = { text: d.text, key, findings: localFindings(d), source: "local" };
      checkStatus.textContent = "The policy check is not answering; the school's server checks again when you post.";
    } else {
      check = { text: d.text, key, findings: body.findings || [], source: "server" };
      checkStatus.textContent = body.ok ? "Fits the school policy." : "";
    }
  } catch {
    if (seq !== checkSeq) return;
    check = { text: d.text, key, findings: localFindings(d), source: "local" };
    checkStatus.textContent = NO_SIGNAL;
  } finally {
    if (seq === checkSeq) checking = false;
  }
  showCheck();
}

function showCheck() {
  const suggestion = check.findings.find((f) => f.rule === "posting-hours")?.data?.suggested_reason;
  if (suggestion && !reason.value) reason.value = suggestion;
  renderFindings();
  renderHighlights();
  updateButton();
}

// the Post button
function blockReason() {
  const d = draft();
  if (!d.channels.length) return "Choose at least one channel.";
  if (processing) return "Wait a moment: the photos are still being made smaller.";
  if (!d.text.trim() && !photos.length) return "Write a caption or add a photo.";  // also the "empty" rule
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
    confirmations: shown.filter((rule) => ticked.has(rule)),
    reason: d.out_of_hours_reason,
    note: d.out_of_hours_note,
    scheduledFor: d.at,
    photos: await Promise.all(photos.map(async (p) => ({ name: p.name, type: p.blob.type || "image/jpeg", bytes: await p.blob.arrayBuffer() }))),
  };
  try {
    const queued = outbox.queue(entry);
    resetForm();
    await queued;
  } catch (error) {
    why.textContent = `Could not save the post on this phone: ${error.message}`;
    postButton.disabled = false;
  }
}

function resetForm() {
  photos.splice(0).forEach((p) => URL.revokeObjectURL(p.url));
  caption.value = "";
  ticked.clear();
  check = { text: null, key: "", findings: [], source: "none" };
  renderPhotos();
  findingsList.replaceChildren();
  checkStatus.textContent = "";
  photoMessage.textContent = "";
  scheduleCheck();
}

// A post the server refused (e.g. a name the phone could not check offline): tick and resend, or edit.
function refusedActions(entry, refresh) {
  const box = el("div");
  const confirms = (entry.findings || []).filter((f) => f.severity === "confirm");
  const blocks = (entry.findings || []).filter((f) => f.severity === "block");
  blocks.forEach((f) => box.append(el("p", { className: "error", textContent: f.message })));
  const boxes = confirms.map((f) => el("input", { type: "checkbox", value: f.rule, checked: (entry.confirmations || []).includes(f.rule) }));
  confirms.forEach((f, i) => box.append(el("label", { className: "check" }, boxes[i], confirmLabel(f))));
  const row = el("div", { className: "actions-row" });
  if (confirms.length && !blocks.length) {
    const resend = el("button", { type: "button", className: "button", textContent: "Confirm and send" });
    resend.addEventListener("click", async () => {
      if (boxes.some((b) => !b.checked)) { box.append(el("p", { className: "error", textContent: "Tick every check first." })); return; }
      entry.confirmations = [...new Set([...(entry.confirmations || []), ...boxes.map((b) => b.value)])];
      entry.state = "pending";
      await self.TripcastOutbox.put(entry);
      await refresh();
      outbox.flush();
    });
    row.append(resend);
  }
  const edit = el("button", { type: "button", className: "button", textContent: "Edit" });
  edit.addEventListener("click", async () => {
    resetForm();
    caption.value = entry.text;
    for (const [i, p] of (entry.photos || []).entries()) {
      const blob = new Blob([p.bytes], { type: p.type });
      photos.push({ blob, name: p.name, url: URL.createObjectURL(blob), alt: (entry.altTexts || [])[i] || "" });
    }
    form.querySelectorAll('input[name="channels"]').forEach((c) => { c.checked = entry.channels.includes(c.value); });
    await self.TripcastOutbox.remove(entry.key);
    renderPhotos();
    scheduleCheck();
    refresh();
    caption.focus();
  });
  row.append(edit);
  box.append(row);
  return box;
}

// wiring
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
  if (photos.length || caption.value.trim()) event.preventDefault();  // unsent work on screen
});

if (config.trips.length && !reason.value) reason.value = "trip";
outbox.durable().then((durable) => {
  if (!durable) checkStatus.textContent = "This browser will not keep unsent posts if you close it (private mode?). Stay on this page until it says sent.";
});
renderPhotos();
scheduleCheck();
