import { createLiveView, html } from "liveviewjs";

export const TICK_MS = 500;

// Timers live outside the socket's context because liveviewjs deep-copies
// the context on every read.
const timers = new WeakMap();

// Once the LiveView is joined over the WebSocket, the server pushes a diff
// raising #tick every TICK_MS; the HTTP render starts no timer.
export const tickerView = createLiveView({
  mount: (socket) => {
    socket.assign({ tick: 0 });
    if (socket.connected) {
      timers.set(
        socket,
        setInterval(() => socket.sendInfo({ type: "tick" }), TICK_MS),
      );
    }
  },
  handleInfo: (info, socket) => {
    if (info.type === "tick") socket.assign({ tick: socket.context.tick + 1 });
  },
  shutdown: (_id, ctx) => {
    clearInterval(timers.get(ctx?.socket));
    if (ctx?.socket) timers.delete(ctx.socket);
  },
  render: ({ tick }) => html`<h1 id="title">Ticker</h1>
<p>Tick: <span id="tick">${tick}</span></p>`,
});
