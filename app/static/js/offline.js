// The offline page: says how many posts wait on this phone, and goes back as soon as signal returns
// (the page that was wanted then sends the outbox).
const waiting = document.getElementById("waiting");
self.TripcastOutbox?.all().then((entries) => {
  const count = entries.filter((e) => e.state === "pending").length;
  if (waiting && count) waiting.textContent = `${count} post${count > 1 ? "s are" : " is"} waiting on this phone and will send when signal comes back.`;
}).catch(() => {});

// navigator.onLine only says a network interface is up, and the "online" event can arrive before requests
// really get through (a captive Wi-Fi, or a phone still handing over from Wi-Fi to 4G). So reload only after
// the server has answered, and keep asking every few seconds while this page is on screen.
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
  if (back) {
    if (location.pathname === "/offline") location.assign("/");
    else location.reload();
  } else if (document.visibilityState === "visible") {
    timer = setTimeout(goBackWhenSignalReturns, RETRY_MS);
  }
}

window.addEventListener("online", goBackWhenSignalReturns);
document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "visible") goBackWhenSignalReturns();
});
timer = setTimeout(goBackWhenSignalReturns, RETRY_MS);
