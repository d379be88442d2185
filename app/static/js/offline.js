// The offline page: says how many posts wait on this phone, and goes back as soon as signal returns
// (the page that was wanted then sends the outbox).
const waiting = document.getElementById("waiting");
self.TripcastOutbox?.all().then((entries) => {
  const count = entries.filter((e) => e.state === "pending").length;
  if (waiting && count) waiting.textContent = `${count} post${count > 1 ? "s are" : " is"} waiting on this phone and will send when signal comes back.`;
}).catch(() => {});
window.addEventListener("online", () => location.reload());
