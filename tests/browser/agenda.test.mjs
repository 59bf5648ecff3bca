// The attendee's agenda in headless Chromium: stars and My schedule (with its .ics and share
// link), time zones, filters in the URL, now/next, offline, no JavaScript, phone and desktop
// screenshots (light and dark) and a printed day.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import { launch, open, url, index, artifact, visibleIds, first } from "./helpers.mjs";

const idx = index();
const sessions = idx.sessions;
const talks = sessions.filter((s) => s.kind !== "break" && s.room);
// Two talks at the same time in different rooms: a clash when both are starred.
const [a, b] = (() => {
  for (const x of talks) {
    const y = talks.find((t) => t !== x && t.start === x.start && t.room !== x.room);
    if (y) { return [x, y]; }
  }
  throw new Error("the example site needs two talks at the same time");
})();

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

function noErrors(page) { assert.deepEqual(page.errors, [], "no script errors"); }

/** "20261022T081500Z" for an ISO time with offset. */
function utc(iso) { return new Date(iso).toISOString().replace(/[-:]/g, "").replace(/\.\d+/, ""); }

/** The events of an iCalendar text, unfolded: [{SUMMARY, DTSTART, …}]. */
function parseIcs(text) {
  const events = [];
  let cur = null;
  for (const line of text.replace(/\r\n[ \t]/g, "").split("\r\n")) {
    if (line === "BEGIN:VEVENT") { cur = {}; } else if (line === "END:VEVENT") { events.push(cur); cur = null; } else if (cur) {
      const i = line.indexOf(":");
      cur[line.slice(0, i).split(";")[0]] = line.slice(i + 1).replace(/\\([\\;,])/g, "$1").replace(/\\n/g, "\n");
    }
  }
  return events;
}

test("stars are kept across reloads and fill My schedule, with clashes, an .ics file and a share link", async () => {
  const { context, page } = await open(browser, { acceptDownloads: true });
  await page.goto(url("agenda/"));
  const starA = page.locator(`#s-${a.id} button.star`), starB = page.locator(`#s-${b.id} button.star`);
  assert.equal(await starA.getAttribute("aria-pressed"), "false");
  assert.match(await starA.getAttribute("aria-label"), new RegExp(a.title.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
  await starA.click();
  await starB.focus();
  await page.keyboard.press("Enter"); // a real button: the keyboard works
  assert.equal(await starA.getAttribute("aria-pressed"), "true");
  assert.equal(await starB.getAttribute("aria-pressed"), "true");

  await page.reload();
  assert.equal(await page.locator(`#s-${a.id} button.star`).getAttribute("aria-pressed"), "true", "kept after a reload");
  assert.equal(await page.locator(`#s-${b.id} button.star`).getAttribute("aria-pressed"), "true");

  // The same stars on the session page and on its track's page.
  await page.goto(url(`sessions/${a.id}/`));
  assert.equal(await page.locator("button.star-text").getAttribute("aria-pressed"), "true");
  if (a.track) {
    await page.goto(url(`tracks/${a.track}/`));
    assert.equal(await page.locator(`.session-card[data-session="${a.id}"] button.star`).getAttribute("aria-pressed"), "true");
  }

  await page.goto(url("my-schedule/"));
  const listed = await visibleIds(page, ".my-day .session-card", "data-session");
  assert.deepEqual(listed.sort(), [a.id, b.id].sort(), "My schedule lists the starred sessions");
  assert.equal(await page.locator(".session-card.has-clash:visible").count(), 2, "both are marked as clashing");
  assert.match(await page.locator(`.session-card[data-session="${a.id}"] .clash`).innerText(), new RegExp(b.title.slice(0, 20).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));

  // The .ics file, made in the browser.
  const [download] = await Promise.all([page.waitForEvent("download"), page.locator(".my-ics").click()]);
  assert.equal(download.suggestedFilename(), "my-schedule.ics");
  const file = artifact("my-schedule.ics");
  await download.saveAs(file);
  const text = fs.readFileSync(file, "utf8");
  assert.ok(text.startsWith("BEGIN:VCALENDAR\r\n") && text.endsWith("END:VCALENDAR\r\n"), "a calendar");
  assert.ok(!/[^\r]\n/.test(text), "every line ends in CRLF");
  for (const line of text.split("\r\n")) { assert.ok(Buffer.byteLength(line) <= 75, `folded: ${line}`); }
  const events = parseIcs(text);
  assert.equal(events.length, 2);
  for (const s of [a, b]) {
    const e = events.find((x) => x.SUMMARY === s.title);
    assert.ok(e, `an event for ${s.title}`);
    assert.equal(e.DTSTART, utc(s.start), "start in UTC");
    assert.equal(e.DTEND, utc(s.end));
    assert.equal(e.UID, s.guid, "the same UID as the site's own calendar files");
    assert.match(e.DTSTAMP, /^\d{8}T\d{6}Z$/);
  }

  // The share link carries the ids; a friend opens it (no stars of their own) and takes them.
  const share = await page.locator(".share-url").inputValue();
  const shared = new URL(share);
  assert.equal(shared.pathname, new URL(url("my-schedule/")).pathname);
  assert.deepEqual(shared.searchParams.get("s").split(",").sort(), [a.id, b.id].sort());
  noErrors(page);
  await context.close();

  const friend = await open(browser);
  await friend.page.goto(share);
  assert.ok(await friend.page.locator(".my-shared").isVisible(), "the shared list is announced");
  assert.deepEqual((await visibleIds(friend.page, ".my-day .session-card", "data-session")).sort(), [a.id, b.id].sort());
  await friend.page.locator(".my-import").click();
  assert.equal(new URL(friend.page.url()).search, "");
  await friend.page.goto(url("agenda/"));
  assert.equal(await friend.page.locator(`#s-${a.id} button.star`).getAttribute("aria-pressed"), "true");
  noErrors(friend.page);
  await friend.context.close();
});

test("the time zone toggle shows the visitor's times without a reload, and is remembered", async () => {
  const { context, page } = await open(browser, { timezoneId: "America/New_York" });
  await page.goto(url("agenda/"));
  const slotTime = page.locator(`#s-${a.id} .slot-time time`).first();
  const eventTime = a.start.slice(11, 16);
  assert.equal(await slotTime.innerText(), eventTime);
  const toggle = page.locator(".tz-toggle");
  assert.match(await toggle.innerText(), /America\/New_York/);
  assert.equal(await toggle.getAttribute("aria-pressed"), "false");
  await toggle.click();
  const local = new Intl.DateTimeFormat("en-GB", { timeZone: "America/New_York", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(new Date(a.start));
  assert.notEqual(local, eventTime);
  assert.equal(await slotTime.innerText(), local, "the slot shows New York time");
  assert.equal(await toggle.getAttribute("aria-pressed"), "true");
  assert.match(await page.locator(".tz-note").innerText(), /America\/New_York/);
  await page.screenshot({ path: artifact("agenda-new-york-time.png") });

  await page.goto(url(`sessions/${a.id}/`));
  assert.equal(await page.locator(".facts-list time").nth(1).innerText(), local, "remembered on the next page");
  assert.match(await page.locator(".tz-abbr").innerText(), /^(EDT|EST|GMT-4|GMT-5)$/);
  await page.locator(".tz-toggle").click();
  assert.equal(await page.locator(".facts-list time").nth(1).innerText(), eventTime, "and back to the event's time");
  noErrors(page);
  await context.close();
});

test("filters narrow the agenda, live in the URL and come back from it", async () => {
  const { context, page } = await open(browser);
  await page.goto(url("agenda/"));
  const all = await page.locator(".slot[data-session]").count();
  assert.equal(all, sessions.length, "every session is on the agenda");
  const track = talks[0].track;
  await page.locator("select[name=track]").selectOption(track);
  await page.waitForFunction((t) => location.search.includes(`track=${t}`), track);
  const shown = await visibleIds(page, ".slot[data-session]", "data-session");
  const expected = sessions.filter((s) => s.track === track).map((s) => s.id);
  assert.deepEqual(shown.sort(), expected.sort(), "only the track's sessions");
  assert.match(await page.locator(".filter-count").innerText(), new RegExp(`${expected.length}`));

  // Text search over titles, speakers and tags (the JSON index), accents optional.
  const speaker = talks.find((s) => s.speakers.some((n) => /[\u00C0-\u017F]/.test(n)));
  const name = speaker.speakers.find((n) => /[\u00C0-\u017F]/.test(n));
  const plain = name.normalize("NFD").replace(/[\u0300-\u036f]/g, "").split(" ").pop().toLowerCase();
  await page.locator("select[name=track]").selectOption("");
  await page.locator("input[name=q]").fill(plain);
  await page.waitForFunction((q) => location.search.includes(`q=${q}`), plain);
  const found = await visibleIds(page, ".slot[data-session]", "data-session");
  assert.ok(found.includes(speaker.id), `"${plain}" finds ${speaker.id}`);
  assert.ok(found.length < all);
  const tag = talks.find((s) => s.tags.length).tags[0];
  await page.locator("input[name=q]").fill(tag);
  const byTag = await visibleIds(page, ".slot[data-session]", "data-session");
  assert.ok(sessions.filter((s) => s.tags.includes(tag)).every((s) => byTag.includes(s.id)), "tags are searched");

  // A shared filtered view opens filtered.
  const level = talks.find((s) => s.level).level, kind = "talk";
  await page.goto(url(`agenda/?level=${level}&kind=${kind}`));
  assert.equal(await page.locator("select[name=level]").inputValue(), level);
  const narrowed = await visibleIds(page, ".slot[data-session]", "data-session");
  assert.deepEqual(narrowed.sort(), sessions.filter((s) => s.level === level && s.kind === kind).map((s) => s.id).sort());
  await page.screenshot({ path: artifact("agenda-filtered.png") });
  await page.locator("button[type=reset]").click();
  await page.waitForFunction(() => location.search === "");
  assert.equal((await visibleIds(page, ".slot[data-session]", "data-session")).length, all);

  // The jobs wall: remote, sponsor and location filters, in the URL too.
  await page.goto(url("jobs/?remote=remote"));
  const remote = await page.$$eval(".job-card", (els) => els.filter((e) => e.offsetParent).map((e) => e.dataset.remote));
  assert.ok(remote.length > 0 && remote.every((r) => r === "remote"), "only remote jobs");
  const employer = await page.locator(".job-card").first().getAttribute("data-employer");
  await page.locator("select[name=remote]").selectOption("");
  await page.locator("select[name=sponsor]").selectOption(employer);
  await page.waitForFunction((e) => location.search.includes(`sponsor=${e}`), employer);
  const employers = await page.$$eval(".job-card", (els) => els.filter((e) => e.offsetParent).map((e) => e.dataset.employer));
  assert.ok(employers.length > 0 && employers.every((e) => e === employer));
  const place = await page.locator(".job-card:visible").first().getAttribute("data-location");
  await page.locator("select[name=location]").selectOption(place);
  assert.ok((await page.$$eval(".job-card", (els) => els.filter((e) => e.offsetParent).map((e) => e.dataset.location))).every((l) => l === place));
  noErrors(page);
  await context.close();
});

test("now and next are highlighted during the event, from the visitor's clock in any zone", async () => {
  const during = new Date(new Date(a.start).getTime() + 10 * 60 * 1000); // 10 minutes in
  for (const timezoneId of ["Europe/Amsterdam", "America/New_York", "Asia/Taipei"]) {
    const { context, page } = await open(browser, { timezoneId, viewport: { width: 390, height: 800 } });
    await page.clock.setFixedTime(during);
    await page.goto(url("agenda/"));
    const now = await page.$$eval(".slot.is-now", (els) => els.map((e) => e.dataset.session));
    const expectedNow = sessions.filter((s) => new Date(s.start) <= during && during < new Date(s.end)).map((s) => s.id);
    assert.deepEqual(now.sort(), expectedNow.sort(), `${timezoneId}: on now`);
    const nextStart = Math.min(...sessions.map((s) => new Date(s.start).getTime()).filter((t) => t > during.getTime()));
    const next = await page.$$eval(".slot.is-next", (els) => els.map((e) => e.dataset.session));
    assert.deepEqual(next.sort(), sessions.filter((s) => new Date(s.start).getTime() === nextStart).map((s) => s.id).sort(), `${timezoneId}: next`);
    assert.ok(await page.locator(".now-bar").isVisible());
    assert.match(await page.locator(`#s-${a.id} .now-flag`).innerText(), /now/i);
    assert.ok(await page.locator(".slot.is-now").first().isVisible());
    const inView = await page.locator(".slot.is-now").first().evaluate((e) => {
      const r = e.getBoundingClientRect();
      return r.bottom > 0 && r.top < innerHeight;
    });
    assert.ok(inView, `${timezoneId}: scrolled to now`);
    if (timezoneId === "America/New_York") { await page.screenshot({ path: artifact("agenda-now-phone.png") }); }
    noErrors(page);
    await context.close();
  }
  // Before and after the event: nothing highlighted, nothing scrolled.
  for (const when of [new Date(new Date(sessions[0].start).getTime() - 86400000), new Date(new Date(idx.sessions.at(-1).end).getTime() + 3600000)]) {
    const { context, page } = await open(browser);
    await page.clock.setFixedTime(when);
    await page.goto(url("agenda/"));
    assert.equal(await page.locator(".is-now, .is-next, .now-flag").count(), 0, `nothing on ${when.toISOString()}`);
    assert.ok(!(await page.locator(".now-bar").isVisible()));
    assert.equal(await page.evaluate(() => scrollY), 0);
    await context.close();
  }
});

test("the agenda is a list on a 320px phone and a grid on a desktop, in light and dark; one day prints on A4", async () => {
  for (const [name, width] of [["phone", 390], ["desktop", 1280]]) {
    for (const colorScheme of ["light", "dark"]) {
      const { context, page } = await open(browser, { viewport: { width, height: 900 }, colorScheme });
      await page.goto(url("agenda/"));
      await page.locator(`#s-${a.id} button.star`).click();
      const display = await page.locator(".agenda-grid").first().evaluate((e) => getComputedStyle(e).display);
      assert.equal(display, name === "phone" ? "block" : "grid");
      await page.screenshot({ path: artifact(`agenda-${name}-${colorScheme}.png`) });
      await page.locator("#day-1").scrollIntoViewIfNeeded();
      await page.screenshot({ path: artifact(`agenda-${name}-${colorScheme}-day.png`) });
      noErrors(page);
      await context.close();
    }
  }
  const { context, page } = await open(browser, { viewport: { width: 320, height: 640 } });
  for (const rel of ["agenda/", "my-schedule/", `sessions/${a.id}/`, "jobs/"]) {
    await page.goto(url(rel));
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 320, `${rel}: no sideways scrolling at 320px (${width})`);
  }
  await page.goto(url("agenda/"));
  const room = await page.locator(`#s-${a.id} .slot-room`).evaluate((e) => ({ text: e.innerText, w: e.getBoundingClientRect().width }));
  assert.ok(room.w > 10 && room.text.includes(a.room_name), "room labels on the phone list");
  await page.screenshot({ path: artifact("agenda-320.png") });

  // Print one day: the day's sessions, on A4.
  await page.evaluate(() => { document.body.classList.add("print-one-day"); document.querySelector(".agenda-day").classList.add("print-this"); });
  await page.emulateMedia({ media: "print" });
  assert.equal(await page.locator(".agenda-day").nth(1).evaluate((e) => getComputedStyle(e).display), "none", "other days are not printed");
  assert.equal(await page.locator(".agenda-filters").evaluate((e) => getComputedStyle(e).display), "none");
  const pdf = await page.pdf({ format: "A4", path: artifact("agenda-day-1.pdf") });
  const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) || []).length;
  assert.ok(pages >= 1 && pages <= 2, `one day on one or two A4 pages (${pages})`);
  await context.close();
});

test("pages work without JavaScript: the full agenda and every link, no dead controls", async () => {
  const { context, page } = await open(browser, { javaScriptEnabled: false });
  await page.goto(url("agenda/"));
  assert.equal(await page.locator(".slot[data-session]:visible").count(), sessions.length);
  assert.equal(await page.locator("button:visible, .agenda-filters:visible").count(), 0, "JS-only controls stay hidden");
  for (const s of sessions) { assert.equal(await page.locator(`.slot a[href="${s.url}"]`).count(), 1); }
  await page.goto(url("my-schedule/"));
  assert.ok(await page.locator("noscript p, main .box").first().isVisible() || (await page.content()).includes("<noscript>"));
  await page.goto(url("jobs/"));
  assert.equal(await page.locator(".job-filters:visible").count(), 0);
  await context.close();
});

test("after the first visit a service worker serves the agenda, sessions and speakers offline; the version follows the build", async () => {
  const { context, page } = await open(browser);
  await page.goto(url("agenda/"));
  const cacheName = await page.evaluate(async () => {
    const reg = await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((r) => navigator.serviceWorker.addEventListener("controllerchange", r, { once: true }));
    }
    return reg.active && (await caches.keys()).find((k) => k.startsWith("confpress:"));
  });
  assert.ok(cacheName && cacheName.endsWith(":" + idx.version), `cache named after the build (${cacheName})`);
  const sw = await (await fetch(url("sw.js"))).text();
  assert.ok(sw.includes(idx.version), "sw.js carries the version of sessions.json");
  const cached = await page.evaluate(async (name) => (await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname), cacheName);
  const path = (rel) => new URL(url(rel)).pathname;
  for (const rel of ["agenda/", "my-schedule/", "speakers/", `sessions/${b.id}/`, first("speakers")]) {
    assert.ok(cached.includes(path(rel)), `${rel} is cached`);
  }
  assert.ok(cached.filter((p) => p.includes("/sessions/")).length >= talks.length, "every session page is cached");
  assert.ok(cached.filter((p) => p.includes("/speakers/")).length > 2, "speaker pages are cached");

  // The network goes away (the test server drops every request).
  const network = (state) => fetch(new URL(`/__network__/${state}`, url()).href);
  await network("off");
  try {
    const missing = await page.goto(url("robots.txt"));
    assert.equal(missing.status(), 503, "a file never cached: the network is really gone");
    assert.equal(await page.locator("h1").count(), 1, "the cached 404 page stands in");
    page.errors = []; // the browser reports the 503
    const res = await page.goto(url(`sessions/${b.id}/`));
    assert.ok(res.fromServiceWorker(), "served by the service worker");
    assert.equal(await page.locator("h1").innerText(), b.title);
    await page.goto(url(`agenda/?track=${b.track}`));
    assert.equal(await page.locator(".slot[data-session]:visible").count(), sessions.filter((s) => s.track === b.track).length, "the agenda filters offline");
    await page.goto(url(first("speakers")));
    assert.equal(await page.locator("h1").count(), 1);
  } finally {
    await network("on");
  }
  noErrors(page);
  await context.close();
});
