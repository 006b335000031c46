// Imports a TypeScript module of src/ in node, bundled on the fly by esbuild, so that unit
// tests run the very code the page runs.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as esbuild from "esbuild";

const src = join(dirname(fileURLToPath(import.meta.url)), "../src");

export async function importTs(name) {
  const result = await esbuild.build({
    entryPoints: [join(src, name)],
    bundle: true,
    format: "esm",
    platform: "neutral",
    write: false,
  });
  const file = join(mkdtempSync(join(tmpdir(), "liveload-ts-")), name.replace(/\.ts$/, ".mjs"));
  writeFileSync(file, result.outputFiles[0].text);
  return import(pathToFileURL(file).href);
}
