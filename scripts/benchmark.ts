// Purpose: measure the engine's own JavaScript cost per probe (config prepared in init, metrics, classification)
//          against a minimal hand-written k6 probe doing the same request and check, both on the fake k6/http.
//          It prints figures; it asserts nothing. Real k6 (Go HTTP stack, Sobek instead of V8) must still be
//          measured with real k6: see README, Testing.
// Prerequisites: npm ci.
// Usage: node --import tsx --import ./test/fakes/register.mjs scripts/benchmark.ts [iterations]
import { check } from "k6";
import http from "k6/http";
import { loadConfig } from "../src/config/load-config.ts";
import { createRecorder } from "../src/metrics/recorder.ts";
import { planTargets } from "../src/options/target-plan.ts";
import { createHttpProbe } from "../src/protocols/http.ts";
import { httpServer } from "../test/fakes/k6-http.ts";
import { k6State } from "../test/fakes/state.ts";

const iterations = Number(process.argv[2] ?? 200_000);
const URL_STATUS = "http://127.0.0.1:9898/status/200";

const config = loadConfig({ TARGETS: JSON.stringify([{ name: "status", protocol: "http", url: URL_STATUS }]) });
const [plan] = planTargets(config);
if (plan === undefined || plan.target.protocol !== "http") throw new Error("no HTTP plan");
const engineProbe = createHttpProbe(plan as Parameters<typeof createHttpProbe>[0], createRecorder(plan));

// What a person would write by hand for the same probe.
const minimalParams = { timeout: "5s", tags: { name: "status" } };
function minimalProbe(): void {
  const res = http.get(URL_STATUS, minimalParams);
  check(res, { "status is 200": (r) => r.status === 200 });
}

httpServer.behaviour = () => ({ kind: "answer", status: 200, durationMs: 0 });

function measure(label: string, probe: () => void): number {
  for (let i = 0; i < 10_000; i++) probe(); // warm up the JIT
  k6State.samples = [];
  const started = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) {
    probe();
    if (k6State.samples.length > 100_000) k6State.samples = []; // keep memory flat; the fake records every sample
  }
  const perProbeUs = Number(process.hrtime.bigint() - started) / 1000 / iterations;
  console.log(`${label.padEnd(34)} ${perProbeUs.toFixed(2)} µs/probe`);
  return perProbeUs;
}

console.log(`${iterations} probes each, fake k6/http answering 200 at once (Node ${process.version})`);
const minimal = measure("minimal hand-written probe", minimalProbe);
const engine = measure("engine HTTP probe", engineProbe);
console.log(`engine / minimal                   ${(engine / minimal).toFixed(2)}x (difference ${(engine - minimal).toFixed(2)} µs/probe: project metrics and one check, vs one check)`);
