// Painwise offline: installs the service worker, keeps check-ins, flares and therapy entries saved while
// offline in this device's IndexedDB, and sends each once when the connection is back (the server
// saves an entry's id only once, so a repeated send never makes a second record). Queued entries are
// the person's own data on their own device; they are removed once sent, and on sign-out.
"use strict";
(() => {
  // Translations from the catalog script (/jsi18n/, docs/translating.md); English if it did not load.
  const gettext = window.gettext || ((text) => text);
  const ngettext = window.ngettext || ((one, many, count) => (count === 1 ? one : many));
  const interpolate = window.interpolate
    || ((format, values) => format.replace(/%\((\w+)\)s/g, (whole, name) => String(values[name])));
  const DB_NAME = "painwise-offline";
  const STORE = "entries";
  // The forms that work offline (the server's list is painwise.offline.replay.OFFLINE_FORMS).
  const OFFLINE_FORMS = [
    [/^\/checkin\/\d{4}-\d{2}-\d{2}\/$/, gettext("Check-in")],
    [/^\/episodes\/new\/$/, gettext("Flare")],
    [/^\/log\/[\w-]+\/$/, gettext("Therapy entry")],
  ];
  const KEEP_PAGES = ["/", "/checkin/", "/episodes/new/", "/log/"];
  const KEEP_EVERY_MS = 60 * 60 * 1000;
  const UNTOUCHED_TIMES = ["taken_at", "started_at"];  // "when" fields that mean "now" unless changed
  let sending = false;

  // ------------------------------------------------------------------ the queue (IndexedDB)
  function openDb() {
    return new Promise((resolve, reject) => {
      const request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE, {keyPath: "id"});
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }

  async function withStore(mode, work) {
    const db = await openDb();
    return new Promise((resolve, reject) => {
      const transaction = db.transaction(STORE, mode);
      const result = work(transaction.objectStore(STORE));
      transaction.oncomplete = () => { db.close(); resolve(result && "result" in result ? result.result : undefined); };
      transaction.onerror = () => { db.close(); reject(transaction.error); };
    });
  }

  const queued = async () => ((await withStore("readonly", (store) => store.getAll())) || [])
    .sort((a, b) => a.loggedAt.localeCompare(b.loggedAt));
  const put = (entry) => withStore("readwrite", (store) => store.put(entry));
  const remove = (id) => withStore("readwrite", (store) => store.delete(id));
  const clearQueue = () => withStore("readwrite", (store) => store.clear());

  // ------------------------------------------------------------------ this page and its person
  function account() {
    const meta = document.querySelector("meta[name=painwise-account]");
    return meta ? meta.content : "";
  }

  function offlineKind(path) {
    const found = OFFLINE_FORMS.find(([pattern]) => pattern.test(path));
    return found ? found[1] : null;
  }

  function csrfToken() {
    const cookie = document.cookie.split("; ").find((part) => part.startsWith("csrftoken="));
    if (cookie) return decodeURIComponent(cookie.slice("csrftoken=".length));
    const input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function newId() {
    if (crypto.randomUUID) return crypto.randomUUID();
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  function localNow() {
    const now = new Date();
    now.setMinutes(now.getMinutes() - now.getTimezoneOffset());
    return now.toISOString().slice(0, 16);
  }

  // ------------------------------------------------------------------ the panel at the top of the page
  function panel() {
    let section = document.getElementById("offline-queue");
    if (!section) {
      section = document.createElement("section");
      section.id = "offline-queue";
      section.className = "offline-queue";
      section.setAttribute("role", "status");
      section.setAttribute("aria-live", "polite");
      const main = document.getElementById("main") || document.body;
      main.prepend(section);
    }
    return section;
  }

  function paragraph(text, className) {
    const p = document.createElement("p");
    p.textContent = text;
    if (className) p.className = className;
    return p;
  }

  async function showQueue(note) {
    const entries = await queued();
    const section = panel();
    section.replaceChildren();
    section.hidden = navigator.onLine && !entries.length && !note;
    if (note) section.append(note);
    if (!navigator.onLine) {
      section.append(paragraph(gettext("You are offline. Check-ins, flares and therapy entries you save are kept on "
        + "this device and sent when you are back online.")));
    }
    if (!entries.length) return;
    section.append(paragraph(interpolate(gettext("Kept on this device, not sent yet (%(count)s):"), {count: entries.length}, true)));
    const list = document.createElement("ul");
    for (const entry of entries) {
      const item = document.createElement("li");
      const when = new Date(entry.loggedAt).toLocaleString([], {dateStyle: "medium", timeStyle: "short"});
      item.append(interpolate(gettext("%(entry)s, saved %(when)s"), {entry: entry.label, when}, true));
      if (entry.problem) item.append(paragraph(entry.problem, "error"));
      const drop = document.createElement("button");
      drop.type = "button";
      drop.className = "link";
      drop.textContent = gettext("Remove from this device");
      drop.addEventListener("click", async () => {
        if (window.confirm(gettext("Remove this entry from this device? It has not been sent and will be lost."))) {
          await remove(entry.id);
          showQueue();
        }
      });
      item.append(" ", drop);
      list.append(item);
    }
    section.append(list);
    if (navigator.onLine && account()) {
      const send = document.createElement("button");
      send.type = "button";
      send.className = "button secondary";
      send.textContent = gettext("Send now");
      send.addEventListener("click", () => sendQueued());
      section.append(send);
    }
  }

  // ------------------------------------------------------------------ saving while offline
  async function keepOnDevice(form, submitter) {
    const times = UNTOUCHED_TIMES.map((name) => form.elements.namedItem(name))
      .filter((input) => input && input.type === "datetime-local" && input.defaultValue && input.value === input.defaultValue);
    times.forEach((input) => { input.value = localNow(); });
    const path = new URL(form.action, location.href).pathname;
    const fields = Array.from(new FormData(form, submitter), ([name, value]) => [name, String(value)]);
    const heading = document.querySelector("main h1");
    const label = heading
      ? interpolate(gettext("%(kind)s: %(heading)s"), {kind: offlineKind(path), heading: heading.textContent.trim()}, true)
      : offlineKind(path);
    await put({id: newId(), account: account(), url: path, fields, label, loggedAt: new Date().toISOString()});
    form.reset();
    window.scrollTo(0, 0);
    await showQueue(paragraph(gettext("Saved on this device. It will be sent when you are back online."), "saved-offline"));
  }

  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (event.defaultPrevented || (form.method || "").toLowerCase() !== "post") return;
    const path = new URL(form.action, location.href).pathname;
    if (navigator.onLine) {
      if (offlineKind(path)) localStorage.removeItem("painwise-pages-kept");  // keep the saved state, next page
      return;
    }
    event.preventDefault();
    if (offlineKind(path) && path === location.pathname && account()) {
      keepOnDevice(form, event.submitter);
    } else {
      window.alert(gettext("You are offline, so this cannot be saved now. Check-ins, flares and therapy "
        + "entries can be saved offline; this needs a connection."));
    }
  });

  // ------------------------------------------------------------------ sending when back online
  async function sendOne(entry) {
    const token = csrfToken();
    const body = new URLSearchParams();
    for (const [name, value] of entry.fields) {
      if (name !== "csrfmiddlewaretoken") body.append(name, value);
    }
    body.append("csrfmiddlewaretoken", token);
    const response = await fetch(entry.url, {
      method: "POST", body, credentials: "same-origin", redirect: "manual",
      headers: {"X-Painwise-Offline-Id": entry.id, "X-Painwise-Logged-At": entry.loggedAt, "X-CSRFToken": token},
    });
    let answer = {};
    try { answer = await response.json(); } catch (error) { answer = {}; }
    return {status: response.status, answer};
  }

  async function sendQueued() {
    const me = account();
    if (sending || !navigator.onLine || !me) return;
    sending = true;
    const held = [];
    try {
      for (const entry of await queued()) {
        if (entry.account !== me) continue;  // another account's entry: sent only when it is signed in
        let result;
        try {
          result = await sendOne(entry);
        } catch (error) {
          break;  // no connection after all: try again later
        }
        if ([200, 201, 202].includes(result.status)) {
          await remove(entry.id);
          if (result.answer.status === "held" && result.answer.url) held.push(result.answer.url);
        } else if (result.status === 401 || result.status === 403) {
          break;  // signed out or an old token: the next page load (signed in) tries again
        } else if (result.status >= 400 && result.status < 500) {
          const detail = (result.answer.detail || [])[0];
          entry.problem = detail
            ? interpolate(gettext("Not accepted by the server: %(reason)s"), {reason: detail.msg}, true)
            : interpolate(gettext("Not accepted by the server: error %(status)s"), {status: result.status}, true);
          await put(entry);
        } else {
          break;  // the server is having trouble: keep everything and try later
        }
      }
    } finally {
      sending = false;
    }
    let note = null;
    if (held.length) {
      note = document.createElement("p");
      note.append(interpolate(ngettext(
        "%(count)s entry from offline could not be saved as it was (for example a check-in for a day that has "
          + "one now). Nothing was overwritten: ",
        "%(count)s entries from offline could not be saved as they were (for example a check-in for a day that "
          + "has one now). Nothing was overwritten: ",
        held.length), {count: held.length}, true));
      const link = document.createElement("a");
      link.href = held.length === 1 ? held[0] : "/offline/entries/";
      link.textContent = gettext("see both and choose");
      note.append(link, ".");
    }
    await showQueue(note);
  }

  // ------------------------------------------------------------------ the service worker and sign-out
  function keepPagesReady() {
    if (!navigator.serviceWorker || !navigator.onLine || !account()) return;
    const last = Number(localStorage.getItem("painwise-pages-kept") || 0);
    if (Date.now() - last < KEEP_EVERY_MS) return;
    navigator.serviceWorker.ready.then((registration) => {
      if (!registration.active) return;
      registration.active.postMessage({type: "keep-pages", paths: KEEP_PAGES});
      localStorage.setItem("painwise-pages-kept", String(Date.now()));
    });
  }

  async function forgetDevice() {
    await clearQueue();
    localStorage.removeItem("painwise-pages-kept");
    if (window.caches) {
      for (const name of await caches.keys()) {
        if (name.endsWith("-pages")) await caches.delete(name);
      }
    }
  }

  document.addEventListener("submit", async (event) => {
    const form = event.target;
    if (event.defaultPrevented || !/\/accounts\/logout\/$/.test(new URL(form.action, location.href).pathname)) return;
    event.preventDefault();
    const waiting = (await queued()).length;
    const question = ngettext(
      "%(count)s entry saved offline has not been sent yet. Signing out removes it from this device. "
        + "Sign out anyway?",
      "%(count)s entries saved offline have not been sent yet. Signing out removes them from this device. "
        + "Sign out anyway?",
      waiting);
    if (waiting && !window.confirm(interpolate(question, {count: waiting}, true))) return;
    await forgetDevice();
    form.submit();
  }, true);

  if (navigator.serviceWorker && window.isSecureContext) {
    navigator.serviceWorker.register("/sw.js", {scope: "/"}).then(keepPagesReady).catch(() => {});
  }
  window.addEventListener("online", () => sendQueued());
  window.addEventListener("offline", () => showQueue());
  document.addEventListener("DOMContentLoaded", () => {
    if (!window.indexedDB) return;
    showQueue().then(() => sendQueued());
  });
})();
