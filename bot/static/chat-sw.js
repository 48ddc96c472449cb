// fairbot web chat service worker: the chat page, its script and style stay available when
// the fair's network drops, so a reload offline still shows the chat and its pending messages.
// Network first (a fresh page whenever there is a connection); the cache only when there is none.
// API calls are never touched: unsent messages wait in the page's localStorage, not here.
"use strict";
var CACHE = "fairbot-chat-v1";

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  var page = request.mode === "navigate" && url.pathname === "/";
  var asset = url.pathname === "/static/chat.js" || url.pathname === "/static/chat.css";
  if (!page && !asset) return;
  event.respondWith(
    fetch(request).then(function (response) {
      if (response.ok) {
        var copy = response.clone();
        caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
      }
      return response;
    }).catch(function () {
      return caches.match(request, { ignoreSearch: asset }).then(function (hit) {
        return hit || Response.error();
      });
    })
  );
});
