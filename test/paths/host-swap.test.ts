// Pointing URLs and addresses at a pod IP keeps scheme, port, path and query.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { hostOf, withHost } from "../../src/paths/host-swap.ts";
import { destinationHost } from "../../src/paths/destination-host.ts";

describe("host swapping", () => {
  it("replaces the host of a URL, keeping port, path and query", () => {
    assert.equal(withHost("http://podinfo-headless.lab.svc:9898/api/info?x=1", "10.1.2.3"), "http://10.1.2.3:9898/api/info?x=1");
  });
  it("works without port or path", () => assert.equal(withHost("https://podinfo", "10.1.2.3"), "https://10.1.2.3"));
  it("brackets IPv6 pod IPs", () => assert.equal(withHost("http://podinfo:9898/", "fd00::7"), "http://[fd00::7]:9898/"));
  it("replaces the host of a host:port address", () => assert.equal(withHost("podinfo-headless:9999", "10.1.2.3"), "10.1.2.3:9999"));
  it("reads the host of URLs and addresses, IPv6 included", () => {
    assert.deepEqual(
      [hostOf("http://podinfo-headless.lab.svc:9898/x"), hostOf("podinfo:9999"), hostOf("[fd00::1]:9999"), hostOf("http://[fd00::1]/")],
      ["podinfo-headless.lab.svc", "podinfo", "fd00::1", "fd00::1"],
    );
  });
  it("finds the destination host of every protocol's target", () => {
    assert.deepEqual(
      [
        destinationHost({ name: "a", protocol: "http", url: "http://h1.ns.svc:9898/api/info" }),
        destinationHost({ name: "b", protocol: "grpc", address: "h2.ns.svc:9999" }),
        destinationHost({ name: "c", protocol: "tcp", host: "h3.ns.svc", port: 1 }),
      ],
      ["h1.ns.svc", "h2.ns.svc", "h3.ns.svc"],
    );
  });
});
