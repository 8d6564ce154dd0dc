// podinfo's gRPC and metrics ports bind every interface whatever --host says. As root, the e2e re-runs itself
// in a private network namespace (`unshare -n`, loopback brought up inside) so podinfo, Prometheus and k6 share
// a loopback no one else sees, and the fixed default ports cannot clash. Not root: the machine's loopback.
import { spawn, spawnSync } from "node:child_process";

/** Set in the re-run, so it does not re-run again. */
export const ISOLATED_ENV = "CL_E2E_ISOLATED";

export function isIsolated(): boolean {
  return process.env[ISOLATED_ENV] === "1";
}

/** Why the e2e cannot isolate itself, or undefined when it can. */
export function isolationUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return "not root";
  const probe = spawnSync("unshare", ["-n", "--", "sh", "-c", "ip link set lo up"], { timeout: 10_000, encoding: "utf8" });
  if (probe.error) return `unshare: ${probe.error.message}`;
  if (probe.status !== 0) return `unshare -n failed: ${(probe.stderr || "").trim() || `exit ${probe.status}`}`;
  return undefined;
}

/** Runs this same script again inside `unshare -n`; resolves with its exit code. Signals are passed on. */
export function rerunIsolated(script: string, args: readonly string[]): Promise<number> {
  const child = spawn(
    "unshare",
    ["-n", "--", "sh", "-c", 'ip link set lo up && exec "$@"', "sh", process.execPath, ...process.execArgv, script, ...args],
    { stdio: "inherit", env: { ...process.env, [ISOLATED_ENV]: "1" } },
  );
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
  process.on("SIGINT", forward("SIGINT"));
  process.on("SIGTERM", forward("SIGTERM"));
  return new Promise((resolve) => {
    child.once("error", (error) => {
      console.error(`e2e: could not start unshare: ${error.message}`);
      resolve(1);
    });
    child.once("exit", (code, signal) => resolve(code ?? (signal === "SIGINT" ? 130 : 1)));
  });
}
