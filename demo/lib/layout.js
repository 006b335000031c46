// The page around every LiveView: the same three scripts and menu as the
// recorded Phoenix app, so the browser client is loaded the way Phoenix's
// generated layout loads it.
import { html, safe } from "liveviewjs";

export const PAGE_TITLE = "LiveLoad demo";

export function pageTemplate(titleDefaults, csrfToken, liveViewContent) {
  return html`<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="csrf-token" content="${csrfToken}">
    <title>${titleDefaults?.title ?? PAGE_TITLE}</title>
    <script defer type="text/javascript" src="/assets/phoenix.js"></script>
    <script defer type="text/javascript" src="/assets/phoenix_live_view.js"></script>
    <script defer type="text/javascript" src="/assets/app.js"></script>
  </head>
  <body>
    <nav id="menu">
      <a href="/counter">counter</a> | <a href="/form">form</a> | <a href="/slow">slow</a> |
      <a href="/ticker">ticker</a> | <a href="/nav">nav</a>
    </nav>
    ${safe(liveViewContent)}
  </body>
</html>`;
}
