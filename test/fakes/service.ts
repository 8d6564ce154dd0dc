// A Kubernetes Service in front of podinfo pods, for every fake that dials: its cluster IP is balanced per new
// TCP connection, as kube-proxy's DNAT does (it picks a backend at random; round-robin keeps tests exact), and a
// kept-alive connection stays with the pod it reached. A dead pod whose endpoint is still listed refuses.
// Every pod answers as podinfo does, naming itself: HTTP /api/info, gRPC info.InfoService/Info, and raw TCP
// bytes of an HTTP response carrying the same JSON.
import { httpServer, type HttpBehaviour } from "./k6-http.ts";
import { grpcServer } from "./k6-net-grpc.ts";
import { tcpPeers, type TcpPeer } from "./k6-x-tcp.ts";

const infoJson = (pod: string) => `{\n  "hostname": "${pod}",\n  "version": "6.14.1"\n}`;

export class ServiceFake {
  readonly clusterIp: string;
  readonly pods: readonly string[];
  /** Pods whose process is gone while their endpoint is still listed. */
  readonly dead = new Set<string>();
  /** New connections per pod, dead or alive. */
  readonly connections = new Map<string, number>();
  #next = 0;

  constructor(clusterIp: string, pods: readonly string[]) {
    this.clusterIp = clusterIp;
    this.pods = pods;
  }

  /** One new connection to the cluster IP: the next backend. */
  #dial(): TcpPeer {
    const pod = this.pods[this.#next++ % this.pods.length] as string;
    this.connections.set(pod, (this.connections.get(pod) ?? 0) + 1);
    if (this.dead.has(pod)) return { kind: "refused" };
    const raw = `HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\n\r\n${infoJson(pod)}`;
    return { kind: "reply", chunks: [raw], pod };
  }

  /** Route every fake's connections to the cluster IP through this Service; anything else refuses. */
  install(): void {
    tcpPeers.peer = (host) => (host === this.clusterIp ? this.#dial() : { kind: "refused" });
    httpServer.behaviour = (_method, _url, conn): HttpBehaviour => {
      const pod = "pod" in conn.peer ? conn.peer.pod : undefined;
      return pod === undefined ? { kind: "answer", status: 404 } : { kind: "answer", status: 200, body: infoJson(pod) };
    };
    grpcServer.methods["info.InfoService/Info"] = (_request, conn) => ({ status: 0, message: { hostname: conn.pod ?? "", version: "6.14.1" } });
  }
}
