// The digest of everything the template is built from, written into the template by build.mjs
// and checked by test/template.test.mjs, so that a committed template older than its sources
// fails a test (a digest, not file times, which a git checkout does not keep).
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)],
  );
}

export function sourcesDigest() {
  const inputs = [
    ...files(join(root, "src")),
    join(root, "build.mjs"),
    join(root, "package-lock.json"),
    join(root, "testlib/sources.mjs"),
  ].sort();
  const hash = createHash("sha256");
  for (const file of inputs) {
    hash.update(relative(root, file).split("\\").join("/"));
    hash.update("\0");
    hash.update(readFileSync(file));
    hash.update("\0");
  }
  return `sha256:${hash.digest("hex")}`;
}
