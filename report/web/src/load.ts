// Reads the data the C++ side put into the page: base64 of gzip of JSON, inflated by the
// browser's own DecompressionStream, so the page carries no decompressor.
import { base64Bytes } from "./base64";
import type { ReportData } from "./types";

export class LoadError extends Error {}

async function inflate(bytes: Uint8Array): Promise<string> {
  if (typeof DecompressionStream === "undefined") {
    throw new LoadError(
      "This browser cannot decompress the report's data (no DecompressionStream).",
    );
  }
  const stream = new Blob([bytes as BlobPart])
    .stream()
    .pipeThrough(new DecompressionStream("gzip"));
  return new Response(stream).text();
}

export async function loadData(): Promise<ReportData> {
  const holder = document.getElementById("liveload-data");
  const text = holder?.textContent?.trim() ?? "";
  // The template's placeholder starts with "@@", which base64 never holds. (Spelling the
  // placeholder out here would put a second one into the template.)
  if (text === "" || text.startsWith("@@")) {
    throw new LoadError(
      "This page is the report template and holds no data. Build a report with " +
        "`liveload report result.json`.",
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(await inflate(base64Bytes(text)));
  } catch (e) {
    throw new LoadError(`The report's data is damaged: ${(e as Error).message}`);
  }
  const d = data as Partial<ReportData>;
  if (d.format !== "liveload.report-data" || d.version !== 1 || !Array.isArray(d.runs)) {
    throw new LoadError("The report's data is not in a form this page reads.");
  }
  return d as ReportData;
}
