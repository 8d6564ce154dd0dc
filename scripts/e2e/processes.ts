// Child processes the e2e starts, all of them tracked so that every exit path (success, failure, an exception,
// SIGINT, SIGTERM) stops them, and every run bounded in time.
import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import { createWriteStream } from "node:fs";
import type { ProcessEnd } from "./exit-codes.ts";

const running = new Set<ChildProcess>();
const KILL_GRACE_MS = 3_000;

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), KILL_GRACE_MS);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

export async function stopAll(): Promise<void> {
  await Promise.all([...running].map(stop));
}

/** On SIGINT/SIGTERM: stop every child, run `cleanup`, then exit with 130/143. Call once at start. */
export function stopAllOnSignals(cleanup: () => void): void {
  let stopping = false;
  for (const [signal, code] of [
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const) {
    // `on`, not `once`: a second Ctrl-C while stopping must not kill this process before its children.
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      console.error(`e2e: ${signal}: stopping ${running.size} process(es)`);
      void stopAll()
        .then(cleanup)
        .finally(() => process.exit(code));
    });
  }
  // Last resort if something exits without the cleanup above: no process may outlive the e2e.
  process.once("exit", () => {
    for (const child of running) child.kill("SIGKILL");
  });
}

export interface Service {
  name: string;
  child: ChildProcess;
  /** stdout and stderr so far (capped), for error messages */
  output(): string;
  stop(): Promise<void>;
}

const OUTPUT_CAP = 64 * 1024;

/** Starts a long-running process whose output is kept in memory (last 64 KiB) and written to `logFile`. */
export function startService(name: string, command: string, args: readonly string[], logFile: string, options: SpawnOptions = {}): Service {
  const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
  running.add(child);
  child.once("exit", () => running.delete(child));
  const log = createWriteStream(logFile);
  let output = "";
  const keep = (chunk: Buffer): void => {
    log.write(chunk);
    output = (output + chunk.toString()).slice(-OUTPUT_CAP);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  child.once("error", (error) => keep(Buffer.from(`spawn error: ${error.message}\n`)));
  child.once("exit", () => log.end());
  return { name, child, output: () => output, stop: () => stop(child) };
}

export interface RunResult extends ProcessEnd {
  stdout: string;
  stderr: string;
  durationMs: number;
}

/** Runs a command to its end, killing it after `timeoutMs`. */
export function runBounded(command: string, args: readonly string[], timeoutMs: number, options: SpawnOptions = {}): Promise<RunResult> {
  const started = Date.now();
  const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
  running.add(child);
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => (stdout = (stdout + chunk.toString()).slice(-4 * OUTPUT_CAP)));
  child.stderr?.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4 * OUTPUT_CAP)));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    void stop(child);
  }, timeoutMs);
  return new Promise((resolve) => {
    let done = false;
    const finish = (code: number | null, signal: string | null): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      running.delete(child);
      resolve({ code, signal, timedOut, stdout, stderr, durationMs: Date.now() - started });
    };
    child.once("error", (error) => {
      stderr += `spawn error: ${error.message}\n`;
      finish(null, null);
    });
    child.once("close", finish);
  });
}
