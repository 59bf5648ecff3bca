/* confpress default theme: optional enhancements. Every page works without this file.
   - "my schedule" stars on every session, kept in localStorage; the My schedule page (clashes,
     an .ics file made in the browser, a share link);
   - now/next on the agenda during the event; times in the visitor's time zone on request;
   - agenda and jobs wall filters, kept in the URL; the service worker for offline use.
   Settings come from <script id="cp-config"> (written by confpress): base path, time zone,
   the event's first start and last end, file paths and the theme's js_* strings. */
(function () {
  "use strict";
  var doc = document, body = doc.body;
  var cfg = {};
  try { cfg = JSON.parse(doc.getElementById("cp-config").textContent) || {}; } catch (e) { cfg = {}; }
  // English stand-ins, for a site whose own base.html leaves out the config.
  var S = cfg.strings || { now: "Now", next: "Next", tz_local: "Times are shown in your time zone ({zone}).",
    count: "{n} of {total} sessions shown.", none: "No sessions match these filters.", clash: "Clashes with {titles}",
    summary: "{n} sessions starred.", summary_clashes: "{n} sessions starred, {c} of them clash with another.",
    shared_count: "{n} sessions.", copied: "Link copied." };
  // The site's root as a path: cfg.base is the base path, or in a site built with relative links
  // the way from this page to the root ("../../"), the same root either way.
  var base = cfg.base || body.getAttribute("data-site") || "/";
  try { base = new URL(base, location.href).pathname; } catch (e) { /* keep it as it is */ }
  // Opened from disk: no fetch (file:// forbids it), no service worker, no URL rewriting.
  var fromDisk = location.protocol === "file:";
  function replaceUrl(url) {
    try { history.replaceState(history.state, "", url); } catch (e) { /* the filters still apply */ }
  }
  var lang = doc.documentElement.lang || "en";

  function $(sel, root) { return (root || doc).querySelector(sel); }
  function $$(sel, root) { return Array.prototype.slice.call((root || doc).querySelectorAll(sel)); }
  function fill(text, values) {
    return String(text || "").replace(/\{(\w+)\}/g, function (m, k) { return k in values ? values[k] : m; });
  }
  function get(key) { try { return localStorage.getItem(key); } catch (e) { return null; } }
  function put(key, value) { try { localStorage.setItem(key, value); } catch (e) { /* private mode */ } }
  function time(el, attr) { return Date.parse(el.getAttribute(attr)); }

  /* The search and filter index (sessions.json), loaded once when a feature needs it. */
  var indexPromise = null;
  function loadIndex() {
    if (!indexPromise) {
      indexPromise = (cfg.index && window.fetch && !fromDisk ? fetch(cfg.index) : Promise.reject(new Error("no index")))
        .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
        .then(function (data) {
          data.byId = {};
          data.sessions.forEach(function (s) { data.byId[s.id] = s; });
          return data;
        });
    }
    return indexPromise;
  }

  /* ---- My schedule stars ----------------------------------------------------------------- */
  var starKey = "confpress:stars:" + base;
  function loadStars() {
    try { var l = JSON.parse(get(starKey)); return Array.isArray(l) ? l : []; } catch (e) { return []; }
  }
  var stars = loadStars();
  var onStars = [];
  function isStarred(id) { return stars.indexOf(id) >= 0; }
  function paintStars() {
    $$("[data-star]").forEach(function (b) {
      b.setAttribute("aria-pressed", isStarred(b.getAttribute("data-star")) ? "true" : "false");
    });
    $$("[data-session]").forEach(function (el) { el.classList.toggle("is-starred", isStarred(el.getAttribute("data-session"))); });
    onStars.forEach(function (fn) { fn(); });
  }
  function setStars(list) { stars = list; put(starKey, JSON.stringify(list)); paintStars(); }
  $$("[data-star]").forEach(function (b) {
    var id = b.getAttribute("data-star");
    b.hidden = false;
    b.addEventListener("click", function () {
      var list = loadStars(), i = list.indexOf(id);
      if (i >= 0) { list.splice(i, 1); } else { list.push(id); }
      setStars(list);
    });
  });
  window.addEventListener("storage", function (e) { if (e.key === starKey) { stars = loadStars(); paintStars(); } });

  /* ---- Time zones: the event's (default) or the visitor's ---------------------------------- */
  var eventZone = cfg.timezone || "";
  var myZone = "";
  try { myZone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { myZone = ""; }
  var tzKey = "confpress:tz:" + base;
  var canLocal = !!(eventZone && myZone && myZone !== eventZone);
  var useLocal = canLocal && get(tzKey) === "local";
  function formatter(opts) {
    try { return new Intl.DateTimeFormat(lang, opts); } catch (e) { return new Intl.DateTimeFormat("en", opts); }
  }
  var hm = canLocal && formatter({ timeZone: myZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  var weekday = canLocal && formatter({ timeZone: myZone, weekday: "short" });
  var ymd = canLocal && new Intl.DateTimeFormat("en-CA", { timeZone: myZone, year: "numeric", month: "2-digit", day: "2-digit" });
  function zoneName(date) {
    try {
      var part = formatter({ timeZone: myZone, timeZoneName: "short" }).formatToParts(date)
        .filter(function (p) { return p.type === "timeZoneName"; })[0];
      return part ? part.value : myZone;
    } catch (e) { return myZone; }
  }
  function keep(el) {
    if (!el.hasAttribute("data-text")) { el.setAttribute("data-text", el.textContent); }
    return el.getAttribute("data-text");
  }
  function applyZone() {
    $$("time[datetime*='T']").forEach(function (el) {
      var original = keep(el);
      if (!/^\s*\d{1,2}:\d{2}\s*$/.test(original)) { return; } // only clock times, not dates
      var iso = el.getAttribute("datetime"), date = new Date(iso);
      if (!useLocal || isNaN(date)) { el.textContent = original; return; }
      var text = hm.format(date);
      if (ymd.format(date) !== iso.slice(0, 10)) { text += " (" + weekday.format(date) + ")"; }
      el.textContent = text;
    });
    $$(".tz-abbr").forEach(function (el) {
      var original = keep(el), t = $("time[datetime*='T']");
      el.textContent = useLocal && t ? zoneName(new Date(t.getAttribute("datetime"))) : original;
      el.title = useLocal ? myZone : eventZone;
    });
    $$(".tz-note").forEach(function (el) {
      var original = keep(el);
      el.textContent = useLocal ? fill(S.tz_local, { zone: myZone }) : original;
    });
    $$(".tz-toggle").forEach(function (b) { b.setAttribute("aria-pressed", useLocal ? "true" : "false"); });
  }
  if (canLocal) {
    $$(".tz-toggle").forEach(function (b) {
      b.textContent = b.textContent + " (" + myZone + ")";
      b.hidden = false;
      b.addEventListener("click", function () {
        useLocal = !useLocal;
        put(tzKey, useLocal ? "local" : "event");
        applyZone();
      });
    });
    if (useLocal) { applyZone(); }
  }

  /* ---- Now and next, during the event (absolute times: right in any time zone) ------------ */
  var eventStart = Date.parse(cfg.event_start), eventEnd = Date.parse(cfg.event_end);
  var scrolled = false;
  function flag(el, cls, text) {
    el.classList.add(cls);
    var label = doc.createElement("strong");
    label.className = "now-flag";
    label.textContent = text;
    var where = $(".slot-time, .meta", el) || el;
    where.insertBefore(label, where.firstChild);
  }
  function markNow() {
    var now = Date.now();
    var items = $$(".slot[data-start], .session-card[data-start]");
    items.forEach(function (el) { el.classList.remove("is-now", "is-next"); });
    $$(".now-flag").forEach(function (f) { f.parentNode.removeChild(f); });
    var bar = $(".now-bar");
    if (!(now >= eventStart && now < eventEnd)) { if (bar) { bar.hidden = true; } return; }
    var next = Infinity;
    items.forEach(function (el) {
      var a = time(el, "data-start"), b = time(el, "data-end");
      if (a <= now && now < b) { flag(el, "is-now", S.now); } else if (a > now && a < next) { next = a; }
    });
    items.forEach(function (el) { if (time(el, "data-start") === next) { flag(el, "is-next", S.next); } });
    var first = $(".slot.is-now:not([hidden])") || $(".slot.is-next:not([hidden])");
    if (bar) {
      bar.hidden = !first;
      if (first) { $("a", bar).href = "#" + first.id; }
    }
    if (first && !scrolled && !location.hash) {
      scrolled = true;
      first.scrollIntoView({ block: "center", behavior: "instant" });
    }
  }
  if (eventStart && eventEnd) {
    markNow();
    setInterval(markNow, 30000);
  }

  /* ---- Filters kept in the URL (agenda, jobs wall) ----------------------------------------- */
  function norm(s) { return String(s || "").toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, ""); }
  function filterForm(form, fields, apply) {
    var params = new URLSearchParams(location.search);
    fields.forEach(function (f) { var el = form.elements[f]; if (el && params.has(f)) { el.value = params.get(f); } });
    function values() {
      var v = {};
      fields.forEach(function (f) { var el = form.elements[f]; v[f] = el ? el.value.trim() : ""; });
      return v;
    }
    function run(save) {
      var v = values();
      apply(v, fields.some(function (f) { return v[f]; }));
      if (save) {
        var q = new URLSearchParams();
        fields.forEach(function (f) { if (v[f]) { q.set(f, v[f]); } });
        var search = q.toString();
        replaceUrl(location.pathname + (search ? "?" + search : "") + location.hash);
      }
    }
    form.hidden = false;
    form.addEventListener("input", function () { run(true); });
    form.addEventListener("change", function () { run(true); });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    form.addEventListener("reset", function () { setTimeout(function () { run(true); }, 0); });
    run(false);
    return run;
  }

  var agendaForm = $(".agenda-filters");
  if (agendaForm) {
    var slots = $$(".slot[data-session]");
    var out = $(".filter-count", agendaForm);
    var mine = $(".my-toggle", agendaForm);
    var more = $(".filter-more", agendaForm);
    // The choices are open on wide screens and whenever one is set (from a shared link).
    if (more && (window.matchMedia("(min-width: 48rem)").matches ||
        $$("select", agendaForm).some(function (el) { return new URLSearchParams(location.search).get(el.name); }))) {
      more.open = true;
    }
    var onlyMine = false;
    var index = null;
    var runAgenda = filterForm(agendaForm, ["q", "track", "room", "level", "lang", "kind"], function (v, active) {
      var words = norm(v.q).split(/\s+/).filter(Boolean), shown = 0;
      slots.forEach(function (el) {
        var d = el.dataset;
        var ok = (!v.track || d.track === v.track) && (!v.room || d.room === v.room || d.room === "") &&
          (!v.level || d.level === v.level) && (!v.lang || d.lang === v.lang) && (!v.kind || d.kind === v.kind) &&
          (!onlyMine || isStarred(d.session));
        if (ok && words.length) {
          var r = index && index.byId[d.session];
          var text = norm(r ? [r.title, r.track_name || ""].concat(r.speakers, r.tags).join(" ") : el.textContent);
          ok = words.every(function (w) { return text.indexOf(w) >= 0; });
        }
        el.hidden = !ok;
        if (ok) { shown++; }
      });
      $$(".agenda-day").forEach(function (day) { day.hidden = !$(".slot:not([hidden])", day); });
      active = active || onlyMine;
      out.textContent = !active ? "" : shown ? fill(S.count, { n: shown, total: slots.length }) : S.none;
    });
    agendaForm.addEventListener("reset", function () {
      onlyMine = false;
      mine.setAttribute("aria-pressed", "false");
    });
    mine.addEventListener("click", function () {
      onlyMine = !onlyMine;
      mine.setAttribute("aria-pressed", onlyMine ? "true" : "false");
      runAgenda(false);
    });
    onStars.push(function () { if (onlyMine) { runAgenda(false); } });
    loadIndex().then(function (data) { index = data; runAgenda(false); }, function () { /* search the page text */ });
  }

  var jobsForm = $(".job-filters");
  if (jobsForm) {
    var jobs = $$(".job-card");
    var jobsOut = $("output", jobsForm);
    filterForm(jobsForm, ["q", "sponsor", "location", "remote", "type"], function (v) {
      var words = norm(v.q).split(/\s+/).filter(Boolean), shown = 0;
      jobs.forEach(function (job) {
        var d = job.dataset;
        var text = norm(job.textContent + " " + d.location + " " + d.sponsorName);
        var ok = (!v.sponsor || d.employer === v.sponsor) && (!v.location || d.location === v.location) &&
          (!v.remote || d.remote === v.remote) && (!v.type || d.type === v.type) &&
          words.every(function (w) { return text.indexOf(w) >= 0; });
        job.hidden = !ok;
        if (ok) { shown++; }
      });
      $$(".job-group").forEach(function (g) { g.hidden = !$(".job-card:not([hidden])", g); });
      jobsOut.textContent = shown ? "" : (S.jobs_none || jobsForm.getAttribute("data-none"));
    });
  }

  /* ---- The My schedule page ---------------------------------------------------------------- */
  var tools = $(".my-tools");
  if (tools) {
    var params = new URLSearchParams(location.search);
    var shared = params.get("s") ? params.get("s").split(",").filter(Boolean) : null;
    var cards = $$(".my-day .session-card");
    var seen = {}; // unstarred during this visit: stays listed (with its star) until the next visit
    var current = [];
    var renderMine = function () {
      stars.forEach(function (id) { seen[id] = true; });
      current = [];
      cards.forEach(function (card) {
        var id = card.getAttribute("data-session");
        var listed = shared ? shared.indexOf(id) >= 0 : !!seen[id];
        card.hidden = !listed;
        card.classList.remove("has-clash");
        var old = $(".clash", card);
        if (old) { card.removeChild(old); }
        if (listed && (shared || isStarred(id))) { current.push(card); }
      });
      var clashes = 0;
      current.forEach(function (a) {
        var with_ = current.filter(function (b) {
          return b !== a && time(a, "data-start") < time(b, "data-end") && time(b, "data-start") < time(a, "data-end");
        });
        if (!with_.length) { return; }
        clashes++;
        a.classList.add("has-clash");
        var p = doc.createElement("p");
        p.className = "clash";
        p.textContent = fill(S.clash, { titles: with_.map(function (b) { return $(".card-title", b).textContent.trim(); }).join(" · ") });
        a.appendChild(p);
      });
      $$(".my-day").forEach(function (day) { day.hidden = !$(".session-card:not([hidden])", day); });
      $(".my-empty").hidden = !!(shared || current.length);
      $(".my-summary").textContent = !current.length ? "" : shared ? fill(S.shared_count, { n: current.length }) :
        fill(clashes ? S.summary_clashes : S.summary, { n: current.length, c: clashes });
      $(".my-actions").hidden = !current.length;
      var ids = current.map(function (c) { return c.getAttribute("data-session"); });
      $(".share-url").value = new URL(cfg.my_schedule || location.pathname, location.href).href + "?s=" + ids.join(",");
    };
    var sharedBox = $(".my-shared");
    if (shared) {
      sharedBox.hidden = false;
      $(".my-import", sharedBox).addEventListener("click", function () {
        var list = loadStars();
        shared.forEach(function (id) { if (list.indexOf(id) < 0) { list.push(id); } });
        shared = null;
        sharedBox.hidden = true;
        replaceUrl(location.pathname);
        setStars(list);
      });
    }
    $(".my-ics").addEventListener("click", function () {
      var ids = current.map(function (c) { return c.getAttribute("data-session"); });
      loadIndex().then(function (data) {
        return ids.map(function (id) { return data.byId[id]; }).filter(Boolean);
      }, function () {
        return current.map(function (c) { // offline without the index: what the page shows
          var link = $(".card-title a", c), who = $(".speakers", c);
          return { id: c.getAttribute("data-session"), title: link.textContent, url: link.href,
            start: c.getAttribute("data-start"), end: c.getAttribute("data-end"), speakers: who ? [who.textContent] : [] };
        });
      }).then(function (list) { download(ics(list), "my-schedule.ics", "text/calendar;charset=utf-8"); });
    });
    $(".my-copy").addEventListener("click", function () {
      var input = $(".share-url"), status = $(".my-status");
      var done = function () { status.textContent = S.copied || ""; };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(input.value).then(done, function () { input.select(); });
      } else {
        input.select();
        try { if (doc.execCommand("copy")) { done(); } } catch (e) { /* the link stays selected */ }
      }
    });
    onStars.push(renderMine);
    tools.hidden = false;
    renderMine();
  }

  /* iCalendar (RFC 5545): CRLF line ends, lines folded at 75 octets, times in UTC. */
  function icsText(s) { return String(s).replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r?\n/g, "\\n"); }
  function icsTime(ms) { return new Date(ms).toISOString().replace(/[-:]/g, "").replace(/\.\d+/, ""); }
  function fold(line) {
    var out = [], cur = "", size = 0, enc = new TextEncoder();
    Array.from(line).forEach(function (ch) {
      var n = enc.encode(ch).length;
      if (size + n > 75) { out.push(cur); cur = " "; size = 1; }
      cur += ch;
      size += n;
    });
    out.push(cur);
    return out.join("\r\n");
  }
  function ics(list) {
    var stamp = icsTime(Date.now());
    var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//confpress//my schedule//EN", "CALSCALE:GREGORIAN",
      "METHOD:PUBLISH", "X-WR-CALNAME:" + icsText(cfg.calendar_name || doc.title)];
    if (cfg.timezone) { lines.push("X-WR-TIMEZONE:" + cfg.timezone); }
    // The index's URLs are site paths, or relative to the index in a site built with relative links.
    var from = new URL(cfg.index || "", location.href);
    list.forEach(function (s) {
      var url = new URL(s.url, from).href;
      lines.push("BEGIN:VEVENT", "UID:" + (s.guid || s.id + "@" + location.host), "DTSTAMP:" + stamp,
        "DTSTART:" + icsTime(Date.parse(s.start)), "DTEND:" + icsTime(Date.parse(s.end)), "SUMMARY:" + icsText(s.title));
      if (s.room_name) { lines.push("LOCATION:" + icsText(s.room_name)); }
      lines.push("DESCRIPTION:" + icsText((s.speakers && s.speakers.length ? s.speakers.join(", ") + "\n" : "") + url),
        "URL:" + url, "END:VEVENT");
    });
    lines.push("END:VCALENDAR");
    return lines.map(fold).join("\r\n") + "\r\n";
  }
  function download(text, name, type) {
    var a = doc.createElement("a");
    a.href = URL.createObjectURL(new Blob([text], { type: type }));
    a.download = name;
    a.hidden = true;
    body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); body.removeChild(a); }, 1000);
  }

  /* ---- Print one day of the agenda ----------------------------------------------------------- */
  $$(".print-day").forEach(function (b) {
    b.hidden = false;
    b.addEventListener("click", function () {
      var day = b.closest(".agenda-day");
      body.classList.add("print-one-day");
      day.classList.add("print-this");
      window.print();
    });
  });
  window.addEventListener("afterprint", function () {
    body.classList.remove("print-one-day");
    $$(".print-this").forEach(function (d) { d.classList.remove("print-this"); });
  });

  paintStars();
  if (navigator.onLine === false) { $$(".offline-note").forEach(function (el) { el.hidden = false; }); }

  /* ---- Offline: the service worker (not under `confpress serve`, which reloads live) -------- */
  var local = location.hostname === "localhost" || location.hostname === "127.0.0.1" || location.hostname === "[::1]";
  if ("serviceWorker" in navigator && cfg.service_worker && (location.protocol === "https:" || local) &&
      !$("script[src*='/__confpress/']")) {
    navigator.serviceWorker.register(cfg.service_worker, { scope: base }).catch(function () { /* offline stays off */ });
  }
})();
