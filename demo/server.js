// The LiveLoad demo target: LiveViews served by liveviewjs over Express and
// the real phoenix_live_view browser client.
//   node demo/server.js [--port N]
// Listens on 127.0.0.1 only; N = 0 or no --port picks a free port. The first
// line on stdout is "listening http://127.0.0.1:PORT".
import "./lib/offline.js";
import http from "node:http";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import express from "express";
import { WebSocketServer } from "ws";
import { NodeExpressLiveViewServer } from "@liveviewjs/express";
import { PAGE_TITLE, pageTemplate } from "./lib/layout.js";
import { Signer, SignedSessionSerDe, sessionMiddleware } from "./lib/session.js";
import { attachLiveView } from "./lib/socket.js";
import { counterView } from "./views/counter.js";
import { formView } from "./views/form.js";
import { navOtherView, navView } from "./views/nav.js";
import { slowView } from "./views/slow.js";
import { tickerView } from "./views/ticker.js";

const HOST = "127.0.0.1";
const USAGE = "usage: node demo/server.js [--port N]   (N in 0..65535, 0 = any free port)";

function parseArgs(argv) {
  let port = 0;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--help" || arg === "-h") return { help: true };
    let value;
    if (arg === "--port") {
      if (i + 1 >= argv.length) throw new Error("--port needs a value");
      value = argv[++i];
    } else if (arg.startsWith("--port=")) {
      value = arg.slice("--port=".length);
    } else {
      throw new Error(`unknown argument ${JSON.stringify(arg)}`);
    }
    if (!/^\d+$/.test(value) || Number(value) > 65535) {
      throw new Error(`--port must be an integer in 0..65535, got ${JSON.stringify(value)}`);
    }
    port = Number(value);
  }
  return { port };
}

function log(line) {
  process.stderr.write(`demo: ${line}\n`);
}

// Both packages ship their browser bundles next to their CommonJS entry
// point, in priv/static.
function staticDir(require, pkg) {
  return path.dirname(require.resolve(pkg));
}

function buildApp(liveServer, signer) {
  const require = createRequire(import.meta.url);
  const here = path.dirname(fileURLToPath(import.meta.url));
  const app = express();
  app.disable("x-powered-by");

  app.get("/health", (_req, res) => res.type("text/plain").send("ok"));
  app.get("/favicon.ico", (_req, res) => res.status(204).end());
  // phoenix.js and phoenix_live_view.js are the packages' own prebuilt
  // browser bundles (globals Phoenix and LiveView), served as they ship.
  app.use("/assets", express.static(staticDir(require, "phoenix")));
  app.use("/assets", express.static(staticDir(require, "phoenix_live_view")));
  app.use("/assets", express.static(path.join(here, "assets")));

  app.use(sessionMiddleware(signer));
  app.use(liveServer.httpMiddleware());
  app.use((_req, res) => res.status(404).type("text/plain").send("not found"));
  app.use((err, _req, res, _next) => {
    log(`request failed: ${err?.stack ?? err}`);
    res.status(500).type("text/plain").send("internal error");
  });
  return app;
}

function main() {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`demo/server.js: ${err.message}\n${USAGE}\n`);
    process.exit(2);
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }

  const router = {
    "/": counterView,
    "/counter": counterView,
    "/form": formView,
    "/slow": slowView,
    "/ticker": tickerView,
    "/nav": navView,
    "/nav/other": navOtherView,
  };
  const signer = new Signer();
  const liveServer = new NodeExpressLiveViewServer(router, pageTemplate, { title: PAGE_TITLE }, {
    serDe: new SignedSessionSerDe(signer),
    onError: (err) => log(`liveviewjs: ${err?.stack ?? err}`),
  });

  const server = http.createServer(buildApp(liveServer, signer));
  const wsServer = new WebSocketServer({ server, path: "/live/websocket" });
  wsServer.on("connection", (ws, req) => attachLiveView(ws, req, { liveServer, signer, log }));

  // liveviewjs starts some of its promises without awaiting them; one that
  // fails must not take the whole server down mid-run.
  process.on("unhandledRejection", (err) => log(`unhandled rejection: ${err?.stack ?? err}`));

  let stopping = false;
  const stop = (signal) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: shutting down`);
    for (const ws of wsServer.clients) ws.terminate();
    wsServer.close();
    server.close(() => process.exit(0));
    server.closeAllConnections();
    // LiveView timers keep the loop alive until their sockets' close events
    // run; do not wait on them beyond a moment.
    setTimeout(() => process.exit(0), 1000).unref();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));

  server.on("error", (err) => {
    process.stderr.write(`demo/server.js: cannot listen on ${HOST}:${args.port}: ${err.message}\n`);
    process.exit(1);
  });
  server.listen(args.port, HOST, () => {
    process.stdout.write(`listening http://${HOST}:${server.address().port}\n`);
  });
}

main();
