// A model of k6's constant-arrival-rate executor in virtual time (node:test mock timers): an iteration starts
// every 1/rate s on a free VU, or is dropped (and counted) when every VU is busy. A VU is busy until its
// iteration's promise settles and, as on real k6, until every k6/x/tcp dial it started has ended: a pending
// dial keeps the iteration's event loop alive even after the probe's own promise resolved
// (../shared/reference/k6-failure-modes.md, section 3).
import { mock } from "node:test";
import { tcpPeers, type Socket } from "./k6-x-tcp.ts";

export interface ArrivalRateRun {
  started: number;
  dropped: number;
}

interface Vu {
  settled: boolean;
  sockets: Socket[];
}

/** Runs `iteration` at `ratePerSecond` for `durationMs` of virtual time on at most `maxVUs` VUs. */
export async function constantArrivalRate(options: {
  ratePerSecond: number;
  durationMs: number;
  maxVUs: number;
  iteration: () => unknown;
}): Promise<ArrivalRateRun> {
  const { ratePerSecond, durationMs, maxVUs, iteration } = options;
  const stepMs = 10;
  const everyMs = 1000 / ratePerSecond;
  const busy = new Set<Vu>();
  const run: ArrivalRateRun = { started: 0, dropped: 0 };
  const flush = () => new Promise((resolve) => setImmediate(resolve)); // setImmediate is not mocked
  mock.timers.enable({ apis: ["setTimeout", "Date"], now: 0 });
  try {
    let nextArrival = 0;
    for (let t = 0; t <= durationMs + 60_000; t += stepMs) {
      if (t < durationMs && t >= nextArrival) {
        nextArrival += everyMs;
        if (busy.size >= maxVUs) run.dropped++;
        else {
          run.started++;
          const vu: Vu = { settled: false, sockets: [] };
          busy.add(vu);
          const before = tcpPeers.sockets.length;
          void Promise.resolve(iteration()).finally(() => {
            vu.settled = true;
            vu.sockets = tcpPeers.sockets.slice(before);
          });
        }
      }
      await flush();
      for (const vu of busy) if (vu.settled && vu.sockets.every((s) => s.state !== "dialing")) busy.delete(vu);
      if (t >= durationMs && busy.size === 0) break;
      mock.timers.tick(stepMs);
      await flush();
    }
  } finally {
    mock.timers.reset();
  }
  return run;
}
