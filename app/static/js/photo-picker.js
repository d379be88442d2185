// @ts-check
// The photo picker shared by Compose and the offline page: camera and library inputs (plus drop and paste on a
// computer), one photo at a time made smaller on the device, a preview from the server for HEIC the browser
// can't show (and its refusal, when the server would refuse the photo, at once), descriptions, Remove.
import { andList, el, onPhone } from "./dom.js";
import { downscale } from "./photos.js";

const IMAGE_NAME = /\.(hei[cf]|jpe?g|png|webp|gif)$/i;
const NO_PREVIEW = "This browser can't preview HEIC photos; the school's server will convert it.";

/**
 * @typedef {{blob: Blob, name: string, url: string, alt: string, source: string, takenAt: number,
 *   raw?: boolean, preview?: Blob | null, bytes?: ArrayBuffer, previewBytes?: ArrayBuffer,
 *   counts?: {found: number, blurred: number} | null, regions?: {x: number, y: number, w: number, h: number}[],
 *   burn?: () => Promise<Blob>, faceBlur?: () => any, keptBlur?: any}} Photo  (counts, regions, burn, faceBlur:
 *   set by face-editor.js; keptBlur: what a draft kept of them, for face-editor.js)
 */

/**
 * A HEIC the browser can't open, shown by the server (POST /api/preview). Null when there is no answer (no
 * signal, signed out); throws the server's refusal (too many pixels, damaged, not a photo).
 * @param {Blob} blob
 * @returns {Promise<Blob | null>}
 */
async function serverPreview(blob) {
  if (!navigator.onLine) return null;
  let response;
  try {
    response = await fetch("/api/preview", { method: "POST", body: blob, credentials: "same-origin",
      headers: { "Content-Type": blob.type || "application/octet-stream", Accept: "image/jpeg, application/json" } });
  } catch {
    return null;
  }
  if (response.ok) return response.blob();
  if ([413, 415, 422].includes(response.status)) {
    const body = await response.json().catch(() => ({}));
    throw new Error(body.detail || "The school's server can't use this photo. Choose another photo.");
  }
  return null;
}

export class PhotoPicker {
  /**
   * @param {{inputs: {input: HTMLInputElement, source: string}[], thumbs: HTMLElement, message: HTMLElement,
   *   count?: HTMLElement | null, dropZone?: HTMLElement | null, config: any, prefix?: string,
   *   onChange?: () => void, onRender?: (photos: any[], thumbs: HTMLElement) => any}} options
   */
  constructor({ inputs, thumbs, message, count = null, dropZone = null, config, prefix = "", onChange = () => {},
    onRender = () => {} }) {
    /** @type {Photo[]} */
    this.photos = [];
    this.processing = 0;
    this.inputs = inputs;
    this.thumbs = thumbs;
    this.message = message;
    this.count = count;
    this.config = config;
    this.prefix = prefix;
    this.onChange = onChange;
    this.onRender = onRender;
    for (const { input, source } of inputs) {
      input.addEventListener("change", () => {
        this.add(input.files || [], source).finally(() => { input.value = ""; });
      });
    }
    if (dropZone) this.acceptDrops(dropZone);
  }

  /** @param {HTMLElement} zone */
  acceptDrops(zone) {
    zone.addEventListener("dragover", (event) => { event.preventDefault(); zone.classList.add("dragging"); });
    zone.addEventListener("dragleave", () => zone.classList.remove("dragging"));
    zone.addEventListener("drop", (event) => {
      event.preventDefault();
      zone.classList.remove("dragging");
      this.add(event.dataTransfer?.files || [], "file");
    });
    document.addEventListener("paste", (event) => {
      const files = event.clipboardData?.files;
      if (files?.length) { event.preventDefault(); this.add(files, "file"); }
    });
  }

  get max() { return this.config.max_photos || 4; }

  /** @param {string} text */
  say(text) { this.message.textContent = text; }

  /**
   * Adds photos one at a time (little memory on a phone). `source`: "camera" (never in the camera roll),
   * "library" (the camera roll: remind to delete once published) or "file" (a computer's files).
   * @param {ArrayLike<File>} fileList
   * @param {string} source
   */
  async add(fileList, source) {
    const files = [...Array.from(fileList)].filter((f) => f.type.startsWith("image/") || IMAGE_NAME.test(f.name));
    if (!files.length) return;
    const room = this.max - this.photos.length - this.processing;
    if (room <= 0) {
      this.say(`You already have ${this.max} photos, the most one post can take.`);
      return;
    }
    const left = files.slice(room).map((f) => f.name);
    const warn = left.length ? ` Only ${room} more photo${room > 1 ? "s" : ""} fit in one post; left out: ${andList(left)}.` : "";
    this.processing += Math.min(files.length, room);
    this.onChange();
    for (const file of files.slice(0, room)) {
      this.say(`Making the photo smaller…${warn}`);
      try {
        const small = await downscale(file, this.config);
        /** @type {Photo} */
        const photo = { ...small, url: "", alt: "", source: source === "library" && !onPhone() ? "file" : source,
          takenAt: file.lastModified || Date.now() };
        let note = "";
        if (small.raw) {
          photo.preview = await serverPreview(small.blob);
          note = photo.preview ? " Preview made by the school's server." : ` ${NO_PREVIEW}`;
        }
        photo.url = URL.createObjectURL(photo.preview || (small.raw ? new Blob() : small.blob));
        if (small.raw && !photo.preview) { URL.revokeObjectURL(photo.url); photo.url = ""; }
        this.photos.push(photo);
        this.say(`Photo ${this.photos.length} added.${note}${warn}`);
      } catch (error) {
        this.say(`${/** @type {Error} */ (error).message}${warn}`);
      } finally {
        this.processing -= 1;
      }
      this.render();
      this.onChange();
    }
  }

  render() {
    const { photos, prefix } = this;
    this.thumbs.replaceChildren(...photos.map((photo, index) => {
      const number = index + 1;
      const altId = `${prefix}alt-${number}`;
      const alt = el("input", { id: altId, value: photo.alt, maxLength: 1000, autocomplete: "off" });
      alt.addEventListener("input", () => { photo.alt = alt.value; this.onChange(); });
      const remove = el("button", { type: "button", className: "button", textContent: `Remove photo ${number}` });
      remove.addEventListener("click", () => this.remove(index));
      return el("li", {},
        photo.url ? el("img", { src: photo.url, alt: `Photo ${number}` })
          : el("p", { className: "no-preview", textContent: `Photo ${number}: ${photo.name} (no preview)` }),
        el("label", { htmlFor: altId, textContent: `Description of photo ${number} (no names)` }),
        alt, remove);
    }));
    if (this.count) this.count.textContent = `(${photos.length} of ${this.max})`;
    this.onRender(photos, this.thumbs);
  }

  /** @param {number} index */
  remove(index) {
    const [photo] = this.photos.splice(index, 1);
    if (photo?.url) URL.revokeObjectURL(photo.url);
    this.render();
    this.say(`Photo ${index + 1} removed.`);
    const next = this.thumbs.querySelectorAll("button")[index];
    (next || this.inputs[this.inputs.length - 1].input).focus();
    this.onChange();
  }

  clear() {
    this.photos.splice(0).forEach((p) => p.url && URL.revokeObjectURL(p.url));
    this.say("");
    this.render();
  }

  /** For the outbox and the draft: bytes, not Blobs (see outbox-store.js); read once per photo, so a save when
   * the app goes to the background starts at once. */
  async stored() {
    return Promise.all(this.photos.map(async (p) => {
      p.bytes ??= await p.blob.arrayBuffer();
      if (p.preview) p.previewBytes ??= await p.preview.arrayBuffer();
      return { name: p.name, type: p.blob.type || "image/jpeg", bytes: p.bytes, alt: p.alt, source: p.source,
        takenAt: p.takenAt, preview: p.previewBytes || null, faceBlur: p.faceBlur?.() ?? null };
    }));
  }

  /** The photos as the outbox keeps them: bytes, with the face editor's blur burnt in (its burn()), so the clear
   * face of a child without consent never waits on the device. */
  async outboxPhotos() {
    const taken = [...this.photos];
    const stored = await this.stored();
    return Promise.all(stored.map(async ({ name, type, bytes }, i) => ({ name, type,
      bytes: taken[i].burn ? await (await taken[i].burn()).arrayBuffer() : bytes })));
  }

  /**
   * Back from a draft or a refused entry.
   * @param {{name: string, type: string, bytes: ArrayBuffer, alt?: string, source?: string, takenAt?: number,
   *   preview?: ArrayBuffer | null, faceBlur?: any}[]} stored
   */
  restore(stored) {
    this.clear();
    for (const p of stored) {
      const blob = new Blob([p.bytes], { type: p.type });
      const raw = /hei[cf]/.test(p.type);
      const preview = p.preview ? new Blob([p.preview], { type: "image/jpeg" }) : null;
      const shown = preview || (raw ? null : blob);
      this.photos.push({ blob, name: p.name, alt: p.alt || "", source: p.source || "file", takenAt: p.takenAt || 0,
        raw, preview, url: shown ? URL.createObjectURL(shown) : "", bytes: p.bytes, previewBytes: p.preview || undefined,
        keptBlur: p.faceBlur || null });  // the face editor picks up the faces found and what was blurred
    }
    this.render();
  }
}
