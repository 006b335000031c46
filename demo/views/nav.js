import { createLiveView, html } from "liveviewjs";

// Links carry the attributes phoenix_live_view 0.18 reads: data-phx-link is
// "patch" (same LiveView, new params) or "redirect" (live navigate to another
// LiveView), data-phx-link-state "push" adds a history entry. Besides the ids
// the LiveLoad tests use, the ids of the recorded Phoenix app are kept too.
// The links are static text: liveviewjs escapes "/" and "=" in dynamic values.
export const navView = createLiveView({
  mount: (socket) => {
    socket.assign({ page: "a" });
  },
  handleParams: (url, socket) => {
    socket.assign({ page: url.searchParams.get("page") === "b" ? "b" : "a" });
  },
  render: ({ page }) => html`<h1 id="title">Nav</h1>
<p>Current page: <span id="page">${page}</span></p>
<a href="/nav?page=b" data-phx-link="patch" data-phx-link-state="push"
   id="patch-link">patch to b</a>
<a href="/nav/other" data-phx-link="redirect" data-phx-link-state="push"
   id="navigate-link">navigate to other</a>
<a href="/nav?page=a" data-phx-link="patch" data-phx-link-state="push"
   id="patch-a">patch to a</a>
<a href="/nav?page=b" data-phx-link="patch" data-phx-link-state="push"
   id="patch-b">patch to b</a>
<a href="/nav/other" data-phx-link="redirect" data-phx-link-state="push"
   id="navigate-other">navigate to other</a>`,
});

export const navOtherView = createLiveView({
  render: () => html`<h1 id="title">Nav other</h1>
<p id="other">the other page</p>
<a href="/nav" data-phx-link="redirect" data-phx-link-state="push"
   id="back-link">navigate back to nav</a>
<a href="/nav" data-phx-link="redirect" data-phx-link-state="push"
   id="navigate-back">navigate back to nav</a>`,
});
