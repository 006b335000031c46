// The page's DDSketch decoder against sketches the C++ side encoded: same fields, same bins,
// same quantiles, same merges, and the same refusals of broken encodings.
import assert from "node:assert/strict";
import { before, test } from "node:test";
import { makeFixtures } from "../testlib/fixtures.mjs";
import { importTs } from "../testlib/ts.mjs";

let sketch;
let cases;

before(async () => {
  sketch = await importTs("sketch.ts");
  cases = makeFixtures().json("sketches.json");
});

// exp() and log() of node and of glibc may differ in the last bit.
function close(actual, expected, what) {
  if (expected === null) return assert.ok(Number.isNaN(actual), `${what}: ${actual} is not NaN`);
  const tolerance = Math.abs(expected) * 1e-12;
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} != ${expected}`);
}

function check(decoded, expected) {
  const name = expected.name;
  for (const key of ["alpha", "count", "sum", "min", "max"]) {
    assert.equal(
      decoded[key === "zero_count" ? "zeroCount" : key],
      expected[key],
      `${name}.${key}`,
    );
  }
  assert.equal(decoded.zeroCount, expected.zero_count, `${name}.zero_count`);
  assert.equal(decoded.maxBins, expected.max_bins, `${name}.max_bins`);
  assert.equal(decoded.collapsed, expected.collapsed, `${name}.collapsed`);
  assert.deepEqual(decoded.bins, expected.bins, `${name}.bins`);
  if (expected.bins.length) assert.equal(decoded.offset, expected.offset, `${name}.offset`);
  for (const { q, value } of expected.quantiles)
    close(sketch.quantile(decoded, q), value, `${name} q=${q}`);
}

test("decodes every sketch the C++ side encoded to the same fields, bins and quantiles", () => {
  assert.ok(cases.cases.length >= 6);
  for (const c of cases.cases) check(sketch.sketchFromBase64(c.base64), c);
});

test("a collapsed store keeps its flag and its folded lowest bin", () => {
  const c = cases.cases.find((x) => x.name === "collapsed");
  const decoded = sketch.sketchFromBase64(c.base64);
  assert.equal(decoded.collapsed, true);
  assert.ok(decoded.bins.length <= decoded.maxBins);
});

test("merging two decoded sketches gives what the C++ merge gives, folding included", () => {
  for (const m of cases.merges) {
    const merged = sketch.mergeSketches(sketch.sketchFromBase64(m.a), sketch.sketchFromBase64(m.b));
    check(merged, m.merged);
  }
  assert.equal(cases.merges.at(-1).merged.collapsed, true, "the last merge must fold bins");
});

test("refuses truncated, foreign and padded encodings with the reason", () => {
  const [truncated, magic, stray] = cases.corrupt;
  assert.throws(() => sketch.sketchFromBase64(truncated), /truncated|do not fit/);
  assert.throws(() => sketch.sketchFromBase64(magic), /bad magic/);
  assert.throws(() => sketch.sketchFromBase64(stray), /stray bytes/);
  assert.throws(() => sketch.sketchFromBase64("not base64!"), /base64/);
  assert.throws(() => sketch.sketchFromBase64(""), /truncated/);
});

test("merging sketches of different accuracies is refused", () => {
  const a = sketch.emptySketch(0.01);
  const b = { ...sketch.emptySketch(0.02), count: 1, bins: [1], min: 1, max: 1, sum: 1 };
  assert.throws(() => sketch.mergeSketches(a, b), /relative accuracy/);
});
