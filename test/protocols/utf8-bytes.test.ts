// What a TCP exchange expects a reply to start with: bytes always, and text only where a decoder's output proves them.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { expectedReply } from "../../src/protocols/utf8-bytes.ts";

describe("expectedReply", () => {
  it("keeps the UTF-8 bytes, one character per byte, and the text for the one-call check", () => {
    assert.deepEqual(expectedReply("Grüße"), { expectedPrefix: "Gr\u00c3\u00bc\u00c3\u009fe", expectedText: "Grüße" });
  });

  it("checks by bytes only a prefix a decoder could match without its bytes: U+FFFD (any invalid byte decodes to it) or a surrogate", () => {
    assert.equal(expectedReply("ok \uFFFD").expectedText, undefined);
    assert.equal(expectedReply("\uD800").expectedText, undefined, "a lone surrogate: its bytes are not UTF-8");
    assert.equal(expectedReply("smile \uD83D\uDE00").expectedText, undefined);
    assert.equal(expectedReply("smile \uD83D\uDE00").expectedPrefix, "smile \u00f0\u009f\u0098\u0080");
  });

  it("expects nothing when no prefix is configured", () => {
    assert.deepEqual(expectedReply(undefined), { expectedPrefix: undefined, expectedText: undefined });
  });
});
