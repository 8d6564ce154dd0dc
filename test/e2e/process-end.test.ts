// k6's exit codes, stderr exceptions and the PASS/FAIL line.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkResult, formatCheck } from "../../scripts/e2e/check-line.ts";
import { describeEnd, exitAccepted } from "../../scripts/e2e/exit-codes.ts";
import { scriptErrors } from "../../scripts/e2e/script-errors.ts";
import { EXCEPTION_LINE, ORDINARY_LINES, REJECTION_LINE } from "./fixtures.ts";

describe("k6 exit codes", () => {
  it("name what k6's codes mean, a signal, and a run the e2e had to kill", () => {
    assert.equal(describeEnd({ code: 99, signal: null, timedOut: false }), "exit 99 (thresholds crossed)");
    assert.equal(describeEnd({ code: 107, signal: null, timedOut: false }), "exit 107 (script exception)");
    assert.equal(describeEnd({ code: 3, signal: null, timedOut: false }), "exit 3");
    assert.equal(describeEnd({ code: null, signal: "SIGSEGV", timedOut: false }), "killed by SIGSEGV");
    assert.equal(describeEnd({ code: null, signal: "SIGTERM", timedOut: true }), "killed after its time bound (SIGTERM)");
  });

  it("accept only an allowed code from a k6 that ended by itself", () => {
    assert.equal(exitAccepted({ code: 99, signal: null, timedOut: false }, [0, 99]), true);
    assert.equal(exitAccepted({ code: 107, signal: null, timedOut: false }, [0, 99]), false);
    assert.equal(exitAccepted({ code: 0, signal: null, timedOut: true }, [0]), false, "a killed run is no pass");
    assert.equal(exitAccepted({ code: null, signal: "SIGKILL", timedOut: false }, [0]), false);
  });
});

describe("scriptErrors", () => {
  it("finds a thrown exception and an unhandled rejection as k6 logs them", () => {
    assert.deepEqual(scriptErrors(`${ORDINARY_LINES}\n${EXCEPTION_LINE}\n${REJECTION_LINE}\n`), [EXCEPTION_LINE, REJECTION_LINE]);
  });

  it("finds a Go panic", () => {
    assert.equal(scriptErrors("panic: runtime error: invalid memory address\n\ngoroutine 123 [running]:\n").length, 2);
  });

  it("ignores the warnings and errors a failing target causes", () => {
    assert.deepEqual(scriptErrors(ORDINARY_LINES), []);
  });

  it("keeps at most `limit` lines, each cut at 300 characters", () => {
    const found = scriptErrors(`${EXCEPTION_LINE}${"x".repeat(400)}\n`.repeat(9), 2);
    assert.equal(found.length, 2);
    assert.equal(found[0]!.length, 303);
  });
});

describe("check lines", () => {
  it("print PASS with the figures, or FAIL with each problem below", () => {
    assert.equal(formatCheck(checkResult("defaults", "exit 0", [])), "PASS defaults: exit 0");
    assert.equal(formatCheck(checkResult("defaults", "exit 99", ["a", "b"])), "FAIL defaults: exit 99\n       - a\n       - b");
  });
});
