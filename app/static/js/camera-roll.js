// @ts-check
// "Delete these photos from your camera roll": photos chosen from the library stay in the phone's camera roll
// (Take photo never saves there). Once their post is published, show their tiny thumbnails and times until the
// teacher taps Done (on Compose and on the Posts page). Only the thumbnails are kept, on this device.
import { el } from "./dom.js";
import { reminders } from "./device-store.js";
import { thumbnail } from "./photos.js";

const PUBLISHED = new Set(["published", "partly_published"]);
const store = /** @type {any} */ (self).TripcastOutbox;
const time = (/** @type {number} */ ms) => new Date(ms).toLocaleString("en-GB", { weekday: "short", day: "numeric",
  month: "short", hour: "2-digit", minute: "2-digit" });

/**
 * Keeps a reminder for the library photos of the post queued as outbox entry `key`.
 * @param {string} key
 * @param {{blob: Blob, preview?: Blob | null, source: string, takenAt: number, name: string}[]} photos
 */
export async function remember(key, photos) {
  const chosen = photos.filter((p) => p.source === "library");
  if (!chosen.length) return;
  const thumbs = await Promise.all(chosen.map(async (p) => ({
    name: p.name, takenAt: p.takenAt, thumb: await thumbnail(p.preview || p.blob) })));
  await reminders.put({ key, postId: null, createdAt: Date.now(), photos: thumbs }).catch(() => {});
}

export class CameraRollReminder {
  /** @param {{section: HTMLElement, list: HTMLElement}} parts */
  constructor({ section, list }) {
    this.section = section;
    this.list = list;
    /** @type {string[]} */
    this.urls = [];
  }

  /**
   * Shows the reminders whose post is published. `posts`: from GET /api/posts when the page has them (the
   * outbox forgets sent entries after two days).
   * @param {any[]} [posts]
   */
  async render(posts = []) {
    const due = [];
    for (const reminder of await reminders.all().catch(() => [])) {
      const entry = await store?.get(reminder.key).catch(() => null);
      const id = reminder.postId || entry?.post?.id;
      if (id && !reminder.postId) await reminders.put({ ...reminder, postId: id });
      const post = posts.find((p) => p.id === id) || entry?.post;
      if (post && PUBLISHED.has(post.status)) due.push(reminder);
    }
    this.urls.forEach((url) => URL.revokeObjectURL(url));
    this.urls = [];
    this.list.replaceChildren(...due.map((r) => this.item(r)));
    this.section.hidden = !due.length;
  }

  /** @param {{key: string, photos: {name: string, takenAt: number, thumb: ArrayBuffer | null}[]}} reminder */
  item(reminder) {
    const done = el("button", { type: "button", className: "button", textContent: "Done" });
    done.setAttribute("aria-label", `Done: I deleted ${reminder.photos.length > 1 ? "these photos" : "this photo"}`);
    done.addEventListener("click", async () => {
      await reminders.remove(reminder.key);
      this.render();
    });
    return el("li", {},
      el("ul", { className: "roll-thumbs" }, ...reminder.photos.map((photo, i) => {
        const url = photo.thumb ? URL.createObjectURL(new Blob([photo.thumb], { type: "image/jpeg" })) : "";
        if (url) this.urls.push(url);
        return el("li", {}, url ? el("img", { src: url, alt: `Photo ${i + 1} of the post` }) : null,
          el("span", { textContent: `${url ? "" : `${photo.name}, `}${time(photo.takenAt)}` }));
      })), done);
  }
}
