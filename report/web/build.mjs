// Builds dist/report-template.html: the TypeScript bundle, the styles and uPlot's styles
// inlined into src/page.html, with a content security policy that allows exactly these two
// inline blocks and nothing from the network. The C++ side replaces the data marker.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import { sourcesDigest } from "./testlib/sources.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const MARKER = "@@LIVELOAD_REPORT_DATA@@";

const bundle = await esbuild.build({
  entryPoints: [join(here, "src/main.ts")],
  bundle: true,
  minify: true,
  format: "iife",
  target: ["chrome111", "firefox113", "safari16.4"],
  legalComments: "none",
  charset: "utf8",
  write: false,
});
const script = bundle.outputFiles[0].text.trim();
const style = [
  readFileSync(join(here, "node_modules/uplot/dist/uPlot.min.css"), "utf8"),
  readFileSync(join(here, "src/styles.css"), "utf8"),
].join("\n");

// Inline blocks end at the first "</script" or "</style"; none may appear inside them.
for (const [name, text, end] of [
  ["script", script, "</script"],
  ["style", style, "</style"],
]) {
  if (text.toLowerCase().includes(end) || text.includes("<!--")) {
    throw new Error(`the inline ${name} holds ${end} or <!--`);
  }
  if (text.includes(MARKER)) throw new Error(`the inline ${name} holds the data marker`);
}

const sha = (text) => `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;
const csp =
  `default-src 'none'; script-src ${sha(script)}; style-src ${sha(style)}; ` +
  "base-uri 'none'; form-action 'none'";

const page = readFileSync(join(here, "src/page.html"), "utf8")
  .replace("{{CSP}}", csp)
  .replace("{{SOURCES}}", sourcesDigest())
  .replace("{{STYLE}}", () => style)
  .replace("{{SCRIPT}}", () => script);
if (page.split(MARKER).length !== 2)
  throw new Error("the page must hold the data marker exactly once");

mkdirSync(join(here, "dist"), { recursive: true });
writeFileSync(join(here, "dist/report-template.html"), page);
console.log(`dist/report-template.html: ${page.length} bytes`);
