// Serves LiveViews over one browser WebSocket with liveviewjs's WsHandler,
// closing the gaps between liveviewjs 0.8.1 and what a Phoenix server does
// with the same frames. Each gap is named where it is handled.
import { WebSocket } from "ws";
import { WsHandler, matchRoute } from "liveviewjs";
import { csrfFromCookie } from "./session.js";

// Events WsHandler knows: those a phoenix_live_view 0.18 client sends, plus
// "info" and "live_redirect", which WsHandler sends itself. On any other
// event it throws and never clears its "busy" flag, which leaves the
// connection deaf, so such frames are dropped before they reach it.
const HANDLED_EVENTS = new Set([
  "phx_join",
  "phx_leave",
  "event",
  "live_patch",
  "live_redirect",
  "heartbeat",
  "allow_upload",
  "progress",
  "chunk",
  "info",
]);

class LiveConnection {
  #ws;
  #signer;
  #router;
  #cookieCsrf;
  #log;
  #handler;
  #handle;
  #queue = Promise.resolve();
  #joinedTopic;
  #joinRef;

  constructor(ws, req, { liveServer, signer, log }) {
    this.#ws = ws;
    this.#signer = signer;
    this.#router = liveServer.router;
    this.#cookieCsrf = csrfFromCookie(signer, req.headers.cookie);
    this.#log = log;
    this.#handler = new WsHandler(this, {
      router: liveServer.router,
      fileSysAdaptor: liveServer.fileSystem,
      serDe: liveServer.serDe,
      wrapperTemplate: liveServer.wrapperTemplate,
      flashAdaptor: liveServer.flashAdapter,
      pubSub: liveServer.pubSub,
      onError: (err) => log(`liveviewjs: ${err?.stack ?? err}`),
    });
    // Every message, from the browser or from the LiveView itself (timers
    // calling sendInfo), goes through WsHandler.handleMsg. While one is being
    // handled WsHandler queues the others and takes them back last-in
    // first-out, so a leave and a join that wait behind a slow event run as
    // join-then-leave and kill the new LiveView. Handing it one message at a
    // time, in arrival order, means its own queue is never used.
    this.#handle = this.#handler.handleMsg.bind(this.#handler);
    this.#handler.handleMsg = (msg) => this.#enqueue(msg);
    // WsHandler's own close listener returns close() instead of calling it,
    // so the LiveView would outlive its socket.
    ws.on("close", () => this.#handler.close());
  }

  // The WsHandler adaptor interface: subscribeToMessages, subscribeToClose,
  // send.
  subscribeToMessages(listener) {
    this.#ws.on("message", listener);
  }

  subscribeToClose(listener) {
    this.#ws.on("close", listener);
  }

  // liveviewjs passes its own error callback, an unbound method that throws
  // when called; an error from sending after the browser went away would
  // then crash the process. Frames for a closed socket are dropped instead.
  send(message) {
    if (this.#ws.readyState !== WebSocket.OPEN) return;
    this.#ws.send(this.#withJoinRef(message), (err) => {
      if (err) this.#log(`send failed: ${err.message}`);
    });
  }

  #sendFrame(frame) {
    this.send(JSON.stringify(frame));
  }

  #enqueue(msg) {
    const step = this.#queue.then(() => this.#dispatch(msg));
    this.#queue = step.catch((err) => this.#log(`message failed: ${err?.stack ?? err}`));
    return this.#queue;
  }

  async #dispatch(msg) {
    if (!Array.isArray(msg) || msg.length !== 5) {
      this.#log("dropped a frame that is not [join_ref, ref, topic, event, payload]");
      return;
    }
    const [joinRef, ref, topic, event, payload] = msg;
    if (!HANDLED_EVENTS.has(event)) {
      this.#log(`dropped unsupported event ${JSON.stringify(event)} on ${JSON.stringify(topic)}`);
      return;
    }
    if (event === "phx_join" && typeof topic === "string" && topic.startsWith("lv:")) {
      await this.#join(msg);
      return;
    }
    if (event === "info" && topic !== this.#joinedTopic) return; // a timer of a LiveView now gone
    await this.#handle(msg);
    if (event === "phx_leave" && topic === this.#joinedTopic) {
      this.#joinedTopic = undefined;
      this.#joinRef = undefined;
      // Phoenix closes the old join and acknowledges the leave; liveviewjs
      // does neither, so the client's leave push would wait for its timeout.
      // A leave with a null join_ref is WsHandler's own, on socket close.
      if (joinRef !== null) {
        this.#sendFrame([joinRef, joinRef, topic, "phx_close", {}]);
        this.#sendFrame([joinRef, ref, topic, "phx_reply", { status: "ok", response: {} }]);
      }
    }
  }

  async #join(msg) {
    const [joinRef, ref, topic, , payload] = msg;
    const reason = this.#joinRefusal(payload);
    if (reason !== undefined) {
      const refusal = { status: "error", response: { reason } };
      this.#sendFrame([joinRef, ref, topic, "phx_reply", refusal]);
      return;
    }
    // WsHandler holds one LiveView per connection. A join that arrives while
    // another is joined (a client rejoining after an error) would orphan the
    // old LiveView and its timers, so that one is shut down first.
    if (this.#joinedTopic !== undefined) {
      await this.#handle([null, null, this.#joinedTopic, "phx_leave", null]);
    }
    this.#joinedTopic = topic;
    this.#joinRef = joinRef;
    await this.#handle(msg);
  }

  // Phoenix refuses a join whose session does not verify or does not belong
  // to the browser's session cookie with {"reason": "stale"}; the 0.18 client
  // answers that by reloading the page. liveviewjs checks nothing against the
  // cookie, and on a bad token or an unknown route it throws and goes deaf.
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

  // liveviewjs sends server pushes (diffs from handleInfo, push_patch) with a
  // null join_ref; Phoenix stamps them with the join's ref, which tells a
  // push for the current join from a late one for an earlier join.
  #withJoinRef(message) {
    if (this.#joinRef === undefined || !message.startsWith("[null,null,")) return message;
    const frame = JSON.parse(message);
    if (frame[2] !== this.#joinedTopic) return message;
    frame[0] = this.#joinRef;
    return JSON.stringify(frame);
  }
}

// Serves LiveViews over one accepted WebSocket. `liveServer` is the
// NodeExpressLiveViewServer that renders the same routes over HTTP, so both
// sides share its router, session SerDe, flash and pub/sub.
export function attachLiveView(ws, req, options) {
  return new LiveConnection(ws, req, options);
}
