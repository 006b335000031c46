// What the browser tests read off a report page.
import assert from "node:assert/strict";
import { counterRows, gaugeRows, histogramRows } from "./markdown.mjs";

// For every chart: whether its canvas holds pixels of the colour of a series that has data,
// which is what a drawn line or bar leaves and what axes and grid alone do not.
export function chartsDrawn(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll(".chart-holder")].map((holder) => {
      const chart = holder.chart;
      const id = holder.querySelector("[data-chart]")?.dataset.chart ?? "?";
      if (!chart) return { id, drawn: false, why: "no chart" };
      const canvas = holder.querySelector("canvas");
      const ctx = canvas.getContext("2d");
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
      const colours = chart.series
        .slice(1)
        .filter((s, i) => s.show && chart.data[i + 1].some((v) => v !== null))
        .map((s) => (typeof s.stroke === "function" ? s.stroke(chart, 1) : s.stroke));
      const wanted = colours.map((c) => [1, 3, 5].map((k) => parseInt(c.slice(k, k + 2), 16)));
      let hits = 0;
      for (let p = 0; p < data.length; p += 4) {
        if (data[p + 3] < 200) continue;
        if (
          wanted.some(
            ([r, g, b]) =>
              Math.abs(data[p] - r) + Math.abs(data[p + 1] - g) + Math.abs(data[p + 2] - b) < 40,
          )
        )
          hits++;
      }
      // One filled point of a run that fits in a single bucket leaves about 25.
      return { id, drawn: hits > 12, hits, series: colours.length };
    }),
  );
}

// The cells of the table rows of one metric: data-col -> text.
export function rowCells(page, table, metric, tags) {
  return page.evaluate(
    ([table, metric, tags]) => {
      const rows = [...document.querySelectorAll(`table[data-table="${table}"] tbody tr`)].filter(
        (r) => r.dataset.metric === metric && r.dataset.tags === tags,
      );
      if (rows.length !== 1) return null;
      return Object.fromEntries(
        [...rows[0].querySelectorAll("td[data-col]")].map((td) => [td.dataset.col, td.textContent]),
      );
    },
    [table, metric, tags],
  );
}

export async function expandAll(page, scope = "section#tables") {
  for (;;) {
    const closed = page.locator(`${scope} button.expand[aria-expanded="false"]`);
    if ((await closed.count()) === 0) return;
    await closed.first().click();
  }
}

// Every row of report.md's tables of histograms, counters and gauges is a row of the page with
// the same figures as the same text. Rows must be expanded (expandAll) first.
export async function assertTablesMatchMarkdown(page, md) {
  const timings = histogramRows(md);
  assert.ok(timings.length > 0, "report.md has timings");
  for (const [name, tags, count, p50, p95, p99, max, mean, tail] of timings) {
    const table = await page.evaluate(
      ([n, tg]) =>
        document
          .querySelector(`tr[data-metric="${CSS.escape(n)}"][data-tags="${CSS.escape(tg)}"]`)
          ?.closest("table")?.dataset.table,
      [name, tags],
    );
    const cells = await rowCells(page, table, name, tags);
    assert.deepEqual(cells, { count, p50, p95, p99, max, mean, tail }, `${name} {${tags}}`);
  }
  for (const [name, tags, value] of counterRows(md)) {
    assert.equal((await rowCells(page, "counters", name, tags))?.value, value, `${name} {${tags}}`);
  }
  for (const [name, tags, last, min, max] of gaugeRows(md)) {
    const cells = await rowCells(page, "gauges", name, tags);
    assert.deepEqual([cells?.last, cells?.min, cells?.max], [last, min, max], `${name} {${tags}}`);
  }
  return timings.length;
}
