// The counter benchmark scenario written for Playwright, the way a Playwright
// user would write it: one browser, one context and page per user, each user
// looping over iterations of
//   goto /counter, wait for the LiveView to join (phx-connected), then 10 times:
//   read #count, click #inc, wait until #count changes, sleep 200 ms.
// Usage:
//   node bench/playwright_counter.mjs --target http://127.0.0.1:PORT --users N --duration SECONDS
// Prints one JSON line with the results on stdout. No new iteration starts
// after the duration; running ones may finish within a grace period, after
// which the browser is closed regardless.
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

// playwright-core is installed with the demo application, not at the root.
const demoDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "demo");
const { chromium } = createRequire(path.join(demoDir, "package.json"))("playwright-core");

const CHROMIUM = "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];
const CLICKS_PER_ITERATION = 10;
const THINK_MS = 200;
const STEP_TIMEOUT_MS = 30_000;
const GRACE_MS = 60_000;
const USAGE =
  "usage: node bench/playwright_counter.mjs --target http://127.0.0.1:PORT --users N " +
  "--duration SECONDS";

function fail(message) {
  process.stderr.write(`playwright_counter: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const values = {};
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    if (!["--target", "--users", "--duration"].includes(flag)) fail(`unknown argument ${argv[i]}`);
    const value = inline ?? argv[++i];
    if (value === undefined) fail(`${flag} needs a value`);
    values[flag.slice(2)] = value;
  }
  for (const name of ["target", "users", "duration"]) {
    if (values[name] === undefined) fail(`--${name} is required`);
  }
  let target;
  try {
    target = new URL(values.target);
  } catch {
    fail(`--target is not a URL: ${values.target}`);
  }
  if (target.protocol !== "http:" && target.protocol !== "https:") {
    fail(`--target must be http or https: ${values.target}`);
  }
  // The benchmark only ever loads a server started on this machine.
  if (!["127.0.0.1", "localhost", "[::1]"].includes(target.hostname)) {
    fail(`--target must be a loopback address, got ${target.hostname}`);
  }
  if (!/^[1-9]\d*$/.test(values.users)) fail(`--users must be a positive integer: ${values.users}`);
  const duration = Number(values.duration);
  if (!Number.isFinite(duration) || duration <= 0) {
    fail(`--duration must be a positive number of seconds: ${values.duration}`);
  }
  return { target: target.href.replace(/\/$/, ""), users: Number(values.users), duration };
}

// Nearest-rank quantile of an ascending array.
function quantile(sorted, q) {
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)];
}

const round = (v, digits) => (v === null ? null : Number(v.toFixed(digits)));

async function runUser(page, target, deadline, stats) {
  while (performance.now() < deadline) {
    try {
      await page.goto(`${target}/counter`);
      await page.waitForSelector("[data-phx-main].phx-connected");
      for (let i = 0; i < CLICKS_PER_ITERATION; i++) {
        const before = await page.textContent("#count");
        const started = performance.now();
        await page.click("#inc");
        await page.waitForFunction(
          (prev) => document.querySelector("#count")?.textContent !== prev,
          before,
        );
        stats.clickMs.push(performance.now() - started);
        await page.waitForTimeout(THINK_MS);
      }
      stats.iterations += 1;
    } catch (err) {
      if (stats.closing) return;
      stats.failed += 1;
      if (stats.firstError === undefined) stats.firstError = err.message.split("\n")[0];
    }
  }
}

async function main() {
  const { target, users, duration } = parseArgs(process.argv.slice(2));
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const stats = { iterations: 0, failed: 0, clickMs: [], closing: false, firstError: undefined };
  let elapsedMs;
  try {
    const pages = [];
    for (let u = 0; u < users; u++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      page.setDefaultTimeout(STEP_TIMEOUT_MS);
      pages.push(page);
    }
    const started = performance.now();
    const deadline = started + duration * 1000;
    const all = Promise.all(pages.map((page) => runUser(page, target, deadline, stats)));
    let graceTimer;
    const grace = new Promise((resolve) => {
      graceTimer = setTimeout(resolve, duration * 1000 + GRACE_MS);
    });
    await Promise.race([all, grace]);
    clearTimeout(graceTimer);
    elapsedMs = performance.now() - started;
  } finally {
    stats.closing = true;
    await browser.close();
  }
  const cpu = process.cpuUsage();
  const sorted = stats.clickMs.sort((a, b) => a - b);
  const durationS = elapsedMs / 1000;
  const result = {
    tool: "playwright",
    users,
    iterations: stats.iterations,
    duration_s: round(durationS, 3),
    iterations_per_s: round(stats.iterations / durationS, 3),
    click_p50_ms: round(quantile(sorted, 0.5), 2),
    click_p95_ms: round(quantile(sorted, 0.95), 2),
    driver_cpu_s: round((cpu.user + cpu.system) / 1e6, 3),
    clicks: sorted.length,
    failed_iterations: stats.failed,
  };
  if (stats.firstError !== undefined) result.first_error = stats.firstError;
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((err) => {
  process.stderr.write(`playwright_counter: ${err?.stack ?? err}\n`);
  process.exit(1);
});
