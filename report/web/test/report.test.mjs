// The report of one run in real Chromium: a synthetic two-node run made by the C++ side, with
// hostile strings in every place the target can put text.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { launch, openReport } from "../testlib/browser.mjs";
import { makeFixtures, screenshotPath } from "../testlib/fixtures.mjs";
import { histogramRows, markdownLine } from "../testlib/markdown.mjs";
import { assertTablesMatchMarkdown, chartsDrawn, expandAll, rowCells } from "../testlib/page.mjs";

let fixtures;
let browser;
let result;

before(async () => {
  fixtures = makeFixtures();
  result = fixtures.json("small.json");
  browser = await launch();
});

after(() => browser?.close());

async function open(t, options) {
  const opened = await openReport(browser, fixtures.path("small.html"), options);
  t.after(() => opened.context.close());
  return opened;
}

function metric(doc, name, tags = {}) {
  return doc.metrics.find(
    (m) => m.name === name && JSON.stringify(m.tags) === JSON.stringify(tags),
  );
}

test("draws every chart, logs no error and makes no network request", async (t) => {
  const { page, seen } = await open(t);
  assert.equal(await page.evaluate(() => document.documentElement.dataset.ready), "true");
  const charts = await chartsDrawn(page);
  assert.ok(charts.length >= 12, `only ${charts.length} charts`);
  for (const c of charts) assert.ok(c.drawn, `chart ${c.id} drew nothing: ${JSON.stringify(c)}`);
  await page.screenshot({ path: screenshotPath("report-light.png"), fullPage: true });
  assert.deepEqual(seen.errors, []);
  assert.deepEqual(seen.requests, []);
  assert.deepEqual(seen.dialogs, []);
});

test("the tables show every figure report.md shows, as the same text", async (t) => {
  const { page } = await open(t);
  await expandAll(page);
  const md = fixtures.text("small.md");
  await assertTablesMatchMarkdown(page, md);
  const card = (id) => page.locator(`[data-card="${id}"]`).textContent();
  const iterations = markdownLine(md, "Iterations");
  const [, ok, failed, rate] = /\*\* (\S+) ok, (\S+) failed \(failure rate (\S+)\)/.exec(
    iterations,
  );
  assert.match(await card("iterations"), new RegExp(`${ok} ok · ${failed} failed`));
  assert.match(await card("failure-rate"), new RegExp(`^Failure rate${rate.replace(".", "\\.")}`));
  assert.match(
    await card("users"),
    new RegExp(`^Users${/\*\* (\S+)/.exec(markdownLine(md, "Users started"))[1]}started`),
  );
  assert.match(
    markdownLine(md, "Started"),
    new RegExp(`duration\\*\\* ${await page.locator('[data-fact="duration"] dd').textContent()}`),
  );
  assert.match(
    markdownLine(md, "Nodes"),
    new RegExp(`bucket width\\*\\* ${(await card("bucket")).match(/^Bucket width(\S+?)one/)[1]}`),
  );
});

test("strings from the target render as text, never as markup", async (t) => {
  const { page, seen } = await open(t);
  await expandAll(page);
  await expandAll(page, "section#failures");
  assert.equal(await page.locator("h1").textContent(), "checkout <script>alert(1)</script>");
  assert.equal(
    await page.locator("[data-field=target]").textContent(),
    "http://127.0.0.1:4000/?q=</script><script>window.__xss=2</script>",
  );
  const state = await page.evaluate(() => ({
    xss: window.__xss,
    scripts: document.scripts.length,
    images: document.images.length,
    handlers: [...document.querySelectorAll("*")].filter((e) =>
      [...e.attributes].some((a) => a.name.startsWith("on")),
    ).length,
  }));
  assert.deepEqual(state, { xss: undefined, scripts: 2, images: 0, handlers: 0 });
  // A right-to-left override shows as its code point instead of reversing what follows.
  const event = await page
    .locator('tr[data-metric="liveview.event"][data-tags^="event=\u202E"] .tags')
    .textContent();
  assert.equal(event, "event=[U+202E]gnp.exe[U+202C]");
  const message = await page
    .locator("section#failures pre.message", { hasText: "line two" })
    .first()
    .textContent();
  assert.equal(
    message,
    "[U+202E]gnp.exe[U+202C]\nline two </script><script>window.__xss=2</script> " +
      "<script>alert(1)</script> on node-a",
  );
  assert.ok(
    await page
      .locator("section#failures td.target", { hasText: '"><img src=x onerror="window.__xss=1">' })
      .count(),
  );
  const node = result.nodes[1].id;
  assert.equal(await page.locator(`tr[data-node-row="${node}"] th`).textContent(), node);
  assert.deepEqual(seen.dialogs, []);
  assert.deepEqual(seen.errors, []);
});

test("choosing a node filters the whole page to it, and all nodes come back", async (t) => {
  const { page } = await open(t);
  const node = result.nodes[1];
  const iterations = (res) =>
    node.metrics.find((m) => m.name === "iterations" && m.tags.result === res).total.value;
  await page.locator(`button[data-node="${node.id}"]`).click();
  await page.waitForSelector("[data-filter]");
  assert.equal(await page.locator("[data-filter] strong").textContent(), node.id);
  assert.match(
    await page.locator('[data-card="iterations"]').textContent(),
    new RegExp(`${iterations("ok")} ok · ${iterations("failed")} failed`),
  );
  const own = metric(node, "iteration.duration").total.count;
  assert.equal((await rowCells(page, "steps", "iteration.duration", ""))?.count, String(own));
  assert.equal(
    await page.locator(`button[data-node="${node.id}"]`).getAttribute("aria-pressed"),
    "true",
  );
  for (const c of await chartsDrawn(page))
    assert.ok(c.drawn, `chart ${c.id} drew nothing for the node`);
  await page.screenshot({ path: screenshotPath("report-node-filter.png") });

  await page.locator("[data-action=all-nodes]").click();
  await page.waitForFunction(() => !document.querySelector("[data-filter]"));
  assert.equal(
    (await rowCells(page, "steps", "iteration.duration", ""))?.count,
    String(metric(result, "iteration.duration").total.count),
  );
});

test("a metric expands into its tag values; headings sort, from the keyboard too", async (t) => {
  const { page } = await open(t);
  const toggle = page.locator(
    'table[data-table="liveview"] tr[data-metric="liveview.join"] button.expand',
  );
  assert.equal(await page.locator('table[data-table="liveview"] tr.child').count(), 0);
  await toggle.focus();
  await page.keyboard.press("Enter");
  const children = page.locator('table[data-table="liveview"] tr.child');
  assert.equal(await children.count(), 2);
  assert.deepEqual(await children.evaluateAll((rows) => rows.map((r) => r.dataset.tags)), [
    'path=/"><img src=x onerror="window.__xss=1">',
    "path=/counter",
  ]);

  const sortBy = async (title) => {
    const button = page.locator('table[data-table="steps"] thead button', { hasText: title });
    await button.focus();
    await page.keyboard.press("Enter");
  };
  const order = () =>
    page
      .locator('table[data-table="steps"] tbody tr:not(.child)')
      .evaluateAll((rows) => rows.map((r) => r.dataset.metric));
  const micros = (text) => {
    const [, n, unit] = /^([\d.]+) (us|ms|s)$/.exec(text);
    return Number(n) * { us: 1, ms: 1e3, s: 1e6 }[unit];
  };
  const p95s = () =>
    page
      .locator('table[data-table="steps"] tbody tr:not(.child) td[data-col="p95"]')
      .evaluateAll((cells) => cells.map((c) => c.textContent));
  await sortBy("p95");
  const descending = await order();
  const values = (await p95s()).map(micros);
  assert.deepEqual(
    values,
    [...values].sort((a, b) => b - a),
    `sorted by p95: ${await p95s()}`,
  );
  assert.equal(descending.length, 3);
  await sortBy("p95");
  assert.deepEqual(await order(), [...descending].reverse());
  assert.equal(
    await page.locator('table[data-table="steps"] th[aria-sort="ascending"]').count(),
    1,
  );
});

test("the distribution view draws the stored sketch with p50, p95 and p99", async (t) => {
  const { page } = await open(t);
  const stat = (name) =>
    page.locator(`[data-distribution-stats] [data-stat="${name}"] dd`).textContent();
  const total = metric(result, "iteration.duration").total;
  const md = histogramRows(fixtures.text("small.md")).find((r) => r[0] === "iteration.duration");
  assert.equal(await stat("count"), String(total.count));
  assert.equal(await stat("p95"), md[4]);
  assert.equal(await stat("p99"), md[5]);
  await page.selectOption("#distribution-metric", { label: "liveview.join — all tag values" });
  const all = histogramRows(fixtures.text("small.md")).find(
    (r) => r[0] === "liveview.join" && r[1] === "all",
  );
  assert.equal(await stat("count"), all[2]);
  assert.equal(await stat("p50"), all[3]);
  const drawn = await chartsDrawn(page);
  assert.ok(
    drawn.find((c) => c.id === "cdf")?.drawn && drawn.find((c) => c.id === "histogram")?.drawn,
  );
  await page
    .locator("#distribution")
    .screenshot({ path: screenshotPath("report-distribution.png") });
});

test("the crosshair moves with the arrow keys and a drag zooms every chart", async (t) => {
  const { page } = await open(t);
  const chart = page.locator('[data-chart="iteration.duration"]');
  await chart.focus();
  await page.keyboard.press("End");
  const legend = () =>
    page.locator('[data-chart-card="step.duration"] .u-legend .u-series').first().textContent();
  assert.match(await legend(), /Time\+2m|Time\+1m55s/);
  await page.keyboard.press("ArrowLeft");
  assert.match(await legend(), /Time\+1m5\ds|Time\+1m50s/);

  await page.locator('[data-chart="throughput"]').scrollIntoViewIfNeeded();
  const box = await page.locator('[data-chart="throughput"] .u-over').boundingBox();
  await page.mouse.move(box.x + box.width * 0.25, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  const ranges = await page.evaluate(() =>
    [...document.querySelectorAll("#over-time .chart-holder")].map((h) => [
      h.chart.scales.x.min,
      h.chart.scales.x.max,
    ]),
  );
  assert.ok(ranges[0][1] - ranges[0][0] < 70, `zoomed to ${ranges[0]}`);
  for (const r of ranges) assert.deepEqual(r, ranges[0]);
  await page.keyboard.press("Escape");
  await chart.focus();
  await page.keyboard.press("Escape");
  const reset = await page.evaluate(
    () => document.querySelector("#over-time .chart-holder").chart.scales.x,
  );
  assert.equal(reset.max - reset.min, 120);
});

test("dark mode follows the system and the toggle, and the page prints without controls", async (t) => {
  const { page, seen } = await open(t, { colorScheme: "dark" });
  const background = () =>
    page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  assert.equal(await background(), "rgb(14, 17, 23)");
  await page.screenshot({ path: screenshotPath("report-dark.png"), fullPage: true });
  await page.locator("[data-action=theme]").click();
  await page.waitForFunction(() => document.documentElement.dataset.theme === "light");
  assert.equal(await background(), "rgb(245, 246, 248)");
  for (const c of await chartsDrawn(page))
    assert.ok(c.drawn, `chart ${c.id} after the theme switch`);

  await page.emulateMedia({ media: "print" });
  assert.equal(await page.locator(".toolbar").isVisible(), false);
  assert.equal(await page.locator("nav.sections").isVisible(), false);
  await page.screenshot({ path: screenshotPath("report-print.png"), fullPage: true });
  assert.deepEqual(seen.errors, []);
});
