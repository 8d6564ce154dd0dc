// Review finding 1: the k6-operator passes a TestRun's `arguments` to the runners' `k6 run` and, filtered by its
// ParseCLI, to the initializer's `k6 archive`. Every word must be a flag both commands accept on k6 v2.2.0, or the
// initializer fails (`unknown flag: --features`, confirmed on real k6) and no runner ever starts. Also: the finite
// run lives only in the scale-test overlay, so no other overlay needs the operator's CRD.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { initializerArchiveArgv, operatorArchiveArgs, parseK6Args, runnerRunArgv } from "./k6-cli.ts";
import { OVERLAYS_DIR, ofKind, overlayNames, render, type TestRunPod } from "./render.ts";

const SCALE_TEST = "scale-test";

describe("k6-operator argument model (pkg/types/k6cli.go ParseCLI)", () => {
  it("drops what k6 archive cannot take and keeps the rest verbatim", () => {
    assert.deepEqual(operatorArchiveArgs("--no-usage-report --out experimental-prometheus-rw --tag testid=x"), ["--tag", "testid=x"]);
    assert.deepEqual(operatorArchiveArgs("-o cloud -l -v --verbose --user-agent a b --log-output=loki=x --vus 3"), ["--vus", "3"]);
    // The review's blocker: --features passes through to archive.
    assert.deepEqual(operatorArchiveArgs("--features native-histograms"), ["--features", "native-histograms"]);
    assert.deepEqual(operatorArchiveArgs("-e A=$(B)"), ["-e", 'A="${B}"']);
    assert.throws(() => operatorArchiveArgs("stray --tag a=b"), /invalid value for k6 CLI argument: `stray`/);
  });

  it("knows k6 v2.2.0's flag sets: --features is run-only, --quiet and --tag are everywhere", () => {
    assert.deepEqual(parseK6Args("archive", ["--features", "native-histograms", "s.js"]).unknown, ["--features"]);
    assert.deepEqual(parseK6Args("run", ["--features", "native-histograms", "s.js"]).unknown, []);
    assert.deepEqual(parseK6Args("archive", ["--out", "x"]).unknown, ["--out"]);
    const run = parseK6Args("run", ["-q", "--tag", "a=b", "--execution-segment=0:1/2", "-e", "X=1", "s.js"]);
    assert.deepEqual(run.unknown, []);
    assert.deepEqual(run.positional, ["s.js"]);
    assert.deepEqual(
      run.flags.map((f) => f.name),
      ["quiet", "tag", "execution-segment", "env"],
    );
    assert.deepEqual(parseK6Args("run", ["--bogus"]).unknown, ["--bogus"]);
  });
});

for (const overlay of overlayNames()) {
  describe(`overlay ${overlay}: k6-operator TestRuns`, () => {
    const testRuns = ofKind(render(overlay), "TestRun");

    it(overlay === SCALE_TEST ? "has the finite run, and says it needs the k6-operator" : "has no TestRun, so it needs no k6-operator CRD", () => {
      if (overlay !== SCALE_TEST) {
        assert.deepEqual(testRuns.map((t) => t.metadata.name), [], `${overlay} must apply on a cluster without the k6-operator (finite runs belong to ${SCALE_TEST})`);
        return;
      }
      assert.equal(testRuns.length, 1);
      assert.match(readFileSync(join(OVERLAYS_DIR, SCALE_TEST, "kustomization.yaml"), "utf8"), /NEEDS the k6-operator/);
    });

    for (const tr of testRuns) {
      const spec = tr.spec as { arguments: string; parallelism: number; script: { configMap: { file: string } }; initializer: TestRunPod; runner: TestRunPod };
      const script = `/test/${spec.script.configMap.file}`;

      it(`TestRun/${tr.metadata.name}: the initializer's k6 archive accepts every argument the operator passes it`, () => {
        const envNames = (spec.initializer.env ?? []).map((e) => e.name);
        const parsed = parseK6Args("archive", initializerArchiveArgv(spec.arguments, envNames, script));
        assert.deepEqual(parsed.unknown, [], `k6 archive would fail: unknown ${parsed.unknown.join(", ")}`);
        assert.deepEqual(parsed.positional, [script], "archive takes exactly one script");
      });

      it(`TestRun/${tr.metadata.name}: every runner's k6 run accepts its command, quiet and with native histograms`, () => {
        for (let i = 0; i < spec.parallelism; i++) {
          const parsed = parseK6Args("run", runnerRunArgv(spec.arguments, i, spec.parallelism, script, tr.metadata.name));
          assert.deepEqual(parsed.unknown, [], `runner ${i}: k6 run would fail on ${parsed.unknown.join(", ")}`);
          assert.deepEqual(parsed.positional, [script]);
          const outs = parsed.flags.filter((f) => f.name === "out").map((f) => f.value);
          assert.deepEqual(outs, ["experimental-prometheus-rw"], "remote write is the only output");
        }
        for (const [section, pod] of [["runner", spec.runner], ["initializer", spec.initializer]] as const) {
          const env = pod.env?.find((e) => e.name === "K6_FEATURES")?.value;
          assert.equal(env, "native-histograms", `${section}: K6_FEATURES turns native histograms on (there is no --features for archive)`);
        }
      });
    }
  });
}
