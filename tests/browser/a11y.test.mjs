// Accessibility and validity of every page type of the example site: axe-core in Chromium (light
// and dark, with the script's extras showing: stars, clashes, now/next, the visitor's time zone)
// fails on any serious or critical violation; the Nu Html Checker (vnu-jar) on any HTML error in
// any page the build wrote.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { launch, open, url, index, first, SITE, here } from "./helpers.mjs";

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const idx = index();

/** Every .html file of the built site. */
function htmlFiles(dir = SITE) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? htmlFiles(p) : e.name.endsWith(".html") ? [p] : [];
  });
}

/** Starts the Nu Html Checker on every page now; the test below waits for it. */
function startVnu() {
  const jar = path.join(here, "node_modules", "vnu-jar", "build", "dist", "vnu.jar");
  const files = htmlFiles();
  return new Promise((resolve, reject) => {
    const java = spawn("java", ["-Xss8m", "-jar", jar, "--errors-only", "--format", "json", ...files], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    java.stdout.on("data", (d) => { out += d; });
    java.stderr.on("data", (d) => { out += d; });
    java.on("error", reject);
    java.on("close", (code) => resolve({ code, out, count: files.length }));
  });
}

/** One page of each type (and the pages the theme adds). */
function pageTypes() {
  const list = ["", "agenda/", "my-schedule/", first("sessions"), "speakers/", first("speakers"), first("tracks"), first("rooms"),
    "sponsors/", first("sponsors"), "jobs/", first("jobs"), "tickets/", "news/", first("news"), "404.html"];
  const known = new Set(["agenda", "my-schedule", "sessions", "speakers", "tracks", "rooms", "sponsors", "jobs", "tickets", "news", "assets", "img"]);
  const free = fs.readdirSync(SITE, { withFileTypes: true }).find((e) => e.isDirectory() && !known.has(e.name) && fs.existsSync(path.join(SITE, e.name, "index.html")));
  if (free) { list.push(`${free.name}/`); }
  return list;
}

let browser, vnu;
before(async () => { vnu = startVnu(); browser = await launch(); });
after(async () => { await browser?.close(); });

async function audit(page, label) {
  if (!(await page.evaluate(() => !!window.axe))) { await page.addScriptTag({ content: axeSource }); }
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
  return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) =>
    `${label}: ${v.id} (${v.impact}) ${v.help}\n    ` + v.nodes.slice(0, 6).map((n) => `${n.target.join(" ")}: ${n.failureSummary.replace(/\s+/g, " ")}`).join("\n    "));
}

test("axe-core finds no serious or critical violation on any page type, light or dark", async () => {
  const talks = idx.sessions.filter((s) => s.room && s.kind !== "break");
  const clash = talks.filter((s) => s.start === talks[0].start).slice(0, 2).map((s) => s.id);
  const during = new Date(new Date(talks[0].start).getTime() + 5 * 60000);
  const problems = [];
  // A visitor in another zone who chose local times, with two clashing stars, during the event:
  // everything the script adds is on screen.
  const { context, page } = await open(browser, { timezoneId: "America/New_York" });
  await context.addInitScript(({ base, stars }) => {
    localStorage.setItem("confpress:stars:" + base, JSON.stringify(stars));
    localStorage.setItem("confpress:tz:" + base, "local");
  }, { base: new URL(url()).pathname, stars: clash });
  await page.clock.setFixedTime(during);
  for (const rel of pageTypes()) {
    await page.emulateMedia({ colorScheme: "light" });
    await page.goto(url(rel));
    problems.push(...await audit(page, `${rel || "home"} (light)`));
    await page.emulateMedia({ colorScheme: "dark" });
    problems.push(...await audit(page, `${rel || "home"} (dark)`));
  }
  // The shared view of My schedule, and the agenda filtered to nothing.
  await page.goto(url(`my-schedule/?s=${clash.join(",")}`));
  problems.push(...await audit(page, "my-schedule/?s= (dark)"));
  await page.goto(url("agenda/?q=zzzzzz"));
  problems.push(...await audit(page, "agenda/?q=zzzzzz (dark)"));
  assert.deepEqual(page.errors, [], "no script errors");
  await context.close();
  assert.deepEqual(problems, [], "\n" + problems.join("\n"));
});

test("the Nu Html Checker finds no error in any page", async () => {
  const { code, out, count } = await vnu;
  let messages;
  try { messages = JSON.parse(out).messages; } catch (e) { assert.fail(`vnu did not answer in JSON (exit ${code}):\n${out.slice(0, 2000)}`); }
  const errors = messages.filter((m) => m.type === "error" || m.type === "non-document-error")
    .map((m) => `${path.relative(SITE, new URL(m.url).pathname)}:${m.lastLine ?? "?"}: ${m.message} ${m.extract ? `[${m.extract.trim().slice(0, 120)}]` : ""}`);
  assert.ok(count > 50, `checked ${count} pages`);
  assert.deepEqual(errors, [], "\n" + errors.join("\n"));
});
