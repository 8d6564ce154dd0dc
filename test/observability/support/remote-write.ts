// Prometheus remote write 1.0 client for tests: encodes samples and native histograms the way k6's
// experimental-prometheus-rw output does (prompb.WriteRequest, protobuf, snappy block format) and POSTs them.
// Prerequisites: protobufjs and snappyjs (dev dependencies). Usage: `await pushSeries(url, series)`.
import protobuf from "protobufjs";
import snappy from "snappyjs";

// The subset of prometheus/prompb/{remote,types}.proto that a writer needs (field numbers are the wire contract).
const PROTO = `
syntax = "proto3";
package prometheus;
message WriteRequest { repeated TimeSeries timeseries = 1; }
message TimeSeries {
  repeated Label labels = 1;
  repeated Sample samples = 2;
  repeated Histogram histograms = 4;
}
message Label { string name = 1; string value = 2; }
message Sample { double value = 1; int64 timestamp = 2; }
message BucketSpan { sint32 offset = 1; uint32 length = 2; }
message Histogram {
  oneof count { uint64 count_int = 1; double count_float = 2; }
  double sum = 3;
  sint32 schema = 4;
  double zero_threshold = 5;
  oneof zero_count { uint64 zero_count_int = 6; double zero_count_float = 7; }
  repeated BucketSpan negative_spans = 8;
  repeated sint64 negative_deltas = 9;
  repeated double negative_counts = 10;
  repeated BucketSpan positive_spans = 11;
  repeated sint64 positive_deltas = 12;
  repeated double positive_counts = 13;
  int32 reset_hint = 14;
  int64 timestamp = 15;
}
`;

const WriteRequest = protobuf.parse(PROTO).root.lookupType("prometheus.WriteRequest");

export type Labels = Record<string, string>;

export interface FloatPoint {
  timestamp: number; // ms since epoch
  value: number;
}

/** A cumulative exponential (native) histogram at one instant, integer counts like client_golang produces. */
export interface HistogramPoint {
  timestamp: number;
  schema: number;
  zeroThreshold: number;
  zeroCount: number;
  count: number;
  sum: number;
  /** bucket index -> cumulative count of observations in that bucket. */
  buckets: Map<number, number>;
}

export type Series =
  | { labels: Labels; samples: FloatPoint[] }
  | { labels: Labels; histograms: HistogramPoint[] };

/** Encodes buckets as spans + deltas, the integer-histogram wire form (prompb.Histogram.positive_deltas). */
function encodeBuckets(buckets: Map<number, number>): { spans: { offset: number; length: number }[]; deltas: number[] } {
  const indexes = [...buckets.keys()].sort((a, b) => a - b);
  const spans: { offset: number; length: number }[] = [];
  const deltas: number[] = [];
  let previousIndex: number | undefined;
  let previousCount = 0;
  for (const index of indexes) {
    const count = buckets.get(index) ?? 0;
    if (previousIndex === undefined) {
      spans.push({ offset: index, length: 1 });
    } else if (index === previousIndex + 1) {
      spans[spans.length - 1]!.length += 1;
    } else {
      spans.push({ offset: index - previousIndex - 1, length: 1 });
    }
    deltas.push(count - previousCount);
    previousCount = count;
    previousIndex = index;
  }
  return { spans, deltas };
}

function toProtoSeries(series: Series): Record<string, unknown> {
  // Remote write requires labels sorted by name, __name__ included.
  const labels = Object.entries(series.labels)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => ({ name, value }));
  if ("samples" in series) {
    return { labels, samples: series.samples.map((s) => ({ value: s.value, timestamp: s.timestamp })) };
  }
  return {
    labels,
    histograms: series.histograms.map((h) => {
      const { spans, deltas } = encodeBuckets(h.buckets);
      return {
        countInt: h.count,
        sum: h.sum,
        schema: h.schema,
        zeroThreshold: h.zeroThreshold,
        zeroCountInt: h.zeroCount,
        positiveSpans: spans,
        positiveDeltas: deltas,
        timestamp: h.timestamp,
      };
    }),
  };
}

export function encodeWriteRequest(series: Series[]): Uint8Array {
  const message = WriteRequest.fromObject({ timeseries: series.map(toProtoSeries) });
  return snappy.compress(WriteRequest.encode(message).finish());
}

/** POSTs one remote write request; throws with Prometheus' answer when it is not 2xx. */
export async function pushSeries(writeUrl: string, series: Series[]): Promise<void> {
  const response = await fetch(writeUrl, {
    method: "POST",
    headers: {
      "Content-Type": "application/x-protobuf",
      "Content-Encoding": "snappy",
      "X-Prometheus-Remote-Write-Version": "0.1.0",
    },
    body: encodeWriteRequest(series),
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) {
    throw new Error(`remote write to ${writeUrl} answered ${response.status}: ${await response.text()}`);
  }
}

/**
 * A cumulative native histogram accumulator with client_golang's bucketing: for schema s > 0 a positive value v
 * lands in bucket i where 2^((i-1)/2^s) < v <= 2^(i/2^s). k6 creates its histograms with NativeHistogramBucketFactor
 * 1.1, which client_golang turns into schema 3.
 */
export class NativeHistogram {
  readonly schema = 3;
  readonly zeroThreshold = 2 ** -128; // client_golang's DefNativeHistogramZeroThreshold
  private zeroCount = 0;
  private count = 0;
  private sum = 0;
  private readonly buckets = new Map<number, number>();

  observe(value: number, times = 1): void {
    this.count += times;
    this.sum += value * times;
    if (Math.abs(value) <= this.zeroThreshold) {
      this.zeroCount += times;
      return;
    }
    if (value < 0) throw new Error("negative observations are not needed for durations");
    const index = bucketIndex(value, this.schema);
    this.buckets.set(index, (this.buckets.get(index) ?? 0) + times);
  }

  snapshot(timestamp: number): HistogramPoint {
    return {
      timestamp,
      schema: this.schema,
      zeroThreshold: this.zeroThreshold,
      zeroCount: this.zeroCount,
      count: this.count,
      sum: this.sum,
      buckets: new Map(this.buckets),
    };
  }
}

export function bucketIndex(value: number, schema: number): number {
  const scaled = Math.log2(value) * 2 ** schema;
  const index = Math.ceil(scaled);
  // Guard against floating-point noise exactly at a boundary (upper bounds are inclusive).
  return Math.abs(scaled - Math.round(scaled)) < 1e-9 ? Math.round(scaled) : index;
}

/** The inclusive upper bound of a bucket, for tests that reason about histogram_quantile's interpolation. */
export function bucketUpperBound(index: number, schema: number): number {
  return 2 ** (index / 2 ** schema);
}
