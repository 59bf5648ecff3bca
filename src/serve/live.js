// confpress serve: live reload. Reloads the page after every successful rebuild, swaps the
// stylesheets when only CSS changed, and shows build errors over the last good page.
(function () {
  "use strict";
  if (!window.EventSource || window.__confpressLive) return;
  window.__confpressLive = true;

  var loaded = null; // "server:build" this page was served from
  var overlay = null;

  function parse(e) {
    try { return JSON.parse(e.data); } catch (_) { return {}; }
  }

  function el(tag, style, text) {
    var n = document.createElement(tag);
    if (style) n.setAttribute("style", style);
    if (text !== undefined) n.textContent = text;
    return n;
  }

  function hide() {
    if (overlay) { overlay.remove(); overlay = null; }
  }

  function show(build, diagnostics) {
    hide();
    overlay = el("div", "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(15,15,20,.94);" +
      "color:#f4f4f5;font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;padding:2rem;box-sizing:border-box");
    overlay.id = "confpress-error-overlay";
    overlay.setAttribute("role", "alertdialog");
    var close = el("button", "position:absolute;top:1rem;right:1rem;background:none;border:1px solid #71717a;" +
      "color:inherit;font:inherit;cursor:pointer;padding:.2rem .6rem", "×");
    close.setAttribute("aria-label", "Hide (the page below is the last good build)");
    close.onclick = hide;
    overlay.appendChild(close);
    var errors = diagnostics.filter(function (d) { return d.severity === "error"; }).length;
    overlay.appendChild(el("h2", "margin:0 0 .3rem;font-size:1.2rem;color:#fca5a5",
      "confpress: build " + build + " failed with " + errors + " error" + (errors === 1 ? "" : "s")));
    overlay.appendChild(el("p", "margin:0 0 1.2rem;color:#a1a1aa",
      "The page below is the last good build. Fix the problem and save: this page updates by itself."));
    var ordered = diagnostics.filter(function (d) { return d.severity === "error"; })
      .concat(diagnostics.filter(function (d) { return d.severity !== "error"; }));
    ordered.forEach(function (d) {
      var box = el("section", "margin:0 0 1.2rem;padding:.8rem 1rem;border-left:4px solid " +
        (d.severity === "error" ? "#f87171" : "#fbbf24") + ";background:#18181b");
      var where = d.file + (d.line ? ":" + d.line + (d.col ? ":" + d.col : "") : "");
      box.appendChild(el("div", "color:" + (d.severity === "error" ? "#fca5a5" : "#fcd34d") + ";font-weight:bold",
        d.severity + ": " + d.message));
      box.appendChild(el("div", "color:#93c5fd", where));
      // The terminal's text without its first two lines (the message and location, shown above).
      var excerpt = (d.text || "").split("\n").slice(2).join("\n").replace(/\s+$/, "");
      if (excerpt) box.appendChild(el("pre", "margin:.5rem 0 0;white-space:pre-wrap", excerpt));
      box.className = "confpress-diagnostic";
      box.dataset.file = d.file;
      box.dataset.line = d.line;
      overlay.appendChild(box);
    });
    (document.body || document.documentElement).appendChild(overlay);
  }

  function swapStylesheets() {
    var links = document.querySelectorAll('link[rel~="stylesheet"]');
    Array.prototype.forEach.call(links, function (link) {
      var url;
      try { url = new URL(link.href, location.href); } catch (_) { return; }
      if (url.origin !== location.origin) return;
      url.searchParams.set("confpress", Date.now().toString(36));
      var copy = link.cloneNode();
      copy.href = url.href;
      copy.onload = copy.onerror = function () { link.remove(); };
      link.parentNode.insertBefore(copy, link.nextSibling);
    });
  }

  var source = new EventSource("/__confpress/events");
  source.addEventListener("hello", function (e) {
    var d = parse(e), id = d.server + ":" + d.serving;
    // A reconnect to a restarted server, or after a missed rebuild: this page is stale.
    if (loaded !== null && loaded !== id) { location.reload(); return; }
    loaded = id;
  });
  source.addEventListener("reload", function () { location.reload(); });
  source.addEventListener("css", function (e) {
    var d = parse(e);
    hide();
    if (loaded !== null) loaded = loaded.split(":")[0] + ":" + d.serving;
    swapStylesheets();
  });
  source.addEventListener("build-error", function (e) {
    var d = parse(e);
    show(d.build, d.diagnostics || []);
  });
})();
