// The page formats figures exactly as src/report/format.cpp does (the report test compares
// whole tables with report.md; these are the edges).
import assert from "node:assert/strict";
import { before, test } from "node:test";
import { importTs } from "../testlib/ts.mjs";

let f;
before(async () => {
  f = await importTs("format.ts");
});

test("rounds exact halves to even like fmt, not up like toFixed", () => {
  assert.equal(f.fixed(2.5, 0), "2");
  assert.equal(f.fixed(3.5, 0), "4");
  assert.equal(f.fixed(0.25, 1), "0.2");
  assert.equal(f.fixed(0.125, 2), "0.12");
  assert.equal(f.fixed(1.005, 2), (1.005).toFixed(2)); // not an exact half in binary
});

test("durations, sizes and counts read like report.md's", () => {
  assert.equal(f.formatValue(850, "us"), "850 us");
  assert.equal(f.formatValue(12_345, "us"), "12.3 ms");
  assert.equal(f.formatValue(1_500_000, "us"), "1.50 s");
  assert.equal(f.formatValue(12_000_000, "us"), "12.0 s");
  assert.equal(f.formatValue(512, "bytes"), "512 B");
  assert.equal(f.formatValue(1536, "bytes"), "1.50 KiB");
  assert.equal(f.formatValue(42, "count"), "42");
  assert.equal(f.formatValue(2.5, "count"), "2.50");
  assert.equal(f.formatValue(null, "us"), "-");
  assert.equal(f.formatRunDuration(120_000_000), "2m 00s");
  assert.equal(f.formatRunDuration(3_725_000_000), "1h 02m 05s");
  assert.equal(f.formatDuration(5_000_000), "5s");
  assert.equal(f.formatDuration(150_000_000), "2m30s");
  assert.equal(f.formatPercent(34, 780), "4.4%");
  assert.equal(f.formatChange(0.1234), "+12.3%");
  assert.equal(f.formatChange(-0.05), "-5.0%");
});
