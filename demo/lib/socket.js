// Connects one browser WebSocket to liveviewjs's WsHandler through an
// adaptor that closes the gaps between liveviewjs 0.8.1 and what a Phoenix
// server does on the same frames. Every gap is named where it is handled.
import { WebSocket } from "ws";
import { WsHandler, matchRoute } from "liveviewjs";
import { csrfFromCookie } from "./session.js";

// Events a phoenix_live_view 0.18 client sends that WsHandler knows. WsHandler
// throws on any other event and then never resets its "busy" flag, which
// leaves the connection deaf, so the adaptor drops such frames instead.
const HANDLED_EVENTS = new Set([
  "phx_join",
  "phx_leave",
  "event",
  "live_patch",
  "heartbeat",
  "allow_upload",
  "progress",
  "chunk",
]);

class GuardedWsAdaptor {
  #ws;
  #signer;
  #router;
  #cookieCsrf;
  #log;
  #joinedTopic;

  constructor(ws, { signer, router, cookieCsrf, log }) {
    this.#ws = ws;
    this.#signer = signer;
    this.#router = router;
    this.#cookieCsrf = cookieCsrf;
    this.#log = log;
  }

  subscribeToMessages(listener) {
    this.#ws.on("message", (data, isBinary) => {
      // Binary frames are upload chunks; text that is not JSON is left to
      // liveviewjs, which logs it and carries on.
      if (isBinary) return listener(data, isBinary);
      let msg;
      try {
        msg = JSON.parse(data.toString());
      } catch {
        return listener(data, isBinary);
      }
      if (!Array.isArray(msg) || msg.length !== 5) {
        this.#log(`dropped a frame that is not [join_ref, ref, topic, event, payload]`);
        return undefined;
      }
      const [joinRef, ref, topic, event, payload] = msg;
      if (!HANDLED_EVENTS.has(event)) {
        this.#log(`dropped unsupported event ${JSON.stringify(event)} on ${topic}`);
        return undefined;
      }
      if (event === "phx_join" && typeof topic === "string" && topic.startsWith("lv:")) {
        return this.#join(listener, data, msg);
      }
      listener(data, isBinary);
      if (event === "phx_leave" && topic === this.#joinedTopic) {
        // Phoenix closes the old join and acknowledges the leave; liveviewjs
        // does neither, which leaves the client's leave push to time out.
        this.#joinedTopic = undefined;
        this.#sendFrame([joinRef, null, topic, "phx_close", {}]);
        this.#sendFrame([joinRef, ref, topic, "phx_reply", { status: "ok", response: {} }]);
      }
      return undefined;
    });
  }

  subscribeToClose(listener) {
    this.#ws.on("close", listener);
  }

  // liveviewjs passes its own error callback, which is an unbound method that
  // throws when called; sending after the browser went away would then crash
  // the process. Frames for a closed socket are dropped instead.
  send(message) {
    if (this.#ws.readyState !== WebSocket.OPEN) return;
    this.#ws.send(message, (err) => {
      if (err) this.#log(`send failed: ${err.message}`);
    });
  }

  #sendFrame(frame) {
    this.send(JSON.stringify(frame));
  }

  #join(listener, data, [joinRef, ref, topic, , payload]) {
    const reason = this.#joinRefusal(payload);
    if (reason !== undefined) {
      this.#sendFrame([joinRef, ref, topic, "phx_reply", { status: "error", response: { reason } }]);
      return;
    }
    // WsHandler holds one LiveView per connection. A join that arrives while
    // another is still joined (a client rejoining after an error) would
    // orphan the old LiveView and its timers, so it is shut down first.
    if (this.#joinedTopic !== undefined) {
      listener(Buffer.from(JSON.stringify([null, null, this.#joinedTopic, "phx_leave", {}])), false);
    }
    this.#joinedTopic = topic;
    listener(data, false);
  }

  // Phoenix refuses a join whose session does not verify or does not belong
  // to the browser's session cookie with {"reason": "stale"}; the 0.18 client
  // answers that by reloading the page. liveviewjs checks none of this
  // against the cookie, and on a bad token it throws and goes deaf.
  #joinRefusal(payload) {
    if (payload === null || typeof payload !== "object") return "stale";
    const session = this.#signer.verify(payload.session);
    if (session === undefined) return "stale";
    if (this.#cookieCsrf === undefined || this.#cookieCsrf !== session._csrf_token) return "stale";
    if (payload.params?._csrf_token !== session._csrf_token) return "stale";
    let path;
    try {
      path = new URL(payload.url ?? payload.redirect).pathname;
    } catch {
      return "stale";
    }
    return matchRoute(this.#router, path) === undefined ? "stale" : undefined;
  }
}

// Serves LiveViews over one accepted WebSocket. `liveServer` is the
// NodeExpressLiveViewServer that renders the same routes over HTTP, so both
// sides share its router, session SerDe, flash and pub/sub.
export function attachLiveView(ws, req, { liveServer, signer, log }) {
  const adaptor = new GuardedWsAdaptor(ws, {
    signer,
    router: liveServer.router,
    cookieCsrf: csrfFromCookie(signer, req.headers.cookie),
    log,
  });
  const handler = new WsHandler(adaptor, {
    router: liveServer.router,
    fileSysAdaptor: liveServer.fileSystem,
    serDe: liveServer.serDe,
    wrapperTemplate: liveServer.wrapperTemplate,
    flashAdaptor: liveServer.flashAdapter,
    pubSub: liveServer.pubSub,
    onError: (err) => log(`liveviewjs: ${err?.stack ?? err}`),
  });
  // WsHandler registers a close listener that never calls close() (it
  // returns the method instead), so the LiveView would outlive its socket.
  ws.on("close", () => handler.close());
  return handler;
}
