// Imported before liveviewjs. liveviewjs 0.8.1 downloads the mime-db table
// from cdn.jsdelivr.net with fetch() as soon as it is loaded (it maps upload
// "accept" lists to MIME types). The demo must run offline and must never
// send traffic beyond loopback, so fetch() answers that one URL from the
// mime-db package installed beside it and refuses every other request.
import { createRequire } from "node:module";

const MIME_DB_URL = "https://cdn.jsdelivr.net/gh/jshttp/mime-db@master/db.json";
const require = createRequire(import.meta.url);

globalThis.fetch = async (input) => {
  const url = typeof input === "string" ? input : (input?.url ?? String(input));
  if (url === MIME_DB_URL) {
    return new Response(JSON.stringify(require("mime-db")), {
      status: 200,
      headers: { "content-type": "application/json" },
    });
  }
  throw new Error(`demo server makes no outbound requests (refused fetch of ${url})`);
};
