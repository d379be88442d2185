// Taking a published post down from the Posts page: asks first (with a reason), then shows each channel's progress.
import { el } from "./outbox-ui.js";

const STATE_TEXT = {
  removing: ["Removing…", "wait"], removed: ["Removed", "ok"], needs_reconnect: ["Needs reconnecting", "bad"],
  rejected: ["Could not remove", "bad"],
};
const LABELS = { x: "X", facebook: "Facebook", sandbox: "Sandbox (demo)" };
const OVERALL = { removing: "Taking down…", removed: "Taken down", needs_attention: "Take-down needs attention" };

async function send(postId, reason) {
  const response = await fetch(`/api/posts/${postId}/take-down`, {
    method: "POST", headers: { Accept: "application/json", "Content-Type": "application/json" },
    body: JSON.stringify({ reason }),
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.detail || "That did not work. Try again in a moment.");
  return body;
}

function progress(post, takeDown, onChanged) {
  const box = el("div", { className: "take-down", role: "status" },
    el("p", { className: "status-line", textContent: `${OVERALL[takeDown.status] || takeDown.status}` +
      (takeDown.reason ? ` · Reason: ${takeDown.reason}` : "") }));
  const list = el("ul", { className: "deliveries" });
  for (const row of takeDown.channels || []) {
    const [label, tone] = STATE_TEXT[row.status] || [row.status, ""];
    const item = el("li", {}, el("strong", { textContent: `${LABELS[row.channel] || row.channel}:` }),
      el("span", { className: `badge ${tone}`, textContent: label }),
      row.status === "removed" ? null : el("span", { textContent: row.message || "" }));
    item.dataset.channel = row.channel;
    list.append(item);
  }
  box.append(list);
  if (takeDown.status === "needs_attention") {
    const again = el("button", { type: "button", className: "button", textContent: "Try taking it down again" });
    again.addEventListener("click", () => submit(post, takeDown.reason, again, onChanged));
    box.append(again);
  }
  return box;
}

async function submit(post, reason, button, onChanged) {
  button.disabled = true;
  try {
    await send(post.id, reason);
    onChanged();
  } catch (error) {
    button.disabled = false;
    button.after(el("span", { className: "error", role: "alert", textContent: error.message }));
  }
}

function ask(post, onChanged) {
  const wrap = el("div", { className: "take-down" });
  const open = el("button", { type: "button", className: "button", textContent: "Take down" });
  open.addEventListener("click", () => {
    const id = `reason-${post.id}`;
    const reason = el("textarea", { id, rows: 2, maxLength: 500, required: true });
    const go = el("button", { type: "button", className: "button", textContent: "Take it down now" });
    const keep = el("button", { type: "button", className: "button", textContent: "Keep it" });
    const form = el("div", { className: "take-down-ask" },
      el("p", { textContent: "Take this post off every channel it went out on? This cannot be undone." }),
      el("label", { htmlFor: id, textContent: "Why? (kept in the audit log)" }), reason,
      el("div", { className: "actions-row" }, go, keep));
    go.addEventListener("click", () => {
      if (!reason.value.trim()) { reason.focus(); reason.setCustomValidity("Say briefly why."); reason.reportValidity(); return; }
      submit(post, reason.value.trim(), go, onChanged);
    });
    reason.addEventListener("input", () => reason.setCustomValidity(""));
    keep.addEventListener("click", () => { form.replaceWith(open); open.focus(); });
    open.replaceWith(form);
    reason.focus();
  });
  wrap.append(open);
  return wrap;
}

// The take-down part of one post on the Posts page (null when there is nothing to show or offer).
export function takeDownView(post, takeDown, onChanged) {
  if (takeDown) return progress(post, takeDown, onChanged);
  if (["published", "partly_published"].includes(post.status)) return ask(post, onChanged);
  return null;
}

export async function loadTakeDowns() {
  try {
    const response = await fetch("/api/take-downs", { headers: { Accept: "application/json" } });
    return response.ok ? await response.json() : {};
  } catch {
    return {};
  }
}
