// `npm run e2e` on a machine without the tools: it names them, says SKIPPED and exits 0, so CI may call it.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";

const script = new URL("../../scripts/e2e.ts", import.meta.url).pathname;
const bin = mkdtempSync(join(tmpdir(), "cl-e2e-path-"));
after(() => rmSync(bin, { recursive: true, force: true }));

describe("npm run e2e without k6, podinfo and prometheus", () => {
  it("names what is missing, prints e2e: SKIPPED and exits 0", () => {
    // A PATH holding only node: none of the three tools can be found, whatever this machine has installed.
    symlinkSync(process.execPath, join(bin, "node"));
    const run = spawnSync(process.execPath, ["--import", "tsx", script], { env: { PATH: bin }, encoding: "utf8", timeout: 60_000 });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, "e2e: missing: k6 (not on PATH), podinfo (not on PATH), prometheus (not on PATH)\ne2e: SKIPPED\n");
  });
});
