// A throwaway Prometheus for the e2e: remote-write receiver and native histograms on, the generated rules
// loaded, storage in a temporary folder, listening on a free loopback port.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startService, type Service } from "./processes.ts";
import { fetchBounded, waitUntil } from "./wait.ts";

export interface RuleHealth {
  group: string;
  name: string;
  health: string;
  lastError: string;
}

export interface Prometheus {
  service: Service;
  writeUrl: string;
  /** Instant query: the number of samples returned; throws with Prometheus' own error text. */
  query(expr: string): Promise<number>;
  /** The label sets of every series named `name`. */
  series(name: string): Promise<Record<string, string>[]>;
  /** Every loaded rule with the health Prometheus gave it on its last evaluation. */
  rules(): Promise<RuleHealth[]>;
}

interface ApiBody {
  status: string;
  data?: unknown;
  error?: string;
  errorType?: string;
}

export async function startPrometheus(binary: string, port: number, dir: string, ruleFileText: string): Promise<Prometheus> {
  const rulesFile = join(dir, "rules.yml");
  const configFile = join(dir, "prometheus.yml");
  writeFileSync(rulesFile, ruleFileText);
  // Rules evaluate every 2 s, so a 20 s run sees each evaluated several times.
  writeFileSync(configFile, `global:\n  evaluation_interval: 2s\nrule_files:\n  - ${JSON.stringify(rulesFile)}\nscrape_configs: []\n`);
  const listen = `127.0.0.1:${port}`;
  const service = startService(
    "prometheus",
    binary,
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${join(dir, "data")}`,
      `--web.listen-address=${listen}`,
      "--web.enable-remote-write-receiver",
      "--enable-feature=native-histograms",
      "--log.level=warn",
    ],
    join(dir, "prometheus.log"),
    { cwd: dir },
  );
  const base = `http://${listen}`;
  try {
    await waitUntil("prometheus", 30_000, async () => {
      if (service.child.exitCode !== null) throw new Error(`exited with ${service.child.exitCode}: ${service.output()}`);
      return (await fetchBounded(`${base}/-/ready`, {}, 1_000)).ok;
    });
  } catch (error) {
    await service.stop();
    throw error;
  }

  async function api(path: string, params: Record<string, string>): Promise<unknown> {
    const response = await fetchBounded(`${base}${path}?${new URLSearchParams(params)}`, {}, 15_000);
    const body = (await response.json()) as ApiBody;
    if (body.status !== "success") throw new Error(`${body.errorType ?? "error"}: ${body.error ?? `HTTP ${response.status}`}`);
    return body.data;
  }

  return {
    service,
    writeUrl: `${base}/api/v1/write`,
    async query(expr) {
      const data = (await api("/api/v1/query", { query: expr })) as { resultType: string; result: unknown[] };
      return data.resultType === "vector" || data.resultType === "matrix" ? data.result.length : 1;
    },
    async series(name) {
      return (await api("/api/v1/series", { "match[]": name, start: String(Date.now() / 1000 - 3600) })) as Record<string, string>[];
    },
    async rules() {
      const data = (await api("/api/v1/rules", {})) as { groups: { name: string; rules: { name: string; health: string; lastError?: string }[] }[] };
      return data.groups.flatMap((group) => group.rules.map((rule) => ({ group: group.name, name: rule.name, health: rule.health, lastError: rule.lastError ?? "" })));
    },
  };
}
