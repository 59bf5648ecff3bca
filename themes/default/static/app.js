/* confpress default theme: optional enhancements. Every page works without this file. */
(function () {
  "use strict";
  var body = document.body;
  var key = "confpress:stars:" + (body.getAttribute("data-site") || location.pathname.split("/")[1]);
  function load() { try { return JSON.parse(localStorage.getItem(key)) || []; } catch (e) { return []; } }
  function save(list) { try { localStorage.setItem(key, JSON.stringify(list)); } catch (e) { /* private mode */ } }

  /* "My schedule" stars on agenda slots and session cards. */
  var items = document.querySelectorAll(".slot[data-session], .session-card[data-session]");
  var addLabel = body.getAttribute("data-star-add") || "+";
  var removeLabel = body.getAttribute("data-star-remove") || "-";
  var stars = load();
  function paint(btn, on) {
    btn.setAttribute("aria-pressed", on ? "true" : "false");
    btn.setAttribute("aria-label", on ? removeLabel : addLabel);
    btn.title = on ? removeLabel : addLabel;
    btn.textContent = on ? "\u2605" : "\u2606";
  }
  Array.prototype.forEach.call(items, function (el) {
    var slug = el.getAttribute("data-session");
    var btn = document.createElement("button");
    btn.type = "button";
    btn.className = "star";
    paint(btn, stars.indexOf(slug) >= 0);
    btn.addEventListener("click", function () {
      stars = load();
      var i = stars.indexOf(slug);
      if (i >= 0) { stars.splice(i, 1); } else { stars.push(slug); }
      save(stars);
      paint(btn, i < 0);
      el.classList.toggle("is-starred", i < 0);
    });
    el.classList.toggle("is-starred", stars.indexOf(slug) >= 0);
    el.insertBefore(btn, el.firstChild);
  });

  /* Only my starred sessions on the agenda. */
  var toggle = document.querySelector(".my-toggle");
  if (toggle && items.length) {
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      var on = toggle.getAttribute("aria-pressed") !== "true";
      toggle.setAttribute("aria-pressed", on ? "true" : "false");
      body.classList.toggle("only-starred", on);
    });
  }

  /* Highlight what is on now. */
  var now = Date.now();
  Array.prototype.forEach.call(document.querySelectorAll(".slot[data-start]"), function (el) {
    var a = Date.parse(el.getAttribute("data-start")), b = Date.parse(el.getAttribute("data-end"));
    if (a <= now && now < b) { el.classList.add("is-now"); }
  });

  /* Jobs wall filters. */
  var form = document.querySelector(".job-filters");
  if (form) {
    var jobs = document.querySelectorAll(".job-card");
    var out = form.querySelector("output");
    form.hidden = false;
    var apply = function () {
      var q = form.q.value.trim().toLowerCase(), remote = form.remote.value, type = form.type.value, shown = 0;
      Array.prototype.forEach.call(jobs, function (job) {
        var text = (job.textContent + " " + job.getAttribute("data-location") + " " + job.getAttribute("data-sponsor-name")).toLowerCase();
        var ok = (!q || text.indexOf(q) >= 0) && (!remote || job.getAttribute("data-remote") === remote) && (!type || job.getAttribute("data-type") === type);
        job.hidden = !ok;
        if (ok) { shown++; }
      });
      Array.prototype.forEach.call(document.querySelectorAll(".job-group"), function (g) {
        g.hidden = !g.querySelector(".job-card:not([hidden])");
      });
      out.textContent = shown ? "" : form.getAttribute("data-none");
    };
    form.addEventListener("input", apply);
    form.addEventListener("submit", function (e) { e.preventDefault(); });
  }
})();
