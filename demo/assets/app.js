// Starts the phoenix_live_view client the way a Phoenix app's app.js does:
// one LiveSocket on /live carrying the page's CSRF token.
(() => {
  const meta = document.querySelector("meta[name='csrf-token']");
  const csrfToken = meta ? meta.getAttribute("content") : "";
  const liveSocket = new LiveView.LiveSocket("/live", Phoenix.Socket, {
    params: { _csrf_token: csrfToken },
  });
  liveSocket.connect();
  window.liveSocket = liveSocket;
})();
