/* Tripcast service worker. Served at /sw.js with the release's static version filled in below, so every
 * release gets its own cache and old caches are deleted when it takes over.
 *  - App shell (CSS, JS, icons, the offline page) precached on install; served cache-first.
 *  - Page navigations: network first; with no network, the offline page.
 *  - API responses and signed-in pages are never cached.
 *  - A new version waits until the page says "update" (the "Update available" toast), so it never reloads
 *    the page in the middle of a post.
 *  - Background Sync ("tripcast-outbox") sends the offline outbox even after the page was closed (Chrome),
 *    only the signed-in user's entries (GET /api/me): never one person's post under another's session.
 */
/* global TripcastOutbox */
const VERSION = "__STATIC_VERSION__";
const CACHE = `tripcast-shell-${VERSION}`;
const SHELL = [
  "/offline",
  "/static/css/app.css",
  "/static/js/app.js",
  "/static/js/compose.js",
  "/static/js/posts.js",
  "/static/js/takedown.js",
  "/static/js/push.js",
  "/static/js/outbox-ui.js",
  "/static/js/outbox-store.js",
  "/static/js/photos.js",
  "/static/js/x-length.js",
  "/static/js/offline.js",
  "/static/js/dom.js",
  "/static/js/photo-picker.js",
  "/static/js/local-rules.js",
  "/static/js/findings-view.js",
  "/static/js/caption-field.js",
  "/static/js/device-store.js",
  "/static/js/camera-roll.js",
  "/static/js/face-editor.js",
  "/static/css/face-editor.css",
  "/static/icons/icon-192.png",
  "/static/icons/icon-512.png",
  "/static/icons/icon-maskable-512.png",
  "/static/icons/apple-touch-icon.png",
];

importScripts(`/static/js/outbox-store.js?v=${VERSION}`);

self.addEventListener("install", (event) => {
  event.waitUntil(
    // credentials "omit": the cached offline page is the signed-out one (no names, no CSRF token in it).
    caches.open(CACHE).then((cache) => cache.addAll(
      SHELL.map((url) => new Request(url, { cache: "reload", credentials: "omit" })))),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names.filter((n) => n.startsWith("tripcast-") && n !== CACHE).map((n) => caches.delete(n)));
    await self.clients.claim();
  })());
});

self.addEventListener("message", (event) => {
  if (event.data === "skip-waiting") self.skipWaiting();
  // A page that was still loading when this worker activated can miss the claim above (Chromium does not
  // claim a client whose navigation is in flight); it asks again once it has loaded.
  if (event.data === "claim") event.waitUntil(self.clients.claim());
});

async function networkFirstPage(request) {
  try {
    return await fetch(request);
  } catch {
    const cache = await caches.open(CACHE);
    return (await cache.match("/offline")) || new Response("No signal.", { status: 503 });
  }
}

async function cacheFirstStatic(request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request, { ignoreSearch: true });
  if (hit) return hit;
  return fetch(request);
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(networkFirstPage(request));
  } else if (url.pathname.startsWith("/static/") && SHELL.includes(url.pathname)) {
    event.respondWith(cacheFirstStatic(request));
  }
  // Everything else (the API, sandbox media, other pages' data) goes straight to the network, uncached.
});

async function tellPages(message) {
  const pages = await self.clients.matchAll({ type: "window" });
  pages.forEach((page) => page.postMessage(message));
}

self.addEventListener("sync", (event) => {
  if (event.tag !== TripcastOutbox.SYNC_TAG) return;
  event.waitUntil((async () => {
    // No signal: throws, so the browser tries again later. Signed out: nothing to send until someone signs in.
    const me = await fetch("/api/me", { credentials: "same-origin", headers: { Accept: "application/json" } });
    if (!me.ok) return;
    const { user } = await me.json();
    if (!user?.id) return;
    const result = await TripcastOutbox.flush(TripcastOutbox.fetchTransport, null, user.id);
    await tellPages("outbox-changed");
    if (result.retry) throw new Error("Some posts are still waiting; the browser will try again.");
  })());
});

// Moderation notifications for admins (Web Push): show them, and open the Moderation page when tapped.
self.addEventListener("push", (event) => {
  let message = { title: "Tripcast", body: "Comments are waiting in Moderation.", url: "/admin/moderation" };
  try { message = { ...message, ...event.data.json() }; } catch { /* an empty or unreadable push: the default */ }
  event.waitUntil(self.registration.showNotification(message.title, {
    body: message.body, icon: "/static/icons/icon-192.png", tag: "tripcast-moderation", data: { url: message.url },
  }));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const url = new URL(event.notification.data?.url || "/admin/moderation", self.location.origin).href;
  event.waitUntil((async () => {
    const pages = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
    const open = pages.find((page) => page.url === url);
    return open ? open.focus() : self.clients.openWindow(url);
  })());
});
