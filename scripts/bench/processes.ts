// The parts of the benchmark that touch the machine: finding binaries, starting podinfo, running k6 under GNU
// time. Everything listens and connects on loopback only.
import { spawn } from "node:child_process";
import { accessSync, constants, readFileSync } from "node:fs";
import { connect } from "node:net";
import { delimiter, join } from "node:path";
import { withoutGcTrace } from "./gc-trace.ts";
import { childPids, cpuTimesFromStat, type CpuTimes } from "./proc-stat.ts";
import { parseTimeOutput, TIME_FORMAT, type ProcessCost } from "./time-output.ts";

export const GNU_TIME = "/usr/bin/time";

/** The path of an executable on PATH, or undefined. */
export function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export interface TimedRun extends ProcessCost {
  exitCode: number;
  stderr: string;
  /** CPU seconds the command used between `cpuWindow.fromMs` and `cpuWindow.toMs` after it started, when asked. */
  windowCpuSeconds?: number;
  /**
   * The part of `windowCpuSeconds` spent in the kernel (system calls, loopback's TCP stack). Linux measures the
   * total exactly but splits it by which side each timer tick (4 ms here) landed in: a sampled share.
   */
  windowSystemSeconds?: number;
}

/** A span of a run, in milliseconds after the command was started. */
export interface CpuWindow {
  fromMs: number;
  toMs: number;
}

/** CPU seconds so far of the process GNU time (`timePid`) runs. */
function commandCpuTimes(timePid: number): CpuTimes {
  const [pid] = childPids(readFileSync(`/proc/${timePid}/task/${timePid}/children`, "utf8"));
  if (pid === undefined) throw new Error("the measured command is not running (it exited before the CPU window closed)");
  return cpuTimesFromStat(readFileSync(`/proc/${pid}/stat`, "utf8"));
}

/**
 * Runs a command under GNU time and returns its CPU time and peak RSS (and its CPU time within `cpuWindow`);
 * kills it after `limitMs`.
 */
export function runTimed(command: string, args: readonly string[], env: Record<string, string>, timeFile: string, limitMs: number, cpuWindow?: CpuWindow): Promise<TimedRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(GNU_TIME, ["-f", TIME_FORMAT, "-o", timeFile, command, ...args], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let windowCpu: CpuTimes | undefined;
    let windowError: unknown;
    const windowTimers: NodeJS.Timeout[] = [];
    if (cpuWindow !== undefined) {
      let atStart: CpuTimes | undefined;
      const sample = (then: (cpu: CpuTimes) => void) => () => {
        try {
          then(commandCpuTimes(child.pid as number));
        } catch (err) {
          windowError ??= err;
        }
      };
      windowTimers.push(setTimeout(sample((cpu) => (atStart = cpu)), cpuWindow.fromMs));
      windowTimers.push(setTimeout(sample((cpu) => {
        if (atStart !== undefined) windowCpu = { userSeconds: cpu.userSeconds - atStart.userSeconds, systemSeconds: cpu.systemSeconds - atStart.systemSeconds };
      }), cpuWindow.toMs));
    }
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      if (stderr.length < 200_000) stderr += chunk.toString(); // room for a GC trace line per cycle
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), limitMs);
    const clearTimers = () => [timer, ...windowTimers].forEach(clearTimeout);
    child.on("error", (err) => {
      clearTimers();
      reject(err);
    });
    child.on("close", (code) => {
      clearTimers();
      try {
        if (cpuWindow !== undefined && windowCpu === undefined) throw new Error(`no CPU figure for the window ${cpuWindow.fromMs}-${cpuWindow.toMs} ms: ${String(windowError ?? "the run ended first")}`);
        const window = windowCpu === undefined ? {} : { windowCpuSeconds: windowCpu.userSeconds + windowCpu.systemSeconds, windowSystemSeconds: windowCpu.systemSeconds };
        resolve({ ...parseTimeOutput(readFileSync(timeFile, "utf8")), exitCode: code ?? -1, stderr, ...window });
      } catch (err) {
        reject(new Error(`${command} ${args.join(" ")} exited ${code}: ${withoutGcTrace(stderr).slice(0, 2000)}\n${String(err)}`));
      }
    });
  });
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

export interface Podinfo {
  /** Stops podinfo and resolves once it exited, so the next run finds its ports free. */
  stop(): Promise<void>;
}

/** Starts podinfo on loopback with the given ports (and extra flags) and waits until they accept connections. */
export async function startPodinfo(binary: string, ports: { http: number; grpc: number; metrics: number }, extraArgs: readonly string[] = []): Promise<Podinfo> {
  // Another server (a podinfo still shutting down) would answer for ours and hide that ours failed to start.
  for (const port of [ports.http, ports.grpc, ports.metrics]) {
    if (await portOpen(port)) throw new Error(`port ${port} on 127.0.0.1 is already in use`);
  }
  const child = spawn(
    binary,
    ["--host=127.0.0.1", `--port=${ports.http}`, `--grpc-port=${ports.grpc}`, "--grpc-service-name=podinfo", `--port-metrics=${ports.metrics}`, "--level=error", ...extraArgs],
    { stdio: ["ignore", "ignore", "inherit"] },
  );
  let exited = false;
  child.on("exit", () => {
    exited = true;
  });
  for (let attempt = 0; attempt < 100; attempt++) {
    if (exited) throw new Error(`podinfo exited at start (ports ${ports.http}/${ports.grpc} in use?)`);
    if ((await portOpen(ports.http)) && (await portOpen(ports.grpc))) {
      return {
        stop: () =>
          new Promise<void>((resolve) => {
            if (exited) return resolve();
            // podinfo drains for up to --server-shutdown-timeout (5 s) on SIGTERM; no need to wait for that here.
            child.once("exit", () => resolve());
            child.kill("SIGKILL");
          }),
      };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill("SIGKILL");
  throw new Error(`podinfo did not open ports ${ports.http}/${ports.grpc} within 10 s`);
}
