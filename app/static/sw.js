// The service worker of the installable app, served at /sw.js so that its scope is
// the whole site. It keeps the offline page (and what it needs) from its install,
// shows it when a page cannot be reached, shows push notifications and opens their
// link on a tap. It caches nothing else: every other page holds fresh (and often
// personal) data and always comes from the network.
"use strict";

var CACHE = "gtec-offline-v1";
var OFFLINE_URL = "/offline";
var KEPT = [OFFLINE_URL, "/static/css/app.css", "/static/icons/icon-192.png"];

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    // Without cookies: the offline page is the same for everyone.
    return cache.addAll(KEPT.map(function (url) { return new Request(url, { credentials: "omit" }); }));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) { return name !== CACHE; })
      .map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(function () {
      return caches.match(OFFLINE_URL);
    }));
    return;
  }
  var path = new URL(request.url).pathname;
  if (new URL(request.url).origin === self.location.origin && KEPT.indexOf(path) !== -1) {
    event.respondWith(fetch(request).catch(function () { return caches.match(path); }));
  }
});

function sameSite(url) {
  try {
    var target = new URL(url, self.location.origin);
    return target.origin === self.location.origin ? target.href : null;
  } catch (error) {
    return null;
  }
}

self.addEventListener("push", function (event) {
  var data = {};
  try { data = event.data ? event.data.json() : {}; } catch (error) { data = {}; }
  var title = data.title || "GTEC du Bocage";
  event.waitUntil(self.registration.showNotification(title, {
    body: data.body || "",
    icon: "/static/icons/icon-192.png",
    badge: "/static/icons/icon-192.png",
    lang: "fr",
    data: { url: sameSite(data.url) || "/" }
  }));
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var url = (event.notification.data && event.notification.data.url) || "/";
  event.waitUntil(self.clients.matchAll({ type: "window", includeUncontrolled: true })
    .then(function (windows) {
      for (var i = 0; i < windows.length; i++) {
        if (windows[i].url === url && "focus" in windows[i]) { return windows[i].focus(); }
      }
      return self.clients.openWindow(url);
    }));
});
