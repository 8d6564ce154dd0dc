// A model of k6's constant-arrival-rate executor in virtual time (node:test mock timers): an iteration starts
// every 1/rate s on a free VU, a new VU is made while fewer than maxVUs exist, else the iteration is dropped (and
// counted). Each VU keeps its own state across iterations, as each k6 VU has its own runtime: `newVu` builds a
// VU's iteration function (its probe) once. A VU is busy until its
// iteration's promise settles and, as on real k6, until every k6/x/tcp dial it started has ended: a pending
// dial keeps the iteration's event loop alive even after the probe's own promise resolved
// (../shared/reference/k6-failure-modes.md, section 3).
import { AsyncLocalStorage } from "node:async_hooks";
import { mock } from "node:test";
import { tcpPeers, type Socket } from "./k6-x-tcp.ts";

export interface ArrivalRateRun {
  started: number;
  dropped: number;
}

interface Vu {
  iteration: () => unknown;
  settled: boolean;
  sockets: Socket[];
}

/** Runs VUs' iterations at `ratePerSecond` for `durationMs` of virtual time on at most `maxVUs` VUs. */
export async function constantArrivalRate(options: {
  ratePerSecond: number;
  durationMs: number;
  maxVUs: number;
  newVu: () => () => unknown;
}): Promise<ArrivalRateRun & { vus: number }> {
  const { ratePerSecond, durationMs, maxVUs, newVu } = options;
  const stepMs = 10;
  const everyMs = 1000 / ratePerSecond;
  const busy = new Set<Vu>();
  const idle: Vu[] = [];
  let vus = 0;
  const run = { started: 0, dropped: 0, vus: 0 };
  // Which VU's iteration opened a socket: async context follows the probe's awaits.
  const current = new AsyncLocalStorage<Vu>();
  tcpPeers.onSocket = (socket) => current.getStore()?.sockets.push(socket);
  const flush = () => new Promise((resolve) => setImmediate(resolve)); // setImmediate is not mocked
  mock.timers.enable({ apis: ["setTimeout", "Date"], now: 0 });
  try {
    let nextArrival = 0;
    for (let t = 0; t <= durationMs + 60_000; t += stepMs) {
      if (t < durationMs && t >= nextArrival) {
        nextArrival += everyMs;
        let vu = idle.shift();
        if (vu === undefined && vus < maxVUs) {
          vus++;
          vu = { iteration: newVu(), settled: false, sockets: [] };
        }
        if (vu === undefined) run.dropped++;
        else {
          run.started++;
          const started = vu;
          started.settled = false;
          started.sockets = [];
          busy.add(started);
          void current.run(started, () => Promise.resolve(started.iteration())).finally(() => {
            started.settled = true;
          });
        }
      }
      await flush();
      for (const vu of busy) {
        if (vu.settled && vu.sockets.every((s) => s.state !== "dialing")) {
          busy.delete(vu);
          idle.push(vu);
        }
      }
      if (t >= durationMs && busy.size === 0) break;
      mock.timers.tick(stepMs);
      await flush();
    }
  } finally {
    mock.timers.reset();
    tcpPeers.onSocket = undefined;
  }
  run.vus = vus;
  return run;
}
