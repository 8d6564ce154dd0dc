// Turns the samples the engine emits on the fake k6 modules into the series k6's remote-write output would send:
// names from the metric contract (k6_ prefix, _total for counters), k6's tags plus the runner's --tag values as
// labels, k6_feature_native_histograms="true", one push per flush carrying only the series that got samples, and
// counters as running totals. Trends (native histograms) and Rates are left out: promtool 2.42 cannot feed native
// histograms, and no rule reads a Rate (docs/metrics.md).
import { NATIVE_HISTOGRAMS_LABEL, remoteWriteName } from "../../../src/observability/contract.ts";
import type { Sample } from "../../fakes/state.ts";
import type { K6RemoteWrite, Labels } from "./k6-sparse.ts";

export function pushSamples(samples: readonly Sample[], runnerTags: Labels, flush: number, out: K6RemoteWrite): void {
  for (const sample of samples) {
    if (sample.type !== "counter" && sample.type !== "gauge") continue;
    const labels: Labels = { __name__: remoteWriteName(sample.metric, sample.type), ...NATIVE_HISTOGRAMS_LABEL, ...runnerTags };
    // An empty tag value (k6's root `group`) is no label in Prometheus.
    for (const [key, value] of Object.entries(sample.tags)) if (value !== "") labels[key] = value;
    if (sample.type === "counter") out.count(labels, flush, sample.value);
    else out.gauge(labels, flush, sample.value);
  }
}
