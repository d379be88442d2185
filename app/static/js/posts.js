// @ts-check
// The Posts page: what is waiting on this device (refused ones offer Edit), recent posts with each channel's state,
// Retry and Cancel (as the server's flags say), and the camera-roll reminder until the teacher taps Done.
import { CameraRollReminder } from "./camera-roll.js";
import { cancelButton, el, excerpt, postStatusText, renderDeliveries, startOutbox } from "./outbox-ui.js";
import { loadTakeDowns, takeDownView } from "./takedown.js";

const list = document.getElementById("post-list");
const status = document.getElementById("posts-status");
let timer = 0;
let latest = [];  // the posts last loaded, for the reminder
let takeDowns = {};
const reminder = new CameraRollReminder({ section: document.getElementById("camera-roll"),
  list: document.getElementById("camera-roll-list") });

function postView(post) {
  const item = el("li");
  const when = post.created_at ? new Date(post.created_at).toLocaleString("en-GB", { weekday: "short", day: "numeric",
    month: "short", hour: "2-digit", minute: "2-digit" }) : "";
  item.append(el("p", { className: "excerpt", textContent: excerpt(post.text) }),
    el("p", { className: "status-line", textContent: `${postStatusText(post)}${when ? ` · ${when}` : ""}` }));
  if (post.author) item.append(el("p", { className: "hint", textContent: `By ${post.author}` }));
  if (post.photos_purged) item.append(el("p", { className: "hint", textContent: "Photos deleted from the school's server." }));
  item.append(renderDeliveries(post, load));
  const cancel = cancelButton(post, load);
  if (cancel) item.append(el("div", { className: "actions-row" }, cancel));
  const takeDown = takeDownView(post, takeDowns[post.id], load);
  if (takeDown) item.append(takeDown);
  return item;
}

async function load() {
  clearTimeout(timer);
  try {
    const response = await fetch("/api/posts", { headers: { Accept: "application/json" } });
    if (response.status === 401) {
      status.textContent = "You have been signed out. Sign in again to see your posts.";
      return;
    }
    if (!response.ok) throw new Error();
    const { posts = [] } = await response.json();
    takeDowns = await loadTakeDowns();
    list.replaceChildren(...posts.map(postView));
    latest = posts;
    reminder.render(posts);
    status.textContent = posts.length ? "" : "No posts yet.";
    const busy = posts.some((p) => (p.deliveries || []).some((d) => ["queued", "sending"].includes(d.status)))
      || Object.values(takeDowns).some((t) => t.status === "removing");
    if (!document.hidden) timer = setTimeout(load, busy ? 3000 : 30000);
  } catch {
    status.textContent = navigator.onLine ? "Could not load posts. Pull down or reload to try again."
      : "No signal: showing what is on this phone only.";
  }
}

startOutbox({
  list: document.getElementById("outbox"), empty: document.getElementById("outbox-empty"),
  sendNow: document.getElementById("send-now"), status: document.getElementById("net-status"), unsent: true,
  onRefresh: () => reminder.render(latest),
});
document.addEventListener("visibilitychange", () => { if (!document.hidden) load(); });
window.addEventListener("online", load);
load();
