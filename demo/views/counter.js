import { createLiveView, html } from "liveviewjs";

// #count starts at 0 for every LiveView process, that is for every page load.
export const counterView = createLiveView({
  mount: (socket) => {
    socket.assign({ count: 0 });
  },
  handleEvent: (event, socket) => {
    const { count } = socket.context;
    if (event.type === "inc") socket.assign({ count: count + 1 });
    if (event.type === "dec") socket.assign({ count: count - 1 });
  },
  render: ({ count }) => html`<h1 id="title">Counter</h1>
<p>Count: <span id="count">${count}</span></p>
<button id="inc" phx-click="inc">+1</button>
<button id="dec" phx-click="dec">-1</button>`,
});
