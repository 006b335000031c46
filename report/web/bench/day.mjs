// The report's size and speed on a long run: a synthetic 24-hour result (17,280 buckets of 5 s,
// 30 metrics of 10 tag values, every bucket filled), rendered by report_fixtures --day, then
// opened in headless Chromium until every chart is drawn. Prints one line per opening.
//   node bench/day.mjs [DIR]     (needs LIVELOAD_REPORT_FIXTURES or ../../build/report_fixtures)
import { execFileSync } from "node:child_process";
import { mkdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launch, openReport } from "../testlib/browser.mjs";
import { FIXTURES_BIN, requireBinary } from "../testlib/fixtures.mjs";

const dir = process.argv[2] ?? join(tmpdir(), "liveload-day");
const file = join(dir, "day.html");
requireBinary(FIXTURES_BIN, "report_fixtures");
mkdirSync(dir, { recursive: true });
const started = Date.now();
execFileSync(FIXTURES_BIN, ["--day", dir], { stdio: ["ignore", "inherit", "inherit"] });
console.log(
  `generated and rendered in ${((Date.now() - started) / 1000).toFixed(1)} s; ` +
    `day.html is ${(statSync(file).size / 1e6).toFixed(2)} MB`,
);

const browser = await launch();
for (let i = 1; i <= 3; i++) {
  const { page, context, seen } = await openReport(browser, file);
  const r = await page.evaluate(() => ({
    ready: window.liveloadReady,
    charts: document.querySelectorAll(".chart").length,
    points: document.querySelector("#over-time .chart-holder").chart.data[0].length,
  }));
  console.log(
    `opening ${i}: ${r.charts} charts of ${r.points} points drawn ${r.ready.toFixed(0)} ms after ` +
      `navigation start; ${seen.errors.length} errors, ${seen.requests.length} requests`,
  );
  await context.close();
}
await browser.close();
