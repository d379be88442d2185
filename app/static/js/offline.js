// The offline page: says how many posts wait on this phone, lets the teacher who last signed in here write one
// to send later (the Compose page can't be shown offline: signed-in pages are never cached), and goes back as
// soon as signal returns (the page that was wanted then sends the outbox). This page is cached signed out, so who
// is writing comes from the record Compose keeps (app.js, "tripcast.lastUser": id only, cleared on sign-out).
import { downscale } from "./photos.js";
import { el } from "./outbox-ui.js";

const $ = (id) => document.getElementById(id);
const store = self.TripcastOutbox;
const MAX_PHOTOS = 4;  // X's limit and the server's highest setting; the server checks again
const SAVED = "Saved on this phone. It will be checked against the school's policy and sent when signal comes " +
  "back; if something needs changing, Tripcast will ask you to fix it first.";
const waiting = $("waiting");
const form = $("later");
const [caption, thumbs, photoMessage, consent, consentItem, altBox, altItem, why, status] = ["later-caption",
  "later-thumbs", "later-photo-message", "later-consent", "later-consent-item", "later-alt", "later-alt-item",
  "later-why", "later-status"].map($);
const photos = [];  // {blob, name, url, alt}
let processing = 0;

function lastUser() {
  try {
    const record = JSON.parse(localStorage.getItem("tripcast.lastUser"));
    return record?.id ? record : null;
  } catch {
    return null;
  }
}

function countWaiting() {
  const user = lastUser();
  store?.all(user?.id).then((entries) => {
    const count = entries.filter((e) => e.state === "pending").length;
    if (waiting) waiting.textContent = count ? `${count} post${count > 1 ? "s are" : " is"} waiting on this phone and will send when signal comes back.` : "";
  }).catch(() => {});
}

// UUID v4, as Compose makes them; Safari < 15.4 has no randomUUID
const newKey = () => crypto.randomUUID?.() ?? "10000000-1000-4000-8000-100000000000".replace(/[018]/g,
  (c) => (c ^ (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (c / 4)))).toString(16));

const dirty = () => Boolean(photos.length || processing || caption?.value.trim());

async function addFiles(fileList) {
  const files = [...fileList].filter((f) => f.type.startsWith("image/") || /\.(hei[cf]|jpe?g|png|webp|gif)$/i.test(f.name));
  if (!files.length) return;
  const room = MAX_PHOTOS - photos.length - processing;
  if (room <= 0) {
    photoMessage.textContent = `You already have ${MAX_PHOTOS} photos, the most one post can take.`;
    return;
  }
  const left = files.slice(room).map((f) => `“${f.name}”`).join(", ");
  const warn = left ? ` Only ${room} more photo${room > 1 ? "s" : ""} fit in one post; left out: ${left}.` : "";
  const say = (text) => { photoMessage.textContent = text + warn; };
  processing += Math.min(files.length, room);
  for (const file of files.slice(0, room)) {  // one at a time: little memory on a phone
    say("Making the photo smaller…");
    try {
      const small = await downscale(file);
      photos.push({ ...small, url: small.raw ? "" : URL.createObjectURL(small.blob), alt: "" });
      say(`Photo ${photos.length} added.${small.raw ? " This browser can't preview HEIC photos; the school's server will convert it." : ""}`);
    } catch (error) {
      say(error.message);
    } finally {
      processing -= 1;
    }
    renderPhotos();
  }
}

function renderPhotos() {
  thumbs.replaceChildren(...photos.map((photo, index) => {
    const number = index + 1;
    const altId = `later-alt-${number}`;
    const alt = el("input", { id: altId, value: photo.alt, maxLength: 1000, autocomplete: "off" });
    alt.addEventListener("input", () => { photo.alt = alt.value; showChecks(); });
    const remove = el("button", { type: "button", className: "button", textContent: `Remove photo ${number}` });
    remove.addEventListener("click", () => {
      URL.revokeObjectURL(photo.url);
      photos.splice(index, 1);
      renderPhotos();
      photoMessage.textContent = `Photo ${number} removed.`;
      (thumbs.querySelectorAll("button")[index] || $("later-photos")).focus();
    });
    return el("li", {},
      photo.url ? el("img", { src: photo.url, alt: `Photo ${number}` })
        : el("p", { className: "no-preview", textContent: `Photo ${number}: ${photo.name} (no preview)` }),
      el("label", { htmlFor: altId, textContent: `Description of photo ${number} (no names)` }),
      alt, remove);
  }));
  showChecks();
}

// The checks Compose asks for with no signal: consent when there are photos, and "no description" when one lacks it.
function showChecks() {
  consentItem.hidden = !photos.length;
  altItem.hidden = !photos.length || photos.every((p) => p.alt.trim());
  why.textContent = "";
}

function problem() {
  if (processing) return "Wait a moment: the photos are still being made smaller.";
  if (!caption.value.trim() && !photos.length) return "Write a caption or add a photo.";
  if (!consentItem.hidden && !consent.checked) return "Tick the photo consent check to save this post.";
  if (!altItem.hidden && !altBox.checked) return "Describe every photo, or tick to send without a description.";
  return "";
}

async function save(event) {
  event.preventDefault();
  const user = lastUser();
  status.textContent = "";
  why.textContent = user ? problem() : "Sign in again when signal is back to write a post.";
  if (why.textContent) return;
  const shown = [consentItem, altItem].filter((item) => !item.hidden);
  const entry = {  // as Compose queues it (compose.js submit and outbox-ui.js queue)
    key: newKey(),
    text: caption.value,
    channels: Array.isArray(user.channels) ? user.channels : [],  // none: the server uses every channel
    altTexts: photos.map((p) => p.alt),
    confirmations: shown.map((item) => item.querySelector("input")).filter((box) => box.checked).map((box) => box.value),
    reason: user.reason || null,
    note: "",
    scheduledFor: null,
    writtenAt: new Date().toISOString(),
    photos: await Promise.all(photos.map(async (p) => ({ name: p.name, type: p.blob.type || "image/jpeg", bytes: await p.blob.arrayBuffer() }))),
    state: "pending",
    author: String(user.id),
    createdAt: Date.now(),
  };
  entry.photoCount = entry.photos.length;
  try {
    await store.put(entry);
  } catch (error) {
    why.textContent = `Could not save the post on this phone: ${error.message}`;
    return;
  }
  navigator.storage?.persist?.().catch(() => {});
  navigator.serviceWorker?.ready.then((r) => r.sync?.register(store.SYNC_TAG)).catch(() => {});
  photos.splice(0).forEach((p) => URL.revokeObjectURL(p.url));
  form.reset();
  photoMessage.textContent = "";
  renderPhotos();
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
  for (const input of [$("later-camera"), $("later-photos")]) {
    input.addEventListener("change", () => { addFiles(input.files).finally(() => { input.value = ""; }); });
  }
  caption.addEventListener("input", () => { why.textContent = ""; });
  form.addEventListener("submit", save);
  window.addEventListener("beforeunload", (event) => { if (dirty()) event.preventDefault(); });
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
