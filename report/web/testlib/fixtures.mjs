// Makes the synthetic results the tests open, with the C++ side (report_fixtures, built by
// CMake), into a fresh folder; and names where screenshots go.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

export const FIXTURES_BIN =
  process.env.LIVELOAD_REPORT_FIXTURES ?? join(root, "build/report_fixtures");
export const LIVELOAD_BIN = process.env.LIVELOAD_BINARY ?? join(root, "build/liveload");
const OUT = process.env.LIVELOAD_REPORT_OUT ?? join(tmpdir(), "liveload-report-web");
export const SCREENSHOTS = process.env.LIVELOAD_SCREENSHOTS ?? join(OUT, "screenshots");

export function requireBinary(path, target) {
  if (!existsSync(path)) {
    throw new Error(
      `${path} does not exist: build it with \`cmake --build BUILD --target ${target}\`` +
        " and name it in the environment (see report/web/README.md)",
    );
  }
}

// A fresh folder with small.json/.md/.html, other.json/.html, compare.html, sketches.json and
// broken result files.
export function makeFixtures() {
  requireBinary(FIXTURES_BIN, "report_fixtures");
  mkdirSync(OUT, { recursive: true });
  const dir = mkdtempSync(join(OUT, "fixtures-"));
  // Removed when the test file ends, unless LIVELOAD_KEEP_FIXTURES asks to look at them.
  if (!process.env.LIVELOAD_KEEP_FIXTURES)
    process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
  execFileSync(FIXTURES_BIN, [dir], { stdio: ["ignore", "inherit", "inherit"] });
  return {
    dir,
    path: (name) => join(dir, name),
    json: (name) => JSON.parse(readFileSync(join(dir, name), "utf8")),
    text: (name) => readFileSync(join(dir, name), "utf8"),
  };
}

export function screenshotPath(name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return join(SCREENSHOTS, name);
}
