// Faces: each photo's thumbnail opens a larger view with the faces the school's server found outlined and
// numbered. Tap a face (or Tab to it, Enter/Space) to blur or unblur it; "Blur all faces"; tap any other spot
// (a face it missed, a name badge, a number plate) to blur it, which works with no signal. Loaded by compose.js
// only once a photo is added. It keeps on each photo object:
//   counts   {found, blurred}, or null while the face check has not run (no signal): for the consent question
//   regions  [{x, y, w, h}] fractions of the upright photo to blur (the server burns them in again)
//   burn()   Promise<Blob>: the photo with the blur burnt in, the only copy that goes into the outbox
//   faceBlur()  {faces, blurred, spots} for the draft, so a reload brings the blur back (keptBlur on restore)
import { el } from "./outbox-ui.js";

const MARGIN = 0.2;        // same margin as the server's app/media/blur.py
const MIN_MARGIN = 4;
const BLOCKS = 5;
const NOISE = 24;
const SPOT = 0.14;         // a tapped spot: a square this fraction of the photo's shorter side
const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

let dialog, stage, title, status, blurAll, done, current;

function stylesheet() {
  if (document.getElementById("face-editor-css")) return;
  document.head.append(el("link", { id: "face-editor-css", rel: "stylesheet",
    href: new URL("../css/face-editor.css", import.meta.url).href }));
}

// Called by compose.js after it draws the thumbnails: wraps each preview in a button that opens the editor.
export function decorate(photos, thumbs, changed) {
  stylesheet();
  photos.forEach((photo, index) => {
    const img = thumbs.children[index]?.querySelector("img");
    if (!img || img.closest("button")) return;
    const summary = el("span", { className: "face-summary" });
    summary.setAttribute("aria-live", "polite");  // "2 faces, 0 blurred" is read out when the check answers
    const open = el("button", { type: "button", className: "face-thumb" }, summary);
    open.setAttribute("aria-haspopup", "dialog");
    img.replaceWith(open);
    open.prepend(img);
    open.addEventListener("click", () => edit(photo, index + 1, changed));
    photo.summary = summary;
    start(photo, changed);
    update(photo);
  });
}

function start(photo, changed) {
  if (photo.blurred) return;
  const kept = photo.keptBlur;  // from a draft: the same bytes, so the same faces; not looked for again
  Object.assign(photo, { faces: null, blurred: new Set(), spots: [], counts: null, regions: [],
    burn: () => burn(photo), changed, faceBlur: () => ({ faces: photo.faces, blurred: [...photo.blurred],
      spots: photo.spots }) });
  if (kept) {
    photo.faces = Array.isArray(kept.faces) ? kept.faces.map(box) : null;
    photo.blurred = new Set((kept.blurred || []).filter((i) => i >= 0 && i < (photo.faces?.length ?? 0)));
    photo.spots = (kept.spots || []).map(box);
    photo.state = "done";
  }
  if (!photo.faces) look(photo);
}

// Asks the school's server where the faces are; with no signal, asks again when signal comes back.
function look(photo) {
  photo.state = "looking";
  const body = new FormData();
  body.append("photo", photo.blob, photo.name || "photo.jpg");
  fetch("/api/faces", { method: "POST", body, headers: { Accept: "application/json" } })
    .then((response) => (response.ok ? response.json() : Promise.reject(new Error(String(response.status)))))
    .then((found) => { photo.faces = found.faces || []; photo.state = "done"; })
    .catch(() => {
      photo.state = navigator.onLine ? "failed" : "offline";
      if (!navigator.onLine) addEventListener("online", () => look(photo), { once: true });
    })
    .finally(() => { update(photo); if (current?.photo === photo && dialog.open) draw(); photo.changed(); });
}

function summaryText(photo, tail = ". Tap to check") {
  const spots = photo.spots.length ? `, ${plural(photo.spots.length, "spot")} blurred` : "";
  if (photo.state === "looking") return `Looking for faces…${spots}`;
  if (!photo.faces) return `Faces not checked (${photo.state === "offline" ? "no signal" : "not available"}): tap to blur by hand${spots}`;
  if (!photo.faces.length) return `No faces found${spots}${tail}`;
  return `${plural(photo.faces.length, "face")}, ${photo.blurred.size} blurred${spots}${tail}`;
}

function update(photo) {
  const faces = photo.faces || [];
  photo.counts = photo.faces ? { found: faces.length, blurred: photo.blurred.size } : null;
  photo.regions = [...[...photo.blurred].sort((a, b) => a - b).map((i) => box(faces[i])), ...photo.spots.map(box)];
  if (photo.summary) photo.summary.textContent = summaryText(photo);
}

const box = ({ x, y, w, h }) => ({ x, y, w, h });

function build() {
  title = el("h2", { id: "face-editor-title" });
  status = el("p", { className: "status-line face-status" });
  status.setAttribute("role", "status");
  stage = el("div", { className: "face-stage" });
  blurAll = el("button", { type: "button", className: "button", textContent: "Blur all faces" });
  done = el("button", { type: "button", className: "button", textContent: "Done" });
  dialog = el("dialog", { className: "face-editor" }, title,
    el("p", { className: "hint", textContent: "Tap a face to blur it, tap again to undo. Small, turned or half-hidden faces can be missed: "
      + "tap anywhere else to blur that spot." }),
    stage, status, el("div", { className: "actions-row" }, blurAll, done));
  dialog.setAttribute("aria-labelledby", title.id);
  blurAll.addEventListener("click", () => {
    const { photo } = current;
    (photo.faces || []).forEach((_, i) => photo.blurred.add(i));
    changedNow(`Every face blurred. ${summaryText(photo, "")}.`);
  });
  done.addEventListener("click", () => dialog.close());
  stage.addEventListener("click", (event) => {
    if (event.target.tagName !== "IMG") return;  // faces and spots are buttons with their own handler
    const rect = event.target.getBoundingClientRect();
    const side = SPOT * Math.min(rect.width, rect.height);
    const w = side / rect.width, h = side / rect.height;
    const x = Math.min(Math.max((event.clientX - rect.left) / rect.width - w / 2, 0), 1 - w);
    const y = Math.min(Math.max((event.clientY - rect.top) / rect.height - h / 2, 0), 1 - h);
    current.photo.spots.push({ x, y, w, h });
    changedNow(`Spot blurred. ${summaryText(current.photo, "")}.`);
  });
  document.body.append(dialog);
}

function changedNow(message) {
  const { photo } = current;
  update(photo);
  draw();
  status.textContent = message;
  photo.changed();
}

function place(node, f) {
  Object.assign(node.style, { left: `${f.x * 100}%`, top: `${f.y * 100}%`, width: `${f.w * 100}%`, height: `${f.h * 100}%` });
  return node;
}

// Redraws the outlines in place, keeping focus on the button that had it.
function draw() {
  const { photo, number } = current;
  const focused = document.activeElement?.dataset?.key;
  title.textContent = `Photo ${number}: faces`;
  const faces = (photo.faces || []).map((f, i) => {
    const on = photo.blurred.has(i);
    const button = place(el("button", { type: "button", className: `face-box${on ? " blurred" : ""}` },
      el("span", { textContent: String(i + 1) })), f);
    button.dataset.key = `face-${i}`;
    button.setAttribute("aria-label", `Blur face ${i + 1}`);
    button.setAttribute("aria-pressed", String(on));
    button.addEventListener("click", () => {
      if (on) photo.blurred.delete(i); else photo.blurred.add(i);
      changedNow(`Face ${i + 1} ${on ? "not blurred" : "blurred"}. ${summaryText(photo, "")}.`);
    });
    return button;
  });
  const spots = photo.spots.map((s, i) => {
    const button = place(el("button", { type: "button", className: "face-box spot blurred" }), s);
    button.dataset.key = `spot-${i}`;
    button.setAttribute("aria-label", `Blurred spot ${i + 1}: remove the blur`);
    button.addEventListener("click", () => {
      photo.spots.splice(i, 1);
      changedNow(`Spot ${i + 1} no longer blurred. ${summaryText(photo, "")}.`);
    });
    return button;
  });
  stage.replaceChildren(el("img", { src: photo.url, alt: `Photo ${number}. ${summaryText(photo, "")}` }), ...faces, ...spots);
  blurAll.hidden = !photo.faces?.length;
  stage.querySelector(`[data-key="${focused}"]`)?.focus();
}

function edit(photo, number, changed) {
  if (!dialog) build();
  photo.changed = changed;
  current = { photo, number };
  draw();
  status.textContent = `${summaryText(photo, "")}.`;
  dialog.showModal();
  (stage.querySelector(".face-box") || done).focus();
}

// The blur, burnt into the phone's own copy: coarse blocks plus noise over each region and its margin.
// A photo this browser cannot decode (HEIC on Chrome, shown by the server's preview) goes as it is: the server
// burns the same regions in before anything is published.
async function burn(photo) {
  if (!photo.regions.length || photo.raw) return photo.blob;
  const bitmap = await createImageBitmap(photo.blob);
  const { width, height } = bitmap;
  const canvas = el("canvas", { width, height });
  const context = canvas.getContext("2d", { willReadFrequently: true });
  context.drawImage(bitmap, 0, 0);
  bitmap.close?.();
  for (const r of photo.regions) {
    const mx = Math.max(MIN_MARGIN, r.w * width * MARGIN), my = Math.max(MIN_MARGIN, r.h * height * MARGIN);
    const x0 = Math.max(0, Math.floor(r.x * width - mx)), y0 = Math.max(0, Math.floor(r.y * height - my));
    const x1 = Math.min(width, Math.ceil((r.x + r.w) * width + mx)), y1 = Math.min(height, Math.ceil((r.y + r.h) * height + my));
    const rw = x1 - x0, rh = y1 - y0;
    if (rw < 1 || rh < 1) continue;
    const block = Math.max(4, Math.ceil(Math.max(rw, rh) / BLOCKS));
    const small = el("canvas", { width: Math.ceil(rw / block), height: Math.ceil(rh / block) });
    small.getContext("2d").drawImage(canvas, x0, y0, rw, rh, 0, 0, small.width, small.height);
    context.imageSmoothingEnabled = false;
    context.drawImage(small, 0, 0, small.width, small.height, x0, y0, rw, rh);
    const pixels = context.getImageData(x0, y0, rw, rh);
    for (let i = 0; i < pixels.data.length; i += 4) {
      for (let c = 0; c < 3; c++) pixels.data[i + c] += Math.round((Math.random() * 2 - 1) * NOISE);
    }
    context.putImageData(pixels, x0, y0);
  }
  const blob = await new Promise((resolve, reject) => canvas.toBlob(
    (b) => (b ? resolve(b) : reject(new Error("could not blur the photo"))), "image/jpeg", 0.9));
  canvas.width = canvas.height = 0;
  return blob;
}
