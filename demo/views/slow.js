import { createLiveView, html } from "liveviewjs";

export const SLOW_REPLY_MS = 200;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// The click's reply leaves the server SLOW_REPLY_MS after the event arrived;
// #slow-count counts the clicks whose reply was sent.
export const slowView = createLiveView({
  mount: (socket) => {
    socket.assign({ done: 0 });
  },
  handleEvent: async (event, socket) => {
    if (event.type !== "slow") return;
    await sleep(SLOW_REPLY_MS);
    socket.assign({ done: socket.context.done + 1 });
  },
  render: ({ done }) => html`<h1 id="title">Slow</h1>
<button id="slow" phx-click="slow">slow (200 ms)</button>
<p>Replies: <span id="slow-count">${done}</span></p>`,
});
