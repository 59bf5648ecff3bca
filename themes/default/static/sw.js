/* confpress default theme: the service worker. The site's own /sw.js (written at build time)
   sets self.CONFPRESS_SW = {version, base, precache} and loads this file.
   - install: caches the agenda, my schedule, every session, speaker, track and room page and the
     theme's files, under a cache named after the build's version;
   - activate: deletes the caches of older builds of this site, so a new schedule replaces the old;
   - fetch: the network first (with a time limit, for flaky Wi-Fi), the cache when it fails; every
     page visited is cached too. */
(function () {
  "use strict";
  var conf = self.CONFPRESS_SW || { version: "0", base: "/", precache: [] };
  // The site's root as a path: `base` is the base path, or "./" (this file is at the root) in a
  // site built with relative links, whose precache URLs are relative to this file too.
  var base = new URL(conf.base, self.location.href).pathname;
  var prefix = "confpress:" + base + ":";
  var name = prefix + conf.version;
  var TIMEOUT = 4000;

  self.addEventListener("install", function (event) {
    event.waitUntil(caches.open(name).then(function (cache) {
      // One failed file must not stop the rest from being cached.
      return Promise.all(conf.precache.map(function (url) {
        return fetch(url, { cache: "no-cache" }).then(function (res) {
          if (res.ok) { return cache.put(url, res); }
        }).catch(function () {});
      }));
    }).then(function () { return self.skipWaiting(); }));
  });

  self.addEventListener("activate", function (event) {
    event.waitUntil(caches.keys().then(function (keys) {
      return Promise.all(keys.filter(function (k) { return k.indexOf(prefix) === 0 && k !== name; })
        .map(function (k) { return caches.delete(k); }));
    }).then(function () { return self.clients.claim(); }));
  });

  function fromCache(request) {
    return caches.open(name).then(function (cache) {
      // A filtered agenda (?track=…) or a shared schedule (?s=…) is the same page.
      return cache.match(request, { ignoreSearch: request.mode === "navigate" }).then(function (hit) {
        if (hit || request.mode !== "navigate") { return hit; }
        // A page never saved: the site's 404 page, as "unavailable" (it shows an offline note).
        return cache.match(base + "404.html").then(function (page) {
          return page && new Response(page.body, { status: 503, statusText: "Offline", headers: page.headers });
        });
      });
    });
  }

  self.addEventListener("fetch", function (event) {
    var request = event.request;
    var url = new URL(request.url);
    if (request.method !== "GET" || url.origin !== self.location.origin || url.pathname.indexOf(base) !== 0 ||
        url.pathname.indexOf("/__confpress/") >= 0 || (request.headers.get("Accept") || "").indexOf("text/event-stream") >= 0) { return; }
    event.respondWith(new Promise(function (resolve) {
      var done = false;
      function fallback() {
        if (done) { return; }
        fromCache(request).then(function (hit) {
          if (hit && !done) { done = true; resolve(hit); }
        });
      }
      var timer = setTimeout(fallback, TIMEOUT);
      fetch(request).then(function (res) {
        clearTimeout(timer);
        if (res.ok && res.type === "basic") {
          var copy = res.clone();
          var key = request.mode === "navigate" ? url.origin + url.pathname : request;
          caches.open(name).then(function (cache) { return cache.put(key, copy); }).catch(function () {});
        }
        if (!done) { done = true; resolve(res); }
      }, function () {
        clearTimeout(timer);
        fromCache(request).then(function (hit) {
          if (!done) { done = true; resolve(hit || Response.error()); }
        });
      });
    }));
  });
})();
