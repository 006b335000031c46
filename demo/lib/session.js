// Signed tokens for the demo's session cookie and for the data-phx-session
// attribute. Phoenix signs both with the endpoint's secret; we do the same
// with an HMAC over JSON, keyed by a secret made fresh for each process, so a
// cookie from an earlier run simply reads as "no session".
import crypto from "node:crypto";

export const SESSION_COOKIE = "_liveload_demo_key";

export class Signer {
  #secret;

  constructor(secret = crypto.randomBytes(32)) {
    this.#secret = secret;
  }

  sign(value) {
    const body = Buffer.from(JSON.stringify(value)).toString("base64url");
    return `${body}.${this.#mac(body)}`;
  }

  // Returns the signed value, or undefined when the token is malformed or
  // its signature does not match.
  verify(token) {
    if (typeof token !== "string") return undefined;
    const dot = token.lastIndexOf(".");
    if (dot <= 0) return undefined;
    const body = token.slice(0, dot);
    const given = Buffer.from(token.slice(dot + 1));
    const expected = Buffer.from(this.#mac(body));
    if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) {
      return undefined;
    }
    try {
      return JSON.parse(Buffer.from(body, "base64url").toString());
    } catch {
      return undefined;
    }
  }

  #mac(body) {
    return crypto.createHmac("sha256", this.#secret).update(body).digest("base64url");
  }
}

// liveviewjs's SerDe interface (promise based) over the same signer; the
// WebSocket guard uses the synchronous verify() so frames keep their order.
export class SignedSessionSerDe {
  constructor(signer) {
    this.signer = signer;
  }

  serialize(data) {
    return Promise.resolve(this.signer.sign(data));
  }

  deserialize(token) {
    const data = this.signer.verify(token);
    return data === undefined
      ? Promise.reject(new Error("invalid session token"))
      : Promise.resolve(data);
  }
}

export function readCookie(header, name) {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      return decodeURIComponent(part.slice(eq + 1).trim());
    }
  }
  return undefined;
}

// The CSRF token carried by the request's session cookie, if it is valid.
export function csrfFromCookie(signer, cookieHeader) {
  const session = signer.verify(readCookie(cookieHeader, SESSION_COOKIE));
  return typeof session?._csrf_token === "string" ? session._csrf_token : undefined;
}

// Express middleware: gives every request a session holding a CSRF token,
// setting the cookie when the browser did not send a valid one. liveviewjs
// reads req.session and copies the token into data-phx-session and the
// csrf-token meta tag.
export function sessionMiddleware(signer) {
  return (req, res, next) => {
    let token = csrfFromCookie(signer, req.headers.cookie);
    if (token === undefined) {
      token = crypto.randomBytes(18).toString("base64url");
      const cookie = encodeURIComponent(signer.sign({ _csrf_token: token }));
      res.append("Set-Cookie", `${SESSION_COOKIE}=${cookie}; Path=/; HttpOnly; SameSite=Lax`);
    }
    req.session = { _csrf_token: token };
    next();
  };
}
