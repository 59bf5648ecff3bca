// Shared set-up of the browser tests: the site under test, the browser, artifacts.
// tests/browser.rs builds the example site, serves it and runs these scripts with
//   BASE_URL   the site's root, e.g. http://127.0.0.1:41234/conf/2026/
//   SITE_DIR   the built site on disk (for the list of pages and the Nu Html Checker)
//   ARTIFACTS  where screenshots and downloads go (target/browser-artifacts)
//   CHROMIUM   the browser (default /usr/bin/chromium)
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const here = path.dirname(fileURLToPath(import.meta.url));
export const BASE = must("BASE_URL").replace(/\/?$/, "/");
export const SITE = must("SITE_DIR");
export const ARTIFACTS = process.env.ARTIFACTS || path.join(here, "..", "..", "target", "browser-artifacts");
fs.mkdirSync(ARTIFACTS, { recursive: true });

function must(name) {
  const v = process.env[name];
  if (!v) { throw new Error(`${name} is not set: run these tests through \`cargo test --test browser\``); }
  return v;
}

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-quic",
      "--disable-component-update", "--disable-sync"],
  });
}

/** A new browser context with the page errors collected, so a test can fail on any. */
export async function open(browser, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-GB", ...options });
  const page = await context.newPage();
  page.errors = [];
  page.on("pageerror", (e) => page.errors.push(e.message));
  page.on("console", (m) => { if (m.type() === "error") { page.errors.push(m.text()); } });
  return { context, page };
}

export function url(rel = "") { return BASE + rel.replace(/^\//, ""); }

/** The search and filter index the build wrote. */
export function index() {
  return JSON.parse(fs.readFileSync(path.join(SITE, "sessions.json"), "utf8"));
}

/** The first folder under `dir` of the built site (a page of that type). */
export function first(dir) {
  const names = fs.readdirSync(path.join(SITE, dir), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  if (!names.length) { throw new Error(`no pages under ${dir}/`); }
  return `${dir}/${names[0]}/`;
}

export function artifact(name) { return path.join(ARTIFACTS, name); }

/** Text of the visible elements matching `selector`. */
export function visibleIds(page, selector, attr) {
  return page.$$eval(selector, (els, a) => els.filter((e) => e.offsetParent !== null).map((e) => e.getAttribute(a)), attr);
}
