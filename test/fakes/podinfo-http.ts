// podinfo 6.14.1's HTTP routes that scenarios use, as a behaviour for the k6/http fake, measured against the real
// binary (../shared/reference/podinfo.md): POST /token issues an HS256 JWT valid for one minute named by the
// request body ("anonymous" when empty); GET /token/validate wants `Authorization: Bearer <jwt>` and answers a bad,
// expired or missing token with HTTP **200** and `{"code": 401, ...}`; /echo answers **202** with the body. JSON is
// pretty-printed with two spaces, as podinfo's prettyJSON does.
import { createHmac } from "node:crypto";
import type { HttpBehaviour, HttpConnection, HttpHandler, Params } from "./k6-http.ts";

export interface PodinfoOptions {
  /** podinfo's --jwt-secret (default "podinfo"); pods with different secrets reject each other's tokens. */
  jwtSecret?: string;
  /** The pod's name, in /api/info. */
  hostname?: string;
  /** Seconds since the epoch, for `exp` (default: now). */
  now?: () => number;
}

const b64url = (text: string | Buffer) => Buffer.from(text).toString("base64url");
const pretty = (value: unknown) => JSON.stringify(value, null, 2);
const HEADER = b64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));

function sign(payload: string, secret: string): string {
  return createHmac("sha256", secret).update(`${HEADER}.${payload}`).digest("base64url");
}

/** podinfo's ErrorResponse: the handler's error code in the body, HTTP 200 on the wire. */
const errorAnswer = (code: number, message: string): HttpBehaviour => ({ kind: "answer", status: 200, body: pretty({ code, message }) });

export function podinfoHttp(options: PodinfoOptions = {}): HttpHandler {
  const secret = options.jwtSecret ?? "podinfo";
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  return (method: string, url: string, _conn: HttpConnection, body: unknown, params: Params): HttpBehaviour => {
    const path = /^[a-z]+:\/\/[^/]+(\/[^?#]*)?/i.exec(url)?.[1] ?? "/";
    if (path === "/token") {
      if (method !== "POST") return { kind: "answer", status: 405, body: "" };
      const name = typeof body === "string" && body.length > 0 ? body : "anonymous";
      const exp = now() + 60;
      const payload = b64url(JSON.stringify({ name, iss: "podinfo", exp }));
      return { kind: "answer", status: 200, body: pretty({ token: `${HEADER}.${payload}.${sign(payload, secret)}`, expires_at: new Date(exp * 1000).toISOString() }) };
    }
    if (path === "/token/validate") {
      if (method !== "GET") return { kind: "answer", status: 405, body: "" };
      const header = Object.entries(params.headers ?? {}).find(([key]) => key.toLowerCase() === "authorization")?.[1] ?? "";
      const parts = header.split(" ");
      if (parts.length !== 2 || parts[0]?.toLowerCase() !== "bearer") return errorAnswer(401, "authorization bearer header required");
      const [head, payload, signature] = (parts[1] as string).split(".");
      if (head !== HEADER || payload === undefined || signature !== sign(payload, secret)) return errorAnswer(401, "signature is invalid");
      const claims = JSON.parse(Buffer.from(payload, "base64url").toString()) as { name: string; exp: number };
      if (claims.exp < now()) return errorAnswer(401, "token is expired");
      return { kind: "answer", status: 200, body: pretty({ token_name: claims.name, expires_at: new Date(claims.exp * 1000).toISOString() }) };
    }
    if (path === "/echo" || path === "/api/echo") return { kind: "answer", status: 202, body: typeof body === "string" ? body : "" };
    if (path === "/api/info" || path === "/") return { kind: "answer", status: 200, body: pretty({ hostname: options.hostname ?? "podinfo-0", version: "6.14.1" }) };
    return { kind: "answer", status: 404, body: "404 page not found\n" };
  };
}
