// Starts demo/server.js on a free port for a test and stops it by its PID.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const SERVER_JS = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "server.js");

const STARTUP_TIMEOUT_MS = 15000;

// Resolves once the first stdout line "listening http://127.0.0.1:PORT" has
// arrived; rejects if the process exits or stays silent.
export function startServer() {
  const child = spawn(process.execPath, [SERVER_JS, "--port", "0"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise((resolve) => {
    child.on("exit", (code, signal) => resolve({ code, signal }));
  });
  const ready = new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => {
      reject(new Error(`server printed no listening line within ${STARTUP_TIMEOUT_MS} ms`));
    }, STARTUP_TIMEOUT_MS);
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const newline = out.indexOf("\n");
      if (newline < 0) return;
      clearTimeout(timer);
      const match = /^listening (http:\/\/127\.0\.0\.1:(\d+))$/.exec(out.slice(0, newline));
      const first = out.slice(0, newline);
      if (!match) reject(new Error(`unexpected first line ${JSON.stringify(first)}`));
      else resolve(match[1]);
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`server exited early (code ${code}, signal ${signal}): ${stderr}`));
    });
  });
  return {
    pid: child.pid,
    ready,
    exited,
    stderr: () => stderr,
    // Sends SIGTERM to the server's PID and waits for it to exit.
    async stop() {
      process.kill(child.pid, "SIGTERM");
      return exited;
    },
  };
}
