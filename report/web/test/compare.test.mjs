// The comparison page in real Chromium: two runs made by the C++ side, the second slower.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { launch, openReport } from "../testlib/browser.mjs";
import { makeFixtures, screenshotPath } from "../testlib/fixtures.mjs";
import { chartsDrawn, rowCells } from "../testlib/page.mjs";

let fixtures;
let browser;

before(async () => {
  fixtures = makeFixtures();
  browser = await launch();
});

after(() => browser?.close());

function total(doc, name) {
  return doc.metrics.find((m) => m.name === name && Object.keys(m.tags).length === 0).total;
}

// formatChange of the page, written out: one decimal, a sign, "±0.0%" within 0.05%.
function percent(base, value) {
  const pct = ((value - base) / base) * 100;
  if (Math.abs(pct) < 0.05) return "±0.0%";
  return `${pct > 0 ? "+" : ""}${pct.toFixed(1)}%`;
}

test("shows each metric's quantiles side by side with the change against the first run", async (t) => {
  const { page, context, seen } = await openReport(browser, fixtures.path("compare.html"));
  t.after(() => context.close());
  const a = fixtures.json("small.json");
  const b = fixtures.json("other.json");
  assert.equal(await page.locator("table[data-table=runs] tbody tr").count(), 2);
  assert.equal(
    await page.locator('table[data-table=runs] tr[data-run="1"] td').first().textContent(),
    "other.json",
  );

  const rows = await page.evaluate(() =>
    [...document.querySelectorAll("table[data-table=compare] tbody tr")].map(
      (r) => r.dataset.metric,
    ),
  );
  assert.ok(rows.includes("iteration.duration") && rows.includes("liveview.join"));
  for (const q of ["p50", "p95", "p99"]) {
    const change = await page.locator(
      `table[data-table=compare] tr[data-metric="iteration.duration"] td[data-col="${q}:1"] .change`,
    );
    const base = total(a, "iteration.duration")[q];
    const value = total(b, "iteration.duration")[q];
    assert.equal(await change.textContent(), percent(base, value), q);
    // The second run is slower, so its timings are worse.
    assert.ok(value > base * 1.02);
    assert.match(await change.getAttribute("class"), /\bworse\b/);
  }
  const cells = await rowCells(page, "compare", "iteration.duration", undefined);
  assert.equal(cells["count:0"], String(total(a, "iteration.duration").count));

  for (const c of await chartsDrawn(page)) assert.ok(c.drawn, `chart ${c.id} drew nothing`);
  await page.screenshot({ path: screenshotPath("compare-light.png"), fullPage: true });
  assert.deepEqual(seen.errors, []);
  assert.deepEqual(seen.requests, []);
});

test("overlays the runs on a time axis from each run's start", async (t) => {
  const { page, context } = await openReport(browser, fixtures.path("compare.html"), {
    colorScheme: "dark",
  });
  t.after(() => context.close());
  const series = await page.evaluate(() =>
    document
      .querySelector('[data-chart="iteration.duration"]')
      .parentElement.chart.series.slice(1)
      .map((s) => s.label),
  );
  assert.deepEqual(series, ["A small.json", "B other.json"]);
  const x = await page.evaluate(
    () => document.querySelector('[data-chart="users"]').parentElement.chart.data[0],
  );
  assert.equal(x[0], 0);
  await page.screenshot({ path: screenshotPath("compare-dark.png"), fullPage: true });
});
