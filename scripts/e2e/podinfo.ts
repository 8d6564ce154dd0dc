// A throwaway podinfo for the e2e: HTTP and gRPC on the ports the bundle's defaults probe, metrics on its own
// port, data in a temporary folder; plus its request counter and its fault-injection switch
// (../shared/reference/podinfo.md).
import { join } from "node:path";
import { counterTotal } from "./podinfo-metrics.ts";
import { startService, type Service } from "./processes.ts";
import { fetchBounded, waitUntil } from "./wait.ts";

/** podinfo counts every routed HTTP request here, by status; not requests to the metrics port. */
export const PODINFO_REQUEST_COUNTER = "http_requests_total";

export interface PodinfoPorts {
  http: number;
  grpc: number;
  metrics: number;
}

export interface Podinfo {
  service: Service;
  ports: PodinfoPorts;
  /** podinfo's own count of the HTTP requests it served */
  requestCount(): Promise<number>;
  setFaultInjection(enabled: boolean): Promise<void>;
}

export async function startPodinfo(binary: string, ports: PodinfoPorts, dir: string): Promise<Podinfo> {
  const service = startService(
    "podinfo",
    binary,
    [
      `--port=${ports.http}`,
      `--grpc-port=${ports.grpc}`,
      `--port-metrics=${ports.metrics}`,
      "--grpc-service-name=podinfo",
      `--data-path=${join(dir, "data")}`,
      "--level=warn",
    ],
    join(dir, "podinfo.log"),
    { cwd: dir },
  );
  const base = `http://127.0.0.1:${ports.http}`;
  const metricsUrl = `http://127.0.0.1:${ports.metrics}/metrics`;
  try {
    await waitUntil("podinfo", 20_000, async () => {
      if (service.child.exitCode !== null) throw new Error(`exited with ${service.child.exitCode}: ${service.output()}`);
      const [ready, metrics] = await Promise.all([fetchBounded(`${base}/readyz`, {}, 1_000), fetchBounded(metricsUrl, {}, 1_000)]);
      return ready.ok && metrics.ok;
    });
  } catch (error) {
    await service.stop();
    throw error;
  }
  return {
    service,
    ports,
    async requestCount() {
      const response = await fetchBounded(metricsUrl);
      const total = counterTotal(await response.text(), PODINFO_REQUEST_COUNTER);
      // A fresh podinfo has the counter only after its first request: absent means none.
      return total ?? 0;
    },
    async setFaultInjection(enabled) {
      const response = await fetchBounded(`${base}/fault_injection/${enabled ? "enable" : "disable"}`, { method: "POST" });
      if (response.status !== 202) throw new Error(`POST /fault_injection/${enabled ? "enable" : "disable"}: HTTP ${response.status}`);
    },
  };
}
