// The runner's entrypoint (the run-k6.sh that each overlay actually ships in its ConfigMap) gives pod i of N the
// k6 execution segment i/N:(i+1)/N: the segments tile 0..1 with no gap and no overlap, so the configured total rate
// is sent exactly once whatever the replica count. Run with a stand-in `k6` on PATH that prints its arguments.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { createHash } from "node:crypto";
import { parseK6Args } from "./k6-cli.ts";
import { configMapData, overlayNames, render } from "./render.ts";
import { loadRunnerConfig, runners } from "./runners.ts";

/** Exact rationals: floating point could hide a one-in-a-million gap between segments. */
interface Fraction {
  n: bigint;
  d: bigint;
}
function gcd(a: bigint, b: bigint): bigint {
  return b === 0n ? (a < 0n ? -a : a) : gcd(b, a % b);
}
function frac(n: bigint, d: bigint): Fraction {
  const g = gcd(n, d) || 1n;
  return { n: n / g, d: d / g };
}
function parseFraction(text: string): Fraction {
  const m = /^(\d+)(?:\/(\d+))?$/.exec(text);
  assert.ok(m, `not a k6 fraction: ${text}`);
  return frac(BigInt(m[1] ?? "0"), BigInt(m[2] ?? "1"));
}
const add = (a: Fraction, b: Fraction) => frac(a.n * b.d + b.n * a.d, a.d * b.d);
const sub = (a: Fraction, b: Fraction) => frac(a.n * b.d - b.n * a.d, a.d * b.d);
const mul = (a: Fraction, b: Fraction) => frac(a.n * b.n, a.d * b.d);
const same = (a: Fraction, b: Fraction) => a.n * b.d === b.n * a.d;
/** Config rates are decimals (0.5, 2.25): read them exactly from their text. */
function decimal(x: number): Fraction {
  const [whole, part = ""] = String(x).split(".");
  return frac(BigInt(`${whole}${part}`), 10n ** BigInt(part.length));
}

const work = mkdtempSync(join(tmpdir(), "run-k6-"));
after(() => rmSync(work, { recursive: true, force: true }));
const fakeBin = join(work, "bin");
spawnSync("mkdir", ["-p", fakeBin]);
// Arguments one per line on stdout; the environment k6 would see for GOMEMLIMIT on stderr.
writeFileSync(join(fakeBin, "k6"), "#!/bin/sh\necho \"fake-k6 GOMEMLIMIT=${GOMEMLIMIT:-}\" >&2\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done\n");
chmodSync(join(fakeBin, "k6"), 0o755);

/** A stand-in bundle: the entrypoint hashes it for the bundle tag. */
const bundlePath = join(work, "load.js");
const bundleText = "export default function () {}\n";
writeFileSync(bundlePath, bundleText);
const bundleTag = createHash("sha256").update(bundleText).digest("hex").slice(0, 12);

interface RunResult {
  status: number | null;
  args: string[];
  stderr: string;
}

function runEntrypoint(script: string, env: Record<string, string>, extraArgs: string[] = []): RunResult {
  const path = join(work, "run-k6.sh");
  writeFileSync(path, script);
  const result = spawnSync("sh", [path, ...extraArgs], {
    encoding: "utf8",
    env: { PATH: `${fakeBin}:/usr/bin:/bin`, ...env },
  });
  return { status: result.status, args: result.stdout.split("\n").filter((l) => l !== ""), stderr: result.stderr };
}

function flag(args: string[], name: string): string {
  const found = args.filter((a) => a.startsWith(`${name}=`));
  assert.equal(found.length, 1, `${name} given once in ${args.join(" ")}`);
  return (found[0] as string).slice(name.length + 1);
}

function podEnv(index: number | "", replicas: number, extra: Record<string, string> = {}): Record<string, string> {
  return { POD_INDEX: String(index), RUNNER_REPLICAS: String(replicas), POD_NAME: `k6-runner-${index === "" ? 0 : index}`, POD_NAMESPACE: "ns-a", NODE_NAME: "node-a", ZONE: "zone-1", ZONE_FALLBACK: "local", K6_SCRIPT: bundlePath, ...extra };
}

/** Runs every pod of an N-replica runner and checks the segments tile 0..1 in order, sharing one sequence. */
function segmentsFor(script: string, replicas: number): Fraction[] {
  const lengths: Fraction[] = [];
  let expectedStart = frac(0n, 1n);
  let sequence: string | undefined;
  for (let i = 0; i < replicas; i++) {
    const run = runEntrypoint(script, podEnv(i, replicas));
    assert.equal(run.status, 0, run.stderr);
    const [from, to, ...rest] = flag(run.args, "--execution-segment").split(":");
    assert.equal(rest.length, 0);
    const start = parseFraction(from ?? "");
    const end = parseFraction(to ?? "");
    assert.ok(same(start, expectedStart), `pod ${i} of ${replicas} starts at ${from}, not where pod ${i - 1} ended`);
    assert.ok(end.n * start.d > start.n * end.d, `pod ${i} of ${replicas} has an empty segment`);
    lengths.push(sub(end, start));
    expectedStart = end;
    const seq = flag(run.args, "--execution-segment-sequence");
    if (sequence !== undefined) assert.equal(seq, sequence, "every pod must use the same segment sequence");
    sequence = seq;
  }
  assert.ok(same(expectedStart, frac(1n, 1n)), `the last of ${replicas} segments ends at 1`);
  const boundaries = (sequence ?? "").split(",").map(parseFraction);
  assert.equal(boundaries.length, replicas + 1);
  return lengths;
}

const entrypoint = configMapData(render("local"), "k6-runner-entrypoint")["run-k6.sh"] ?? "";

describe("runner entrypoint (run-k6.sh)", () => {
  it("splits 0..1 into N equal, adjacent segments for every N from 1 to 12", () => {
    for (let n = 1; n <= 12; n++) {
      const lengths = segmentsFor(entrypoint, n);
      for (const length of lengths) assert.ok(same(length, frac(1n, BigInt(n))), `each of ${n} pods runs 1/${n}`);
    }
  });

  it("starts k6 run with exactly the 24/7 flags, each one a k6 v2.2.0 `k6 run` flag, extra arguments before the script", () => {
    const run = runEntrypoint(entrypoint, podEnv(1, 3), ["--verbose"]);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.args[0], "run");
    const parsed = parseK6Args("run", run.args.slice(1));
    assert.deepEqual(parsed.unknown, [], "k6 run would refuse these");
    assert.deepEqual(parsed.positional, [bundlePath]);
    assert.deepEqual(run.args.slice(-2), ["--verbose", bundlePath]);
    const got = parsed.flags.map((f) => (f.value === undefined ? f.name : `${f.name}=${f.value}`)).sort();
    const want = [
      // No progress block rewritten every second to a non-terminal stdout (about 1M log lines per pod per day).
      "quiet",
      "execution-segment=1/3:2/3",
      "execution-segment-sequence=0,1/3,2/3,1",
      // Bounded memory for a year-long run: no end-of-test summary, no threshold sample keeping.
      "summary-mode=disabled",
      "no-thresholds",
      "no-usage-report",
      // No per-probe check() or cl_request_failed: nothing reads them with thresholds and summary off.
      "env=MODE=continuous",
      "out=experimental-prometheus-rw",
      "features=native-histograms",
      "tag=pod=k6-runner-1",
      "tag=node=node-a",
      "tag=zone=zone-1",
      "tag=namespace=ns-a",
      `tag=bundle=${bundleTag}`,
      "verbose",
    ].sort();
    assert.deepEqual(got, want);
  });

  it("names in its exec line no flag the test above does not check", () => {
    const exec = /^exec k6 run \\\n([\s\S]*?)"\$script"$/m.exec(entrypoint);
    assert.ok(exec, "run-k6.sh ends in one `exec k6 run \\ ... \"$script\"`");
    const flags = (exec[1] ?? "").match(/(?<=^\s*)--[a-z-]+/gm) ?? [];
    assert.deepEqual(flags.sort(), ["--env", "--execution-segment", "--execution-segment-sequence", "--features", "--no-thresholds", "--no-usage-report", "--out", "--quiet", "--summary-mode", "--tag", "--tag", "--tag", "--tag", "--tag"].sort());
  });

  it("sets Go's soft memory limit to 90% of the container's memory limit, unless GOMEMLIMIT is set", () => {
    assert.match(runEntrypoint(entrypoint, podEnv(0, 1, { MEMORY_LIMIT_BYTES: String(512 * 1024 * 1024) })).stderr, /fake-k6 GOMEMLIMIT=483183819$/m);
    assert.match(runEntrypoint(entrypoint, podEnv(0, 1, { MEMORY_LIMIT_BYTES: "1000", GOMEMLIMIT: "700MiB" })).stderr, /fake-k6 GOMEMLIMIT=700MiB$/m);
    assert.match(runEntrypoint(entrypoint, podEnv(0, 1)).stderr, /fake-k6 GOMEMLIMIT=$/m);
  });

  it("refuses to start without the namespace or a readable bundle", () => {
    const noNamespace = runEntrypoint(entrypoint, podEnv(0, 1, { POD_NAMESPACE: "" }));
    assert.notEqual(noNamespace.status, 0);
    assert.match(noNamespace.stderr, /POD_NAMESPACE must be set/);
    const noBundle = runEntrypoint(entrypoint, podEnv(0, 1, { K6_SCRIPT: join(work, "missing.js") }));
    assert.equal(noBundle.status, 64);
    assert.match(noBundle.stderr, /missing\.js is not readable/);
    assert.deepEqual(noBundle.args, []);
  });

  it("takes the index from the pod name when the pod-index label is missing (Kubernetes < 1.28)", () => {
    const run = runEntrypoint(entrypoint, podEnv("", 3, { POD_NAME: "k6-runner-2" }));
    assert.equal(run.status, 0, run.stderr);
    assert.equal(flag(run.args, "--execution-segment"), "2/3:1");
  });

  it("tags the overlay's fallback zone when the pod carries no zone label, never an empty tag", () => {
    assert.ok(runEntrypoint(entrypoint, podEnv(0, 2, { ZONE: "" })).args.includes("zone=local"));
    assert.ok(runEntrypoint(entrypoint, podEnv(0, 2, { ZONE: "", ZONE_FALLBACK: "" })).args.includes("zone=unknown"));
  });

  it("refuses to start a pod beyond the configured count instead of sending a duplicate slice", () => {
    const run = runEntrypoint(entrypoint, podEnv(3, 3));
    assert.equal(run.status, 64);
    assert.match(run.stderr, /POD_INDEX 3 is not below RUNNER_REPLICAS 3/);
    assert.deepEqual(run.args, [], "k6 must not start");
  });

  it("refuses a replica count that is not a whole number", () => {
    for (const bad of ["", "0", "2.5", "set-by-kustomize-replacement"]) {
      const run = runEntrypoint(entrypoint, podEnv(0, 1, { RUNNER_REPLICAS: bad }));
      assert.equal(run.status, 64, `RUNNER_REPLICAS=${bad}`);
      assert.deepEqual(run.args, []);
    }
  });
});

for (const overlay of overlayNames()) {
  describe(`overlay ${overlay}: configured rate`, () => {
    const objects = render(overlay);
    for (const runner of runners(objects)) {
      it(`is sent exactly once in total across ${runner.name}'s replicas`, () => {
        const replicas = Number(runner.container.env?.find((e) => e.name === "RUNNER_REPLICAS")?.value);
        assert.equal(replicas, runner.replicas, "the entrypoint is told the StatefulSet's real replica count");

        const config = loadRunnerConfig(runner);
        const total = config.targets.reduce((sum, t) => add(sum, decimal(t.rate ?? config.defaults.rate)), frac(0n, 1n));
        assert.ok(total.n > 0n);
        const script = configMapData(objects, "k6-runner-entrypoint")["run-k6.sh"] ?? "";
        const perPod = segmentsFor(script, runner.replicas).map((length) => mul(total, length));
        const sent = perPod.reduce(add, frac(0n, 1n));
        assert.ok(same(sent, total), `pods send ${sent.n}/${sent.d} per second in total, configured ${total.n}/${total.d}`);
      });
    }
  });
}
