// Drives every demo page in headless Chromium through the real
// phoenix_live_view client and checks the behaviour the pages promise.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { chromium } from "playwright-core";
import { startServer } from "../testlib/server.mjs";

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];
const CONNECTED = "[data-phx-main].phx-connected";

let server;
let base;
let browser;

before(async () => {
  server = startServer();
  base = await server.ready;
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
  // Normally already stopped by the last test; this covers an earlier failure.
  if (server && (await Promise.race([server.exited, null])) === null) await server.stop();
});

// A fresh context per page, so each gets its own cookie jar, like a new user.
// Every console error and uncaught page error is collected for the caller.
async function openLiveView(t, path) {
  const context = await browser.newContext();
  t.after(() => context.close());
  const page = await context.newPage();
  const errors = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(`console: ${msg.text()}`);
  });
  page.on("pageerror", (err) => errors.push(`pageerror: ${err.message}`));
  const response = await page.goto(base + path);
  assert.equal(response.status(), 200, `GET ${path}`);
  await page.waitForSelector(CONNECTED);
  return { page, errors };
}

const text = (page, selector) => page.locator(selector).textContent();

async function waitForText(page, selector, expected) {
  await page.waitForFunction(
    ([sel, want]) => document.querySelector(sel)?.textContent === want,
    [selector, expected],
  );
}

test("the first stdout line names a loopback URL", () => {
  assert.match(base, /^http:\/\/127\.0\.0\.1:\d+$/);
});

test("/counter: #inc and #dec change #count, starting at 0", async (t) => {
  const { page, errors } = await openLiveView(t, "/counter");
  assert.equal(await page.title(), "LiveLoad demo");
  assert.equal(await page.locator("#menu a").count(), 5);
  assert.equal(await text(page, "#count"), "0");
  await page.click("#inc");
  await waitForText(page, "#count", "1");
  await page.click("#inc");
  await waitForText(page, "#count", "2");
  await page.click("#dec");
  await waitForText(page, "#count", "1");
  assert.deepEqual(errors, []);
});

test("/counter: every page load is a new LiveView starting at 0", async (t) => {
  const { page, errors } = await openLiveView(t, "/counter");
  await page.click("#inc");
  await waitForText(page, "#count", "1");
  await page.reload();
  await page.waitForSelector(CONNECTED);
  assert.equal(await text(page, "#count"), "0");
  assert.deepEqual(errors, []);
});

test("/ serves the counter too", async (t) => {
  const { page, errors } = await openLiveView(t, "/");
  await page.click("#inc");
  await waitForText(page, "#count", "1");
  assert.deepEqual(errors, []);
});

test("/form: validate shows and clears #name-error, save appends to #names", async (t) => {
  const { page, errors } = await openLiveView(t, "/form");
  assert.equal(await text(page, "#name-error"), "");
  await page.fill("#name", "a");
  await waitForText(page, "#name-error", "name is too short");
  await page.fill("#name", "ab");
  await waitForText(page, "#name-error", "");
  await page.check("#agree");
  await page.selectOption("#color", "blue");
  await page.click("#save");
  await page.waitForFunction(() => document.querySelectorAll("#names li").length === 1);
  assert.deepEqual(await page.locator("#names li").allTextContents(), ["ab"]);
  assert.equal(await page.inputValue("#name"), "");
  // The server echoes the other fields, so a re-render keeps them.
  assert.equal(await page.isChecked("#agree"), true);
  assert.equal(await page.inputValue("#color"), "blue");

  await page.fill("#name", "second");
  await page.click("#save");
  await page.waitForFunction(() => document.querySelectorAll("#names li").length === 2);
  assert.deepEqual(await page.locator("#names li").allTextContents(), ["ab", "second"]);
  assert.deepEqual(errors, []);
});

test("/form: a too-short name is not saved", async (t) => {
  const { page, errors } = await openLiveView(t, "/form");
  await page.fill("#name", "x");
  await waitForText(page, "#name-error", "name is too short");
  await page.click("#save");
  // The submit's reply is in once the form's loading class is gone.
  await page.waitForSelector("#name-form:not(.phx-submit-loading)");
  assert.equal(await page.locator("#names li").count(), 0);
  assert.equal(await text(page, "#name-error"), "name is too short");
  assert.equal(await page.inputValue("#name"), "x");
  assert.deepEqual(errors, []);
});

test("/slow: the reply to #slow comes no sooner than 200 ms", async (t) => {
  const { page, errors } = await openLiveView(t, "/slow");
  assert.equal(await text(page, "#slow-count"), "0");
  const started = performance.now();
  await page.click("#slow");
  await waitForText(page, "#slow-count", "1");
  const elapsed = performance.now() - started;
  assert.ok(elapsed >= 200, `#slow-count changed after ${elapsed.toFixed(1)} ms`);
  await page.click("#slow");
  await waitForText(page, "#slow-count", "2");
  assert.deepEqual(errors, []);
});

test("/ticker: #tick advances by server pushes, at most every 500 ms", async (t) => {
  const { page, errors } = await openLiveView(t, "/ticker");
  const first = Number(await text(page, "#tick"));
  const started = performance.now();
  // Four more ticks take three whole 500 ms periods at least; waiting for
  // them fails with Playwright's timeout if the pushes stop.
  await page.waitForFunction(
    (want) => Number(document.querySelector("#tick").textContent) >= want,
    first + 4,
  );
  const elapsed = performance.now() - started;
  assert.ok(elapsed >= 1400, `4 ticks arrived in ${elapsed.toFixed(0)} ms`);
  assert.deepEqual(errors, []);
});

test("/ticker: the HTTP render starts at 0 and pushes start on join", async () => {
  const body = await (await fetch(`${base}/ticker`)).text();
  assert.match(body, /<span id="tick">0<\/span>/);
});

test("/nav: live patch to page b, live navigate to /nav/other and back", async (t) => {
  const { page, errors } = await openLiveView(t, "/nav");
  // A full page load would drop this mark; live navigation keeps it.
  await page.evaluate(() => {
    window.stillSamePage = true;
  });
  assert.equal(await text(page, "#page"), "a");
  await page.click("#patch-link");
  await waitForText(page, "#page", "b");
  assert.equal(new URL(page.url()).pathname + new URL(page.url()).search, "/nav?page=b");

  await page.click("#navigate-link");
  await page.waitForSelector("#other");
  await page.waitForSelector(CONNECTED);
  assert.equal(new URL(page.url()).pathname, "/nav/other");

  await page.click("#back-link");
  await page.waitForSelector("#page");
  await page.waitForSelector(CONNECTED);
  assert.equal(new URL(page.url()).pathname, "/nav");
  assert.equal(await text(page, "#page"), "a");
  assert.equal(await page.evaluate(() => window.stillSamePage), true);

  // Both live navigations pushed history entries: going back live-navigates
  // to /nav/other again.
  await page.goBack();
  await page.waitForSelector("#other");
  assert.equal(new URL(page.url()).pathname, "/nav/other");
  assert.equal(await page.evaluate(() => window.stillSamePage), true);
  assert.deepEqual(errors, []);
});

test("/health answers 200 ok in plain text", async (t) => {
  const context = await browser.newContext();
  t.after(() => context.close());
  const response = await context.request.get(`${base}/health`);
  assert.equal(response.status(), 200);
  assert.match(response.headers()["content-type"], /^text\/plain/);
  assert.equal(await response.text(), "ok");
});

test("SIGTERM stops the server cleanly", async () => {
  const { code, signal } = await server.stop();
  assert.equal(signal, null);
  assert.equal(code, 0);
});
