// Every page: service worker, updates only when asked (never mid-post), signal changes.

const sw = navigator.serviceWorker;
const make = (tag, props) => Object.assign(document.createElement(tag), props);
let updating = false;

function offerUpdate(worker) {
  const toast = document.getElementById("toast");
  toast.replaceChildren(make("span", { textContent: "Update available." }), make("button", {
    type: "button", textContent: "Update now", onclick: () => {
      updating = true;
      if (worker.state === "installed") worker.postMessage("skip-waiting");
      else location.reload();  // another tab took it
    },
  }));
  toast.hidden = false;
}

sw?.addEventListener("controllerchange", () => {
  if (updating) location.reload();  // only after "Update now" here, not a first install or another tab's
});
sw?.register("/sw.js", { scope: "/" }).then((reg) => {
  if (reg.waiting && sw.controller) offerUpdate(reg.waiting);
  reg.addEventListener("updatefound", () => {
    const worker = reg.installing;
    worker?.addEventListener("statechange", () => {
      if (worker.state === "installed" && sw.controller) offerUpdate(worker);
    });
  });
}, () => {});
// The first page after install is not always claimed (see sw.js): ask, so it is controlled without a reload.
sw?.ready.then((reg) => { if (!sw.controller) reg.active?.postMessage("claim"); });

function announceNetwork() {
  document.getElementById("net-status").textContent = navigator.onLine ? "Back online." : "No signal. Posts wait safely on this phone.";
  document.documentElement.classList.toggle("offline", !navigator.onLine);
}

addEventListener("online", announceNetwork);
addEventListener("offline", announceNetwork);

// Compose only: who is signed in (id, no names) for the offline page's form; sign-out forgets it.
const LAST = "tripcast.lastUser", config = document.getElementById("compose-config");
try {
  const { trips, channels } = JSON.parse(config.textContent);
  localStorage[LAST] = JSON.stringify({ id: document.body.dataset.user, reason: trips[0] ? "trip" : null, channels: channels.map((c) => c.name) });
} catch {}
document.querySelector('[action="/logout"]')?.addEventListener("submit", () => localStorage.removeItem(LAST));
