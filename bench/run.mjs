// Runs the counter benchmark with LiveLoad and with Playwright at 1, 10 and 40 users against the
// demo application and prints one table. Usage:
//   node bench/run.mjs [--users 1,10,40] [--duration 30] [--liveload build/liveload]
// Memory is the peak of the summed proportional set size (Pss, from /proc/PID/smaps_rollup) of
// every Chromium process under the driver, sampled every 250 ms: summing plain RSS would count
// the shared libraries once per renderer. CPU is the driver process's own user+system time.
import { spawn } from "node:child_process";
import { readFileSync, readdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => {
    if (a.startsWith("--")) acc.push([a.slice(2), all[i + 1]]);
    return acc;
  }, []),
);
const userCounts = (args.users ?? "1,10,40").split(",").map(Number);
const duration = Number(args.duration ?? 30);
const liveload = args.liveload ?? join(root, "build/liveload");

function children() {
  const map = new Map();
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      map.set(Number(pid), { ppid: Number(fields[1]), comm });
    } catch {
      // The process ended while we looked.
    }
  }
  return map;
}

function chromiumRss(rootPid) {
  const procs = children();
  let total = 0;
  const under = (pid) => {
    for (let p = pid; p > 1; p = procs.get(p)?.ppid ?? 0) if (p === rootPid) return true;
    return false;
  };
  for (const [pid, p] of procs) {
    if (pid === rootPid || !under(pid) || !/chrom/i.test(p.comm)) continue;
    try {
      const m = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8").match(/^Pss:\s+(\d+) kB/m);
      if (m) total += Number(m[1]) * 1024;
    } catch {
      // The process ended while we looked.
    }
  }
  return total;
}

function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(f[11]) + Number(f[12])) / 100; // utime + stime in clock ticks (USER_HZ = 100)
}

function startDemo() {
  return new Promise((resolve, reject) => {
    const child = spawn("node", [join(root, "demo/server.js"), "--port", "0"], { stdio: ["ignore", "pipe", "inherit"] });
    let buf = "";
    child.stdout.on("data", (d) => {
      buf += d;
      const m = buf.match(/^listening (http:\/\/127\.0\.0\.1:\d+)\n/);
      if (m) resolve({ child, url: m[1] });
    });
    child.on("exit", () => reject(new Error("demo server exited")));
  });
}

function measure(cmd, argv) {
  return new Promise((resolve) => {
    const child = spawn(cmd, argv, { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    let peak = 0;
    let cpu = 0;
    child.stdout.on("data", (d) => (out += d));
    const timer = setInterval(() => {
      try {
        peak = Math.max(peak, chromiumRss(child.pid));
        cpu = cpuSeconds(child.pid);
      } catch {
        // Gone already.
      }
    }, 250);
    child.on("exit", (code) => {
      clearInterval(timer);
      resolve({ code, out, peak, cpu });
    });
  });
}

async function runLiveLoad(url, users) {
  const out = mkdtempSync(join(tmpdir(), "liveload-bench-"));
  const r = await measure(liveload, ["run", join(root, "bench/counter.lua"), "--target", url, "--users", String(users), "--duration", `${duration}s`, "--out", out, "--quiet"]);
  const result = JSON.parse(readFileSync(join(out, "result.json"), "utf8"));
  const metric = (name, tags) => result.metrics.find((m) => m.name === name && Object.entries(tags).every(([k, v]) => m.tags?.[k] === v));
  const click = metric("step.duration", { step: "click" });
  const iterations = result.metrics.filter((m) => m.name === "iterations" && m.tags?.result === "ok").reduce((s, m) => s + m.total.value, 0);
  const seconds = result.run.duration_us / 1e6;
  return { iterations, seconds, p50: click?.total.p50 / 1000, p95: click?.total.p95 / 1000, peak: r.peak, cpu: r.cpu, code: r.code };
}

async function runPlaywright(url, users) {
  const r = await measure("node", [join(root, "bench/playwright_counter.mjs"), "--target", url, "--users", String(users), "--duration", String(duration)]);
  const line = r.out.trim().split("\n").pop();
  const j = JSON.parse(line);
  return { iterations: j.iterations, seconds: j.duration_s, p50: j.click_p50_ms, p95: j.click_p95_ms, peak: r.peak, cpu: j.driver_cpu_s ?? r.cpu, code: r.code };
}

const demo = await startDemo();
const rows = [];
try {
  for (const users of userCounts) {
    for (const [tool, fn] of [["liveload", runLiveLoad], ["playwright", runPlaywright]]) {
      const m = await fn(demo.url, users);
      rows.push({ tool, users, ...m });
      process.stderr.write(`bench: ${tool} ${users} users done\n`);
    }
  }
} finally {
  demo.child.kill("SIGTERM");
}

const fmt = (v, d = 1) => (Number.isFinite(v) ? v.toFixed(d) : "-");
console.log(`| users | tool | iterations/s | click p50 ms | click p95 ms | Chromium PSS MiB/user | driver CPU ms/iteration |`);
console.log(`| ---: | --- | ---: | ---: | ---: | ---: | ---: |`);
for (const r of rows) {
  console.log(`| ${r.users} | ${r.tool} | ${fmt(r.iterations / r.seconds, 2)} | ${fmt(r.p50)} | ${fmt(r.p95)} | ${fmt(r.peak / r.users / 2 ** 20)} | ${fmt((r.cpu * 1000) / Math.max(1, r.iterations))} |`);
}
