// The committed template is the build of the committed sources, and is safe to insert into.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { sourcesDigest } from "../testlib/sources.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const template = readFileSync(join(here, "../dist/report-template.html"), "utf8");

test("dist/report-template.html is built from the current sources (else run `npm run build`)", () => {
  const m = /<meta name="liveload-template-sources" content="([^"]+)">/.exec(template);
  assert.ok(m, "the template names the digest of its sources");
  assert.equal(m[1], sourcesDigest(), "the sources changed since the template was built");
});

test("holds the data marker once, inside its data element, and two script elements", () => {
  assert.equal(template.split("@@LIVELOAD_REPORT_DATA@@").length, 2);
  assert.match(
    template,
    /<script id="liveload-data" type="application\/octet-stream">@@LIVELOAD_REPORT_DATA@@<\/script>/,
  );
  assert.equal(template.match(/<script/g).length, 2);
  assert.equal(template.match(/<\/script/g).length, 2);
});

test("its content security policy allows nothing from the network and only its own inline code", () => {
  const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(template)[1];
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'sha256-[^']+';/);
  assert.doesNotMatch(csp, /unsafe|https?:|\*/);
  assert.doesNotMatch(template, /\b(src|href)="(https?:)?\/\//);
});
