// One headless Chromium for a test file, with the flags this machine needs, and a page that
// records every console error, page error and network request it sees.
import { chromium } from "playwright-core";

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export function launch() {
  return chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
}

// Opens a report file; `seen` collects what a report must never do.
export async function openReport(
  browser,
  file,
  { width = 1400, height = 900, colorScheme = "light" } = {},
) {
  const context = await browser.newContext({ viewport: { width, height }, colorScheme });
  const page = await context.newPage();
  const seen = { errors: [], requests: [], dialogs: [] };
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning")
      seen.errors.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => seen.errors.push(`pageerror: ${e.message}`));
  page.on("dialog", async (d) => {
    seen.dialogs.push(d.message());
    await d.dismiss();
  });
  // Every request but the file itself: a report must load nothing.
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url !== `file://${file}`) seen.requests.push(url);
    if (url.startsWith("file://") && url === `file://${file}`) return route.continue();
    return route.abort();
  });
  await page.goto(`file://${file}`);
  await page.waitForFunction(() => document.documentElement.dataset.ready !== undefined, null, {
    timeout: 30000,
  });
  return { context, page, seen };
}
