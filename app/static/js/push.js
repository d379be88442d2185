// Moderation page: let an admin turn push notifications on or off for this device (Web Push with VAPID).
// iOS offers this only in the installed app (Add to Home Screen), so the button stays hidden elsewhere there.
const button = document.getElementById("push-toggle");
const status = document.getElementById("push-status");

const supported = "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;

function keyBytes(base64url) {
  const padded = (base64url + "=".repeat((4 - (base64url.length % 4)) % 4)).replace(/-/g, "+").replace(/_/g, "/");
  return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
}

async function post(url, body) {
  const response = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify(body) });
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(answer.detail || "That did not work. Try again in a moment.");
  return answer;
}

async function current() {
  const registration = await navigator.serviceWorker.ready;
  return registration.pushManager.getSubscription();
}

async function show() {
  const subscription = await current();
  button.textContent = subscription ? "Turn off notifications on this device" : "Turn on notifications on this device";
  button.dataset.on = subscription ? "yes" : "no";
  button.hidden = false;
}

async function toggle() {
  button.disabled = true;
  try {
    const subscription = await current();
    if (subscription) {
      await post("/api/moderation/push/subscriptions/remove", { endpoint: subscription.endpoint });
      await subscription.unsubscribe();
      status.textContent = "Notifications are off for this device.";
    } else {
      if (await Notification.requestPermission() !== "granted") {
        status.textContent = "Notifications are blocked for this site in the browser's settings.";
        return;
      }
      const { key } = await (await fetch("/api/moderation/push/key", { headers: { Accept: "application/json" } })).json();
      const registration = await navigator.serviceWorker.ready;
      const created = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(key) });
      status.textContent = (await post("/api/moderation/push/subscriptions", created.toJSON())).message;
    }
  } catch (error) {
    status.textContent = error.message;
  } finally {
    button.disabled = false;
    show();
  }
}

if (supported && button) {
  button.addEventListener("click", toggle);
  show();
}
