// Painwise service worker: keeps the app's look and the check-in, flare and therapy forms on this device
// so they open offline. Pages are kept as last seen online, only those forms and the home page, and
// are wiped on sign-out (offline.js). Entries saved offline are queued by offline.js, not here.
"use strict";
const CONFIG = {{ config }};
const SHELL_CACHE = `${CONFIG.version}-shell`;
const PAGE_CACHE = `${CONFIG.version}-pages`;

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(SHELL_CACHE);
    await cache.addAll([...CONFIG.shell, CONFIG.fallback]);
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const keep = new Set([SHELL_CACHE, PAGE_CACHE]);
    for (const name of await caches.keys()) {
      if (!keep.has(name)) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

function keptOffline(path) {
  return path === "/" || CONFIG.pages.some((prefix) => path.startsWith(prefix));
}

function today() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

// A copy without the "redirected" mark (a redirected response cannot answer a navigation).
async function plainCopy(response) {
  return new Response(await response.blob(), {status: response.status, statusText: response.statusText,
    headers: response.headers});
}

async function keepPage(response) {  // kept under its final address
  const finalPath = new URL(response.url).pathname;
  // Only a signed-in person's form pages (the server marks them); never sign-in pages or errors.
  if (!response.ok || !keptOffline(finalPath) || response.headers.get("Painwise-Offline") !== "keep") return;
  const cache = await caches.open(PAGE_CACHE);
  await cache.put(new URL(response.url).href, await plainCopy(response.clone()));
}

async function offlinePage(url) {
  const cache = await caches.open(PAGE_CACHE);
  const kept = await cache.match(url.href, {ignoreSearch: url.pathname.startsWith("/checkin/")});
  if (kept) return kept;
  if (url.pathname === "/checkin/") {  // "today's check-in": the page of this device's today, when kept
    const todays = new URL(`/checkin/${today()}/`, url).href;
    if (await cache.match(todays)) return Response.redirect(todays, 302);
  }
  return (await caches.match(CONFIG.fallback)) || Response.error();
}

async function navigate(request) {
  const url = new URL(request.url);
  try {
    const response = await fetch(request);
    if (keptOffline(url.pathname)) await keepPage(response);
    return response;
  } catch (error) {
    if (keptOffline(url.pathname)) return offlinePage(url);
    return (await caches.match(CONFIG.fallback)) || Response.error();
  }
}

// Static files and the translations catalog: the copy on the device at once, refreshed in the background.
async function staticFile(request) {
  const cache = await caches.open(SHELL_CACHE);
  const kept = await cache.match(request);
  const fresh = fetch(request).then((response) => {
    if (response.ok) cache.put(request, response.clone());
    return response;
  }).catch(() => kept || Response.error());
  return kept || fresh;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(navigate(request));
  } else if (url.pathname.startsWith("/static/") || CONFIG.shell.includes(url.pathname)) {
    event.respondWith(staticFile(request));  // also the scripts' translations (/jsi18n/), kept in the shell
  }
});

// offline.js asks to keep the forms ready (after sign-in) and to forget every kept page (sign-out).
self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "keep-pages") {
    event.waitUntil((async () => {
      for (const path of data.paths || []) {
        try {
          // Marked as a background fetch: the server then leaves the flash messages for the page the person
          // opens next (reading them here would use them up).
          await keepPage(await fetch(path, {credentials: "same-origin", headers: {"X-Painwise-Background": "keep"}}));
        } catch (error) {
          return;  // offline again: try next time
        }
      }
    })());
  } else if (data.type === "forget-pages") {
    event.waitUntil(caches.delete(PAGE_CACHE));
  }
});
