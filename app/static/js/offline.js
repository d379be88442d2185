// @ts-check
// The offline page: says how many posts wait on this phone, lets the teacher who last signed in here write one
// to send later (the Compose page can't be shown offline: signed-in pages are never cached), and goes back as
// soon as signal returns (the page that was wanted then sends the outbox). This page is cached signed out, so who
// is writing comes from the record Compose keeps (app.js, "tripcast.lastUser": id only, cleared on sign-out).
import { $, newKey, readConfig } from "./dom.js";
import { remember } from "./camera-roll.js";
import { drafts } from "./device-store.js";
import { PhotoPicker } from "./photo-picker.js";

const config = readConfig("offline-config");  // limits and wording, the same as Compose's
const store = /** @type {any} */ (self).TripcastOutbox;
const SAVED = "Saved on this phone. It will be checked against the school's policy and sent when signal comes " +
  "back; if something needs changing, Tripcast will ask you to fix it first.";
const waiting = $("waiting");
const form = $("later");
const [caption, consent, consentItem, altBox, altItem, why, status] = ["later-caption", "later-consent",
  "later-consent-item", "later-alt", "later-alt-item", "later-why", "later-status"].map($);
let restoring = true;
let draftGeneration = 0;  // bumped when a post is saved: a draft save still reading photos then is dropped
let saveTimer = 0;

function lastUser() {
  try {
    const record = JSON.parse(localStorage.getItem("tripcast.lastUser") || "null");
    return record?.id ? record : null;
  } catch {
    return null;
  }
}

const draftKey = () => `compose:${lastUser()?.id}`;  // the same draft as Compose: it is there when signal is back

function countWaiting() {
  const user = lastUser();
  store?.all(user?.id).then((/** @type {any[]} */ entries) => {
    const count = entries.filter((e) => e.state === "pending").length;
    if (waiting) waiting.textContent = count ? `${count} post${count > 1 ? "s are" : " is"} waiting on this phone and will send when signal comes back.` : "";
  }).catch(() => {});
}

const picker = form && new PhotoPicker({ config, thumbs: $("later-thumbs"), message: $("later-photo-message"),
  prefix: "later-", onChange: () => { showChecks(); saveSoon(); },
  // tap-to-blur works here too with no signal (no face detection until signal is back), so a child without
  // consent can be blurred before the photo waits on the phone
  onRender: (/** @type {any[]} */ photos, /** @type {HTMLElement} */ thumbs) => photos.length
    && import("./face-editor.js").then((m) => m.decorate(photos, thumbs, saveSoon)),
  inputs: [{ input: $("later-camera"), source: "camera" }, { input: $("later-photos"), source: "library" }] });

const dirty = () => Boolean(picker && (picker.photos.length || picker.processing || caption?.value.trim()));

// The checks Compose asks for with no signal: consent when there are photos, and "no description" when one lacks it.
function showChecks() {
  consentItem.hidden = !picker.photos.length;
  altItem.hidden = !picker.photos.length || picker.photos.every((p) => p.alt.trim());
  why.textContent = "";
}

function problem() {
  if (picker.processing) return "Wait a moment: the photos are still being made smaller.";
  if (!caption.value.trim() && !picker.photos.length) return "Write a caption or add a photo.";
  if (!consentItem.hidden && !consent.checked) return "Answer the photo consent check to save this post.";
  if (!altItem.hidden && !altBox.checked) return "Describe every photo, or choose to send without a description.";
  return "";
}

function saveSoon() {
  if (restoring) return;
  clearTimeout(saveTimer);
  saveTimer = setTimeout(saveDraft, 400);
}

async function saveDraft() {
  clearTimeout(saveTimer);
  if (restoring || !lastUser()) return;
  if (!dirty()) return drafts.remove(draftKey()).catch(() => {});
  const ticked = [consent.checked && "consent", altBox.checked && "alt-text"].filter(Boolean);
  const generation = draftGeneration;
  const photos = await picker.stored();
  if (generation !== draftGeneration) return;  // saved to the outbox while the photos were read: keep no draft
  await drafts.put({ key: draftKey(), text: caption.value, photos, ticked, savedAt: Date.now() }).catch(() => {});
}

async function restoreDraft() {
  const saved = await drafts.get(draftKey()).catch(() => null);
  if (saved && !dirty()) {  // not over a post already being written
    caption.value = saved.text || "";
    picker.restore(saved.photos || []);
    consent.checked = (saved.ticked || []).includes("consent");
    altBox.checked = (saved.ticked || []).includes("alt-text");
    showChecks();
    status.textContent = "Your unfinished post is back.";
  }
  restoring = false;
}

async function save(/** @type {Event} */ event) {
  event.preventDefault();
  const user = lastUser();
  status.textContent = "";
  why.textContent = user ? problem() : "Sign in again when signal is back to write a post.";
  if (why.textContent) return;
  const shown = [consentItem, altItem].filter((item) => !item.hidden);
  const taken = [...picker.photos];
  const photos = await picker.outboxPhotos();
  const entry = {  // as Compose queues it (compose.js submit and outbox-ui.js queue)
    key: newKey(),
    text: caption.value,
    channels: Array.isArray(user.channels) ? user.channels : [],  // none: the server uses every channel
    altTexts: taken.map((p) => p.alt),
    confirmations: shown.map((item) => item.querySelector("input")).filter((box) => box.checked).map((box) => box.value),
    reason: user.reason || null,
    note: "",
    scheduledFor: null,
    writtenAt: new Date().toISOString(),
    blur: taken.map((p) => p.regions || []),
    faces: taken.map((p) => p.counts ?? null),
    photos,
    state: "pending",
    author: String(user.id),
    createdAt: Date.now(),
    photoCount: photos.length,
  };
  try {
    await store.put(entry);
  } catch (error) {
    why.textContent = `Could not save the post on this phone: ${/** @type {Error} */ (error).message}`;
    return;
  }
  await remember(entry.key, taken);
  navigator.storage?.persist?.().catch(() => {});
  navigator.serviceWorker?.ready.then((r) => /** @type {any} */ (r).sync?.register(store.SYNC_TAG)).catch(() => {});
  picker.clear();
  form.reset();
  showChecks();
  clearTimeout(saveTimer);
  draftGeneration += 1;
  await drafts.remove(draftKey()).catch(() => {});
  status.textContent = SAVED;
  countWaiting();
}

function startForm() {
  if (!form || !store) return;
  if (!lastUser()) {
    $("sign-in-later").hidden = false;
    return;
  }
  form.hidden = false;
  caption.addEventListener("input", () => { why.textContent = ""; saveSoon(); });
  form.addEventListener("change", saveSoon);
  form.addEventListener("submit", save);
  document.addEventListener("visibilitychange", () => { if (document.hidden) saveDraft(); });
  window.addEventListener("pagehide", () => { saveDraft(); });
  restoreDraft();
}

countWaiting();
startForm();

// navigator.onLine only says a network interface is up, and the "online" event can arrive before requests
// really get through (a captive Wi-Fi, or a phone still handing over from Wi-Fi to 4G). So reload only after
// the server has answered, and keep asking every few seconds while this page is on screen. Not while a post is
// being written here: it is saved first, then the page goes back.
const RETRY_MS = 5000;
let timer = 0;
let probing = false;

async function serverAnswers() {
  try {
    const response = await fetch("/healthz", { cache: "no-store", credentials: "omit" });
    return response.ok;
  } catch {
    return false;
  }
}

async function goBackWhenSignalReturns() {
  clearTimeout(timer);
  if (probing) return;
  probing = true;
  const back = await serverAnswers();
  probing = false;
  if (back && dirty()) {
    status.textContent = "Signal is back. Tap “Save to send later” and it will send straight away.";
  } else if (back) {
    if (location.pathname === "/offline") location.assign("/");
    else location.reload();
    return;
  }
  if (document.visibilityState === "visible") timer = setTimeout(goBackWhenSignalReturns, RETRY_MS);
}

window.addEventListener("online", goBackWhenSignalReturns);
document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "visible") goBackWhenSignalReturns();
});
timer = setTimeout(goBackWhenSignalReturns, RETRY_MS);
