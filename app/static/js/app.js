// Every page: service worker, updates only when asked (never mid-post), signal changes.

const toast = document.getElementById("toast");

export function showToast(message, actionLabel, onAction) {
  if (!toast) return;
  toast.replaceChildren(Object.assign(document.createElement("span"), { textContent: message }));
  if (actionLabel) {
    const button = Object.assign(document.createElement("button"), { type: "button", textContent: actionLabel });
    button.addEventListener("click", onAction);
    toast.append(button);
  }
  toast.hidden = false;
}

let updating = false;

function offerUpdate(worker) {
  showToast("Update available.", "Update now", () => {
    updating = true;
    if (worker.state === "installed") worker.postMessage("skip-waiting");
    else location.reload();  // another tab already took it
  });
}

async function registerServiceWorker() {
  if (!("serviceWorker" in navigator)) return;
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    // Only after "Update now" here, never for a first install or another tab's update.
    if (updating) location.reload();
  });
  try {
    const registration = await navigator.serviceWorker.register("/sw.js", { scope: "/" });
    if (registration.waiting && navigator.serviceWorker.controller) offerUpdate(registration.waiting);
    registration.addEventListener("updatefound", () => {
      const worker = registration.installing;
      worker?.addEventListener("statechange", () => {
        if (worker.state === "installed" && navigator.serviceWorker.controller) offerUpdate(worker);
      });
    });
  } catch {
  }
}

function announceNetwork() {
  const status = document.getElementById("net-status");
  if (status) status.textContent = navigator.onLine ? "Back online." : "No signal. Posts wait safely on this phone.";
  document.documentElement.classList.toggle("offline", !navigator.onLine);
}

window.addEventListener("online", announceNetwork);
window.addEventListener("offline", announceNetwork);
registerServiceWorker();
