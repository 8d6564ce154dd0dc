// The exchanges the benchmark compares, each as the engine target that does it and as the minimal k6 script a
// person would write by hand for the same exchange with one check. Pure: scripts and environments as text.

export type BenchProtocol = "http" | "grpc" | "tcp" | "dns";

export interface PodinfoPorts {
  http: number;
  grpc: number;
}

export interface BenchCase {
  protocol: BenchProtocol;
  ratePerSecond: number;
  /** The engine's TARGETS entry, without VU fields. */
  target: Record<string, unknown>;
  /** The body of the minimal script's exec function and its init code. */
  /** The minimal script's imports, init code and exec body; `async` only where the exchange needs promises. */
  minimal: { imports: string; init: string; exec: string; async: boolean };
}

export interface VuPool {
  preAllocatedVUs: number;
  maxVUs: number;
}

const TIMEOUT = "5s";
const TCP_PAYLOAD = "GET /healthz HTTP/1.1\r\nHost: podinfo\r\nConnection: close\r\n\r\n";

export function benchCases(host: string, ports: PodinfoPorts): BenchCase[] {
  const url = `http://${host}:${ports.http}/status/200`;
  const address = `${host}:${ports.grpc}`;
  return [
    {
      protocol: "http",
      ratePerSecond: 400,
      // k6 keeps the connection alive in the minimal script: the engine is told to do the same (its default on a
      // Service path is a new connection per probe, a different exchange).
      target: { name: "bench-http", protocol: "http", url, timeout: TIMEOUT, connection: "reuse" },
      minimal: {
        imports: 'import http from "k6/http";\nimport { check } from "k6";',
        init: "",
        async: false,
        exec: `const res = http.get(${JSON.stringify(url)}, { timeout: "${TIMEOUT}", tags: { name: "bench-http" } });\n  check(res, { "status is 200": (r) => r.status === 200 });`,
      },
    },
    {
      protocol: "grpc",
      ratePerSecond: 400,
      target: { name: "bench-grpc", protocol: "grpc", address, method: "version.VersionService/Version", timeout: TIMEOUT, connection: "reuse" },
      minimal: {
        imports: 'import grpc from "k6/net/grpc";\nimport { check } from "k6";',
        init: "const client = new grpc.Client();\nlet connected = false;",
        async: false,
        exec: `if (!connected) { client.connect(${JSON.stringify(address)}, { plaintext: true, reflect: true, timeout: "${TIMEOUT}" }); connected = true; }\n  const res = client.invoke("version.VersionService/Version", {}, { timeout: "${TIMEOUT}" });\n  check(res, { "status is OK": (r) => r.status === grpc.StatusOK });`,
      },
    },
    {
      protocol: "tcp",
      ratePerSecond: 200,
      target: { name: "bench-tcp", protocol: "tcp", host, port: ports.http, payload: TCP_PAYLOAD, expectPrefix: "HTTP/1.1 200", timeout: TIMEOUT },
      minimal: {
        imports: 'import { Socket } from "k6/x/tcp";\nimport { check } from "k6";',
        init: "",
        async: true,
        exec: [
          "const socket = new Socket();",
          "  const ok = await new Promise((resolve) => {",
          "    let answered = false;",
          '    socket.on("data", (data) => { answered = data.length > 0 && data[0] === 72; socket.destroy(); });',
          '    socket.on("close", () => resolve(answered));',
          '    socket.on("error", () => socket.destroy());',
          `    socket.connect({ host: ${JSON.stringify(host)}, port: ${ports.http} }).then(() => socket.write(${JSON.stringify(TCP_PAYLOAD)}), () => socket.destroy());`,
          "  });",
          '  check(ok, { "tcp answered HTTP": (v) => v });',
        ].join("\n"),
      },
    },
    {
      protocol: "dns",
      ratePerSecond: 200,
      target: { name: "bench-dns", protocol: "dns", query: "localhost", nameserver: "hosts", timeout: TIMEOUT },
      minimal: {
        imports: 'import dns from "k6/x/dns";\nimport { check } from "k6";',
        init: "",
        async: true,
        exec: 'const answer = await dns.lookup("localhost");\n  check(answer, { "answered": (a) => a.length > 0 });',
      },
    },
  ];
}

/** The minimal hand-written script: one constant-arrival-rate scenario, the exchange, one check. */
export function minimalScript(c: BenchCase, durationSeconds: number, pool: VuPool, ratePerSecond = c.ratePerSecond): string {
  const options = {
    scenarios: {
      [c.protocol]: { executor: "constant-arrival-rate", rate: ratePerSecond, timeUnit: "1s", duration: `${durationSeconds}s`, ...pool },
    },
  };
  return `${c.minimal.imports}\n${c.minimal.init}\nexport const options = ${JSON.stringify(options)};\nexport default ${c.minimal.async ? "async " : ""}function () {\n  ${c.minimal.exec}\n}\n`;
}

/**
 * The engine's environment for one target, as the 24/7 runner configures it (MODE=continuous; bundles that
 * predate MODE ignore it): TARGETS with the pool (equal pools) or without (default sizing).
 */
export function engineEnv(c: BenchCase, durationSeconds: number, pool: VuPool | undefined, ratePerSecond = c.ratePerSecond): Record<string, string> {
  const target = { ...c.target, rate: ratePerSecond, ...(pool ?? {}) };
  return { TARGETS: JSON.stringify([target]), DURATION: `${durationSeconds}s`, MODE: "continuous" };
}
