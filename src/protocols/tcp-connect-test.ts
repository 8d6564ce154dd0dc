// The TCP connect test: a k6 HTTP request to host:port, used only to learn whether a TCP connection can be
// established, and how long the handshake took.
//
// Why not k6/x/tcp's own connect: it has no connect timeout, and its dial cannot be cancelled. A dropped SYN
// keeps the dial pending until k6's dialer gives up (30 s) or the kernel does, touching the socket meanwhile
// blocks the event loop, and the iteration cannot end before the dial does
// (../shared/reference/k6-extensions.md). A SYN-dropping path (most CNIs' NetworkPolicy deny, a vanished node)
// would hold one VU per probe for that long, and the target would drop most of its iterations. k6's HTTP client
// has a real timeout covering the dial, and reports refused, reset and timed-out dials distinctly; the async
// form leaves the VU's event loop free. The price: a few bytes of HTTP request reach the port (a non-HTTP
// server answers or closes, which still proves the connection), and a server that stays silent after the
// request holds the VU until the probe's timeout, which maxVUs already budgets for.
import http, { type Params, type RefinedResponse } from "k6/http";
import { reasonFromConnectTest } from "../metrics/classify.ts";
import { hostnameFromJson } from "../metrics/dest-pod.ts";
import type { Reason } from "../metrics/names.ts";
import { bracketed } from "../paths/host-swap.ts";
import { now } from "./clock.ts";

export interface ConnectTestResult {
  /** undefined: a TCP connection was established. */
  reason: Reason | undefined;
  /** The TCP handshake (microsecond fractions, from k6's timings), or the time spent when it failed. */
  durationMs: number;
  /** The pod named in the reply (podinfo's HTTP port answers `GET /` with its "hostname"), when it was read. */
  answered?: string | undefined;
}

/** `readName`: read the reply's body for a pod name (on the pod path, until the dialled IP's name is known). */
export type ConnectTest = (host: string, readName?: boolean) => Promise<ConnectTestResult>;

export function createConnectTest(port: number, timeout: string, targetName: string): ConnectTest {
  const params: Params = {
    timeout,
    // k6's own http_* series: grouped under the target's name, never followed anywhere else.
    tags: { name: targetName },
    redirects: 0,
    responseType: "none",
    // A fresh connection every time (the server closes after answering): a pooled one would prove nothing.
    headers: { Connection: "close" },
    // No http_req_failed sample: a TCP port that does not speak HTTP is no HTTP failure.
    responseCallback: null as unknown as ReturnType<typeof http.expectedStatuses>,
  };
  // Only until a pod's name is known: reading a body costs a copy into JS on every probe otherwise.
  const nameParams: Params = { ...params, responseType: "text" };
  const urls = new Map<string, string>();

  return async function connectTest(host: string, readName = false): Promise<ConnectTestResult> {
    let url = urls.get(host);
    if (url === undefined) {
      if (urls.size >= 256) urls.clear();
      url = `http://${bracketed(host)}:${port}/`;
      urls.set(host, url);
    }
    const started = now();
    const res = (await http.asyncRequest("GET", url, null, readName ? nameParams : params)) as RefinedResponse<"text" | "none">;
    const reason = reasonFromConnectTest(res);
    const handshake = res.timings.connecting;
    const durationMs = reason === undefined && handshake > 0 ? handshake : now() - started;
    const body = readName && typeof res.body === "string" ? res.body : undefined;
    return { reason, durationMs, answered: body === undefined ? undefined : hostnameFromJson(body) };
  };
}
