// `liveload report` and `liveload compare` end to end: the pages they write, and a clear error
// with exit code 2 for every kind of bad result file.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { before, test } from "node:test";
import { LIVELOAD_BIN, makeFixtures, requireBinary } from "../testlib/fixtures.mjs";

let fixtures;

before(() => {
  requireBinary(LIVELOAD_BIN, "liveload");
  fixtures = makeFixtures();
});

function liveload(...args) {
  const r = spawnSync(LIVELOAD_BIN, args, { encoding: "utf8", timeout: 60000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function dataOf(page) {
  return /<script id="liveload-data" type="application\/octet-stream">([^<]*)<\/script>/.exec(
    page,
  )?.[1];
}

test("report writes report.html next to the result by default and prints its path", () => {
  const r = liveload("report", fixtures.path("small.json"));
  assert.equal(r.code, 0, r.err);
  const written = join(fixtures.dir, "report.html");
  assert.equal(r.out.trim(), written);
  const page = readFileSync(written, "utf8");
  assert.match(dataOf(page), /^[A-Za-z0-9+/]+=*$/);
  // The same data as the page the library writes for the same document.
  assert.equal(page, readFileSync(fixtures.path("small.html"), "utf8"));
});

test("report -o writes where it is told", () => {
  const out = join(fixtures.dir, "elsewhere.html");
  const r = liveload("report", fixtures.path("other.json"), "-o", out);
  assert.equal(r.code, 0, r.err);
  assert.equal(r.out.trim(), out);
  assert.ok(statSync(out).size > 50_000);
});

test("a missing, empty, truncated, garbage or foreign result file is exit 2 naming the file", () => {
  const cases = [
    ["missing.json", /missing\.json: cannot read it: No such file/],
    ["empty.json", /empty\.json: it is empty/],
    ["truncated.json", /truncated\.json: not valid JSON at byte \d+.*looks truncated/],
    ["garbage.json", /garbage\.json: not valid JSON/],
    ["wrong-schema.json", /wrong-schema\.json: not a LiveLoad result: schema is "k6\.summary"/],
  ];
  for (const [name, message] of cases) {
    const out = join(fixtures.dir, `${name}.html`);
    const r = liveload("report", fixtures.path(name), "-o", out);
    assert.equal(r.code, 2, `${name}: ${r.err}`);
    assert.match(r.err, message, name);
    assert.equal(r.out, "", name);
    assert.equal(existsSync(out), false, `${name}: a page was written`);
  }
});

test("compare writes one page of all runs and refuses a bad file before writing anything", () => {
  const out = join(fixtures.dir, "cmp.html");
  const r = liveload(
    "compare",
    fixtures.path("small.json"),
    fixtures.path("other.json"),
    "-o",
    out,
  );
  assert.equal(r.code, 0, r.err);
  assert.equal(r.out.trim(), out);
  assert.ok(dataOf(readFileSync(out, "utf8")).length > 1000);

  const bad = join(fixtures.dir, "cmp-bad.html");
  const failed = liveload(
    "compare",
    fixtures.path("small.json"),
    fixtures.path("truncated.json"),
    "-o",
    bad,
  );
  assert.equal(failed.code, 2);
  assert.match(failed.err, /truncated\.json/);
  assert.equal(existsSync(bad), false);

  const one = liveload("compare", fixtures.path("small.json"));
  assert.equal(one.code, 2);
  assert.match(one.err, /results/);
});

test("a page that cannot be written names the path", () => {
  const out = join(fixtures.dir, "no-such-dir", "report.html");
  const r = liveload("report", fixtures.path("small.json"), "-o", out);
  assert.notEqual(r.code, 0);
  assert.match(r.err, /no-such-dir\/report\.html/);
});
