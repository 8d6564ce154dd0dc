// The fakes against the measured truth table (../shared/reference/k6-failure-modes.md): types as well as values,
// so an engine that compares k6's wrapped values like plain numbers fails here exactly as it does on real k6.
import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import grpc from "k6/net/grpc";
import http from "k6/http";
import { resolve } from "k6/x/dns";
import { Socket } from "k6/x/tcp";
import { dnsServer } from "./k6-x-dns.ts";
import { httpServer } from "./k6-http.ts";
import { K6_DIAL_TIMEOUT_MS, tcpPeers } from "./k6-x-tcp.ts";
import { k6State } from "./state.ts";
import { resetFakes } from "../helpers.ts";

describe("fake k6/net/grpc", () => {
  beforeEach(resetFakes);

  it("returns statuses as wrapped Go values: an object, === a number is false, valueOf and the constants work", () => {
    const client = new grpc.Client();
    client.connect("127.0.0.1:9999", { plaintext: true, reflect: true, timeout: "1s" });
    const res = client.invoke("version.VersionService/Version", {});
    const status: unknown = res.status;
    assert.equal(typeof status, "object");
    assert.notEqual(status, 0);
    assert.equal(Number(status), 0);
    assert.equal(status, grpc.StatusOK);
    assert.equal(JSON.stringify({ status }), '{"status":0}');
    const health: unknown = (client.healthCheck("podinfo") as unknown as { status: unknown }).status;
    assert.notEqual(health, 1);
    assert.equal(Number(health), 1);
  });

  it("gives error.code as a plain number", () => {
    const client = new grpc.Client();
    client.connect("127.0.0.1:9999", { plaintext: true, reflect: true });
    const res = client.invoke("status.StatusService/Status", { code: "NotFound" });
    assert.equal((res.error as { code: unknown }).code, 5);
  });

  it("leaves message null when told to discard it, the status intact (measured on k6 v2.2.0)", () => {
    const client = new grpc.Client();
    client.connect("127.0.0.1:9999", { plaintext: true, reflect: true, timeout: "1s" });
    const discarded = client.invoke("version.VersionService/Version", {}, { discardResponseMessage: true });
    assert.equal(discarded.message, null);
    assert.equal(Number(discarded.status), 0);
    assert.equal((client.invoke("version.VersionService/Version", {}).message as { version?: string }).version, "6.14.1");
  });

  it("keeps reflected descriptors across close() and a connect without reflect, as k6's client keeps c.mds (measured)", () => {
    const client = new grpc.Client();
    client.connect("127.0.0.1:9999", { plaintext: true, reflect: true, timeout: "1s" });
    client.close();
    client.connect("127.0.0.1:9999", { plaintext: true, timeout: "1s" });
    assert.equal(Number(client.invoke("version.VersionService/Version", {}).status), 0);
  });

  it("rejects what real k6 rejects: TLS to a plaintext port, methods without reflection", () => {
    const client = new grpc.Client();
    assert.throws(() => client.connect("127.0.0.1:9999", { timeout: "5ms" }), /authentication handshake failed/);
    client.connect("127.0.0.1:9999", { plaintext: true });
    assert.throws(() => client.invoke("version.VersionService/Version", {}), /not found in file descriptors/);
  });
});

describe("fake k6/x/tcp", () => {
  beforeEach(resetFakes);

  it("hands data over as UTF-8 bytes in a reused buffer that the next read overwrites", async () => {
    tcpPeers.peer = () => ({ kind: "greet", chunks: ["héllo", "ab"] });
    const socket = new Socket();
    const seen: Array<{ chunk: number[]; copy: number[] }> = [];
    socket.on("data", (chunk: number[]) => seen.push({ chunk, copy: [...chunk] }));
    const closed = new Promise<void>((done) => socket.on("close", () => done()));
    await socket.connect({ port: 1, host: "127.0.0.1" });
    await closed;
    assert.deepEqual(seen[0]?.copy, [0x68, 0xc3, 0xa9, 0x6c, 0x6c, 0x6f], "é is two UTF-8 bytes");
    assert.equal(seen[0]?.chunk, seen[1]?.chunk, "the same array every time");
    assert.notDeepEqual(seen[0]?.chunk, seen[0]?.copy, "a kept reference no longer holds the first chunk");
  });

  it("fires no error event when a dial to a SYN-dropping peer gives up, only the rejection", async () => {
    tcpPeers.peer = () => ({ kind: "syn-drop", dialMs: 5 });
    const socket = new Socket();
    let errors = 0;
    socket.on("error", () => errors++);
    await assert.rejects(socket.connect({ port: 1, host: "127.0.0.1" }), (e: unknown) => /i\/o timeout/.test(String(e)));
    await new Promise((done) => setTimeout(done, 10));
    assert.equal(errors, 0);
  });

  it("fails a TLS dial to a plaintext peer", async () => {
    tcpPeers.peer = () => ({ kind: "silent" });
    await assert.rejects(new Socket().connect({ port: 1, host: "127.0.0.1", tls: true }), (e: unknown) => /tls:/.test(String(e)));
  });
});

describe("k6's TextDecoder global", () => {
  beforeEach(resetFakes);

  it("decodes a k6/x/tcp chunk (a Go byte slice) in one call, as its bytes are at that read", async () => {
    tcpPeers.peer = () => ({ kind: "greet", chunks: ["héllo", "ab"] });
    const socket = new Socket();
    const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
    const texts: string[] = [];
    socket.on("data", (chunk: number[]) => texts.push(decoder.decode(chunk as unknown as Uint8Array)));
    const closed = new Promise<void>((done) => socket.on("close", () => done()));
    await socket.connect({ port: 1, host: "127.0.0.1" });
    await closed;
    assert.deepEqual(texts, ["héllo", "ab"]);
    assert.equal(k6State.goSliceDecodes, 2);
    assert.equal(tcpPeers.byteReads, 0, "no byte read one at a time");
  });

  it("rejects what k6 cannot export to bytes, and labels it does not know", () => {
    assert.throws(() => new TextDecoder().decode({ length: 1, 0: 72 } as unknown as Uint8Array), /not an ArrayBuffer, typed array, or DataView/);
    assert.throws(() => new TextDecoder("latin1"), RangeError);
    assert.equal(new TextDecoder().decode(new Uint8Array([0x48, 0x49])), "HI");
  });
});

describe("fake k6/x/dns", () => {
  beforeEach(resetFakes);

  it("rejects a whole query whose answer holds a CNAME", async () => {
    dnsServer.answer = () => ({ kind: "cname", target: "podinfo.example.com", addresses: ["10.0.0.1"] });
    await assert.rejects(resolve("alias.example.com", "A", "10.96.0.10"), (e: unknown) => /unhandled DNS answer type \*dns\.CNAME/.test(String(e)));
  });
});

describe("fake k6/http", () => {
  beforeEach(resetFakes);

  it("reuses a kept-alive connection (connecting 0) and dials afresh after Connection: close, as measured", () => {
    const connecting = (headers?: Record<string, string>) => http.request("GET", "http://127.0.0.1:9898/api/info", null, headers === undefined ? {} : { headers }).timings.connecting;
    assert.ok(connecting() > 0);
    assert.equal(connecting(), 0);
    assert.equal(connecting({ Connection: "close" }), 0, "the close applies after this response");
    assert.ok(connecting({ Connection: "close" }) > 0);
    assert.ok(connecting() > 0);
  });

  it("times out a dial to a SYN-dropping peer with every timing 0, and asyncRequest does not block meanwhile", async () => {
    tcpPeers.peer = () => ({ kind: "syn-drop", dialMs: K6_DIAL_TIMEOUT_MS });
    let ticked = false;
    setTimeout(() => (ticked = true), 5);
    const res = await http.asyncRequest("GET", "http://127.0.0.1:18080/", null, { timeout: "30ms" });
    assert.deepEqual([res.status, res.error_code, res.timings.connecting, res.timings.waiting], [0, 1050, 0, 0]);
    assert.equal(ticked, true);
  });

  it("returns error_code 1020, body [] and no samples for an invalid URL", () => {
    const res = http.get("http://[::1/");
    assert.equal(res.status, 0);
    assert.equal(res.error_code, 1020);
    assert.deepEqual(res.body, []);
    assert.deepEqual(k6State.samples, []);
    assert.equal(httpServer.calls.length, 1);
  });
});
