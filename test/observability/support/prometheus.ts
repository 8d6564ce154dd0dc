// Starts and stops a throwaway real Prometheus for tests, and runs promtool.
// Prerequisites: Debian's `prometheus` package (2.42: /usr/bin/prometheus, /usr/bin/promtool); override the paths with
// PROMETHEUS_BIN / PROMTOOL_BIN. Listens on 127.0.0.1 only, on a free port, with a temporary data directory.
// Usage: `const prom = await startPrometheus(); try { ... prom.query(...) } finally { await prom.stop(); }`
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const PROMETHEUS_BIN = process.env.PROMETHEUS_BIN ?? "/usr/bin/prometheus";
export const PROMTOOL_BIN = process.env.PROMTOOL_BIN ?? "/usr/bin/promtool";

const INSTALL_HINT = "install it with `apt-get install -y prometheus` (CI does this in .ci/run)";

/** Throws, never skips: these tests exist to run against the real binaries. */
export function requireBinary(path: string): void {
  if (!existsSync(path)) {
    throw new Error(`${path} not found: the observability tests need a real Prometheus 2.42; ${INSTALL_HINT}`);
  }
}

export interface PromtoolResult {
  status: number | null;
  output: string;
}

export function promtool(args: string[], cwd?: string): PromtoolResult {
  requireBinary(PROMTOOL_BIN);
  const result = spawnSync(PROMTOOL_BIN, args, { cwd, encoding: "utf8", timeout: 60_000 });
  if (result.error) throw result.error;
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export interface VectorSample {
  metric: Record<string, string>;
  value: [number, string];
}

export interface RunningPrometheus {
  baseUrl: string;
  writeUrl: string;
  /** Instant query; returns the vector (or a scalar wrapped as one sample). Throws on a PromQL error. */
  query(expr: string, time: number): Promise<VectorSample[]>;
  /** Range query; returns the number of series that have at least one point. */
  queryRange(expr: string, start: number, end: number, stepSeconds: number): Promise<{ metric: Record<string, string>; values: [number, string][] }[]>;
  /** Grafana's label_values(metric, label): the values of one label among the series a selector matches. */
  labelValues(label: string, match: string, start: number, end: number): Promise<string[]>;
  stop(): Promise<void>;
  logs(): string;
}

async function getJson(url: string): Promise<{ status: string; data: unknown; error?: string }> {
  const response = await fetch(url, { signal: AbortSignal.timeout(15_000) });
  const body = (await response.json()) as { status: string; data: unknown; error?: string };
  if (body.status !== "success") throw new Error(`${url}: ${body.error ?? response.status}`);
  return body;
}

/** `rules`: a plain rule file's content (groups:) to load and evaluate every second, as a real Prometheus would. */
export async function startPrometheus(options: { rules?: string } = {}): Promise<RunningPrometheus> {
  requireBinary(PROMETHEUS_BIN);
  const dataDir = mkdtempSync(join(tmpdir(), "cl-prometheus-"));
  const configFile = join(dataDir, "prometheus.yml");
  if (options.rules === undefined) {
    writeFileSync(configFile, "global:\n  evaluation_interval: 1m\nscrape_configs: []\n");
  } else {
    const rulesFile = join(dataDir, "rules.yml");
    writeFileSync(rulesFile, options.rules);
    writeFileSync(configFile, `global:\n  evaluation_interval: 1s\nrule_files:\n  - ${JSON.stringify(rulesFile)}\nscrape_configs: []\n`);
  }
  const port = await freePort();
  const listen = `127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    PROMETHEUS_BIN,
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${join(dataDir, "data")}`,
      `--web.listen-address=${listen}`,
      "--web.enable-remote-write-receiver",
      "--enable-feature=native-histograms",
      "--log.level=warn",
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  const baseUrl = `http://${listen}`;
  try {
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`prometheus exited with ${child.exitCode}:\n${output}`);
      try {
        const ready = await fetch(`${baseUrl}/-/ready`, { signal: AbortSignal.timeout(1_000) });
        if (ready.ok) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`prometheus not ready after 30s:\n${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    baseUrl,
    writeUrl: `${baseUrl}/api/v1/write`,
    async query(expr, time) {
      const params = new URLSearchParams({ query: expr, time: String(time) });
      const body = await getJson(`${baseUrl}/api/v1/query?${params}`);
      const data = body.data as { resultType: string; result: unknown };
      if (data.resultType === "scalar") return [{ metric: {}, value: data.result as [number, string] }];
      if (data.resultType !== "vector") throw new Error(`unexpected result type ${data.resultType} for ${expr}`);
      return data.result as VectorSample[];
    },
    async queryRange(expr, start, end, stepSeconds) {
      const params = new URLSearchParams({ query: expr, start: String(start), end: String(end), step: String(stepSeconds) });
      const body = await getJson(`${baseUrl}/api/v1/query_range?${params}`);
      return (body.data as { result: { metric: Record<string, string>; values: [number, string][] }[] }).result;
    },
    async labelValues(label, match, start, end) {
      const params = new URLSearchParams({ "match[]": match, start: String(start), end: String(end) });
      const body = await getJson(`${baseUrl}/api/v1/label/${encodeURIComponent(label)}/values?${params}`);
      return body.data as string[];
    },
    stop,
    logs: () => output,
  };
}
