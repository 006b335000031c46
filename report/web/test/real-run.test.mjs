// Reports of real runs: the demo LiveView application (demo/) on loopback, loaded by `liveload
// run` with real Chromium users, then `liveload report` and `liveload compare` on the results.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { startServer } from "../../../demo/testlib/server.mjs";
import { launch, openReport } from "../testlib/browser.mjs";
import { LIVELOAD_BIN, makeFixtures, requireBinary, screenshotPath } from "../testlib/fixtures.mjs";
import { assertTablesMatchMarkdown, chartsDrawn, expandAll } from "../testlib/page.mjs";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
let server;
let browser;
let out;

function liveload(...args) {
  const r = spawnSync(LIVELOAD_BIN, args, { cwd: repo, encoding: "utf8", timeout: 240000 });
  assert.ok(
    r.status === 0 || r.status === 1,
    `liveload ${args.join(" ")}: exit ${r.status}\n${r.stderr}`,
  );
  return r;
}

function run(scenario, name, ...options) {
  const dir = join(out, name);
  liveload("run", `examples/${scenario}.lua`, "--target", base, "--out", dir, "-q", ...options);
  liveload("report", join(dir, "result.json"));
  return dir;
}

let base;
before(async () => {
  requireBinary(LIVELOAD_BIN, "liveload");
  out = mkdtempSync(join(makeFixtures().dir, "real-"));
  server = startServer();
  base = await server.ready;
  browser = await launch();
});

after(async () => {
  await browser?.close();
  if (server && (await Promise.race([server.exited, null])) === null) await server.stop();
});

async function check(t, dir, screenshot) {
  const { page, context, seen } = await openReport(browser, join(dir, "report.html"));
  t.after(() => context.close());
  for (const c of await chartsDrawn(page)) assert.ok(c.drawn, `chart ${c.id} drew nothing`);
  await expandAll(page);
  const rows = await assertTablesMatchMarkdown(page, readFileSync(join(dir, "report.md"), "utf8"));
  assert.ok(rows >= 4, `only ${rows} rows of timings`);
  await page.screenshot({ path: screenshotPath(screenshot), fullPage: true });
  assert.deepEqual(seen.errors, []);
  assert.deepEqual(seen.requests, []);
  return page;
}

test("the counter scenario's report draws every chart and shows report.md's figures", async (t) => {
  const dir = run("counter", "counter", "--users", "3", "--iterations", "2");
  const page = await check(t, dir, "real-counter.png");
  const result = JSON.parse(readFileSync(join(dir, "result.json"), "utf8"));
  const ok = result.run.summary.iterations_ok;
  assert.equal(ok, 6);
  assert.match(await page.locator('[data-card="iterations"]').textContent(), /6 ok · 0 failed/);
  assert.ok(await page.locator('tr[data-metric="liveview.join"]').count());
});

test("a failing scenario's report lists its failures with their messages", async (t) => {
  const dir = run("failing", "failing", "--users", "2", "--iterations", "3");
  const page = await check(t, dir, "real-failing.png");
  const result = JSON.parse(readFileSync(join(dir, "result.json"), "utf8"));
  assert.ok(result.failures.length > 0);
  const first = result.failures[0];
  const row = page.locator("table[data-table=failures] tbody tr[data-failure]").first();
  assert.equal(await row.locator("td.num").first().textContent(), String(first.count));
  await row.locator("button.expand").click();
  assert.equal(
    await page.locator("section#failures pre.message").first().textContent(),
    first.samples[0].message,
  );
});

test("compare puts the two real runs side by side", async (t) => {
  const target = join(out, "compare.html");
  liveload(
    "compare",
    join(out, "counter", "result.json"),
    join(out, "failing", "result.json"),
    "-o",
    target,
  );
  const { page, context, seen } = await openReport(browser, target);
  t.after(() => context.close());
  assert.equal(await page.locator("table[data-table=runs] tbody tr").count(), 2);
  for (const c of await chartsDrawn(page)) assert.ok(c.drawn, `chart ${c.id} drew nothing`);
  assert.deepEqual(seen.errors, []);
});
