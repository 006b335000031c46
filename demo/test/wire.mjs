// Talks the Phoenix channel protocol to the demo server over a plain
// WebSocket, checking the frames against what a real Phoenix server sends
// (../shared/fixtures/phoenix/) and the gaps lib/socket.js closes.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { after, before, test } from "node:test";
import { WebSocket } from "ws";
import { SERVER_JS, startServer } from "../testlib/server.mjs";

const FRAME_TIMEOUT_MS = 5000;

let server;
let base;

before(async () => {
  server = startServer();
  base = await server.ready;
});

after(async () => {
  if ((await Promise.race([server.exited, null])) === null) await server.stop();
});

// GET a LiveView page and pull out what a client needs to join it.
async function loadPage(path) {
  const res = await fetch(base + path);
  assert.equal(res.status, 200, `GET ${path}`);
  const html = await res.text();
  const attr = (re) => {
    const m = re.exec(html);
    assert.ok(m, `${path}: no match for ${re}`);
    return m[1];
  };
  return {
    url: base + path,
    cookie: res.headers.get("set-cookie").split(";")[0],
    csrf: attr(/<meta name="csrf-token" content="([^"]+)"/),
    session: attr(/data-phx-session="([^"]+)"/),
    topic: `lv:${attr(/<div[^>]*\sid="(phx-[^"]+)"/)}`,
  };
}

// A Phoenix channel client just big enough for these tests.
async function connect({ csrf, cookie }) {
  const query = new URLSearchParams({ _csrf_token: csrf, vsn: "2.0.0" });
  const ws = new WebSocket(`${base.replace("http", "ws")}/live/websocket?${query}`, {
    headers: cookie ? { cookie } : {},
  });
  const frames = [];
  const waiters = [];
  ws.on("message", (data) => {
    frames.push(JSON.parse(data.toString()));
    for (const w of waiters.splice(0)) w();
  });
  await new Promise((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
  });
  let ref = 0;
  return {
    ws,
    frames,
    push(joinRef, topic, event, payload) {
      ref += 1;
      ws.send(JSON.stringify([joinRef, String(ref), topic, event, payload]));
      return String(ref);
    },
    // A join's join_ref is its own ref, as the Phoenix client sends it.
    join(topic, payload) {
      ref += 1;
      ws.send(JSON.stringify([String(ref), String(ref), topic, "phx_join", payload]));
      return String(ref);
    },
    // The first frame (in arrival order, consumed) that matches.
    async next(pred, what) {
      const deadline = Date.now() + FRAME_TIMEOUT_MS;
      for (;;) {
        const i = frames.findIndex(pred);
        if (i >= 0) return frames.splice(i, 1)[0];
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no frame ${what} within ${FRAME_TIMEOUT_MS} ms`);
        await new Promise((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
    reply(ref) {
      return this.next((f) => f[1] === ref && f[3] === "phx_reply", `replying to ref ${ref}`);
    },
    close() {
      ws.close();
    },
  };
}

function joinPayload(page, extra = {}) {
  return {
    url: page.url,
    params: { _csrf_token: page.csrf, _mounts: 0 },
    session: page.session,
    static: null,
    ...extra,
  };
}

async function joined(path) {
  const page = await loadPage(path);
  const client = await connect(page);
  const ref = client.join(page.topic, joinPayload(page));
  // The join's ref doubles as the join_ref of every later frame.
  const reply = await client.reply(ref);
  assert.equal(reply[4].status, "ok", JSON.stringify(reply));
  return { page, client, joinRef: ref, rendered: reply[4].response.rendered };
}

test("counter: join renders statics and dynamics, clicks reply with diffs", async (t) => {
  const { page, client, joinRef, rendered } = await joined("/counter");
  t.after(() => client.close());
  assert.equal(rendered["0"], "0");
  assert.ok(Array.isArray(rendered.s) && rendered.s[0].includes('id="count"'));
  const ref = client.push(joinRef, page.topic, "event", {
    type: "click",
    event: "inc",
    value: { value: "" },
  });
  const reply = await client.reply(ref);
  assert.deepEqual(reply, [joinRef, ref, page.topic, "phx_reply", {
    status: "ok",
    response: { diff: { 0: "1" } },
  }]);
});

test("heartbeat on topic phoenix is answered as Phoenix does", async (t) => {
  const page = await loadPage("/counter");
  const client = await connect(page);
  t.after(() => client.close());
  const ref = client.push(null, "phoenix", "heartbeat", {});
  assert.deepEqual(await client.reply(ref), [null, ref, "phoenix", "phx_reply", {
    status: "ok",
    response: {},
  }]);
});

test("a join without the session cookie is refused as stale", async (t) => {
  const page = await loadPage("/counter");
  const client = await connect({ csrf: page.csrf, cookie: undefined });
  t.after(() => client.close());
  const ref = client.join(page.topic, joinPayload(page));
  const reply = await client.reply(ref);
  assert.deepEqual(reply[4], { status: "error", response: { reason: "stale" } });
});

test("a join with a tampered session is refused and the socket still works", async (t) => {
  const page = await loadPage("/counter");
  const client = await connect(page);
  t.after(() => client.close());
  const bad = client.join(page.topic, joinPayload(page, {
    session: `${page.session}x`,
  }));
  assert.equal((await client.reply(bad))[4].response.reason, "stale");
  const good = client.join(page.topic, joinPayload(page));
  assert.equal((await client.reply(good))[4].status, "ok");
});

test("an unknown event is dropped and later events still get replies", async (t) => {
  const { page, client, joinRef } = await joined("/counter");
  t.after(() => client.close());
  client.push(joinRef, page.topic, "no_such_event", {});
  const ref = client.push(joinRef, page.topic, "event", { type: "click", event: "inc", value: {} });
  assert.deepEqual((await client.reply(ref))[4].response.diff, { 0: "1" });
});

test("ticker: server pushes are diff events carrying the join_ref", async (t) => {
  const { page, client, joinRef } = await joined("/ticker");
  t.after(() => client.close());
  for (const n of ["1", "2"]) {
    const push = await client.next((f) => f[3] === "diff", `diff ${n}`);
    assert.deepEqual(push, [joinRef, null, page.topic, "diff", { 0: n }]);
  }
});

test("slow: replies come in click order, each after its handler", async (t) => {
  const { page, client, joinRef } = await joined("/slow");
  t.after(() => client.close());
  const click = { type: "click", event: "slow", value: {} };
  const refs = [1, 2, 3].map(() => client.push(joinRef, page.topic, "event", click));
  for (const [i, ref] of refs.entries()) {
    const reply = await client.next((f) => f[3] === "phx_reply", `reply ${i + 1}`);
    assert.equal(reply[1], ref);
    assert.deepEqual(reply[4].response.diff, { 0: String(i + 1) });
  }
});

test("live navigate: leave is closed and acknowledged, the new join works", async (t) => {
  const { page, client, joinRef } = await joined("/slow");
  t.after(() => client.close());
  // The leave and the new join wait behind slow events, as when a user
  // navigates away while replies are pending.
  for (let i = 0; i < 2; i++) {
    client.push(joinRef, page.topic, "event", { type: "click", event: "slow", value: {} });
  }
  const leave = client.push(joinRef, page.topic, "phx_leave", {});
  const join2 = client.join(page.topic, {
    ...joinPayload(page),
    url: undefined,
    redirect: `${base}/counter`,
  });
  assert.deepEqual(
    await client.next((f) => f[3] === "phx_close", "phx_close"),
    [joinRef, joinRef, page.topic, "phx_close", {}],
  );
  assert.deepEqual((await client.reply(leave))[4], { status: "ok", response: {} });
  const rendered = (await client.reply(join2))[4].response.rendered;
  assert.ok(rendered.s.join("").includes('id="count"'));
  const inc = client.push(join2, page.topic, "event", { type: "click", event: "inc", value: {} });
  assert.deepEqual((await client.reply(inc))[4].response.diff, { 0: "1" });
});

test("live patch: handle_params runs and the reply is a diff", async (t) => {
  const { page, client, joinRef } = await joined("/nav");
  t.after(() => client.close());
  const ref = client.push(joinRef, page.topic, "live_patch", { url: `${base}/nav?page=b` });
  assert.deepEqual((await client.reply(ref))[4], { status: "ok", response: { diff: { 0: "b" } } });
});

test("the HTTP page carries the LiveView container Phoenix renders", async () => {
  const html = await (await fetch(`${base}/counter`)).text();
  assert.match(html, /<div[^>]*data-phx-main[^>]*>/);
  for (const id of ["menu", "count", "inc", "dec", "title"]) {
    assert.match(html, new RegExp(`id="${id}"`), id);
  }
  for (const src of ["/assets/phoenix.js", "/assets/phoenix_live_view.js", "/assets/app.js"]) {
    assert.equal((await fetch(base + src)).status, 200, src);
  }
});

test("bad arguments exit 2 with a message naming the option", () => {
  for (const [args, needle] of [
    [["--port", "abc"], "--port"],
    [["--port"], "--port"],
    [["--port", "65536"], "--port"],
    [["--verbose"], "--verbose"],
  ]) {
    const run = spawnSync(process.execPath, [SERVER_JS, ...args], { encoding: "utf8" });
    assert.equal(run.status, 2, args.join(" "));
    assert.ok(run.stderr.includes(needle), run.stderr);
    assert.equal(run.stdout, "");
  }
});

test("SIGTERM stops the server cleanly and it logged no errors", async () => {
  const { code, signal } = await server.stop();
  assert.deepEqual({ code, signal }, { code: 0, signal: null });
  // The only lines are the dropped event of the test above and the stop.
  const lines = server.stderr().trim().split("\n");
  assert.equal(lines.length, 2, server.stderr());
  assert.match(lines[0], /^demo: dropped unsupported event "no_such_event" on "lv:phx-/);
  assert.equal(lines[1], "demo: SIGTERM: shutting down");
});
