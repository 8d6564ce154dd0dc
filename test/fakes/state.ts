// What the fake k6 modules record, and the scenario they pretend to run in. Tests reset it before each case.

export interface Sample {
  metric: string;
  type: "counter" | "gauge" | "rate" | "trend";
  value: number;
  tags: Record<string, string>;
}

export const k6State = {
  samples: [] as Sample[],
  /** The running scenario: k6 adds its name and tags to every sample. */
  scenario: { name: "default", tags: {} as Record<string, string> },
  /** Log lines k6 would print (console is not faked; the extensions' error logs are). */
  logs: [] as string[],
  /** Set when the code did something that crashes or hangs real k6 (healthCheck without a connection, touching a dialing socket). */
  fatal: [] as string[],
  /** Metric declarations, in order: each one costs a VU's runtime on real k6. */
  declared: [] as string[],
  /** Go byte slices decoded by TextDecoder (./k6-globals.ts): one call into Go each on real k6. */
  goSliceDecodes: 0,

  reset(): void {
    this.samples = [];
    this.scenario = { name: "default", tags: {} };
    this.logs = [];
    this.fatal = [];
    this.declared = [];
    this.goSliceDecodes = 0;
  },

  emit(metric: string, type: Sample["type"], value: number, tags: Record<string, string> = {}): void {
    this.samples.push({ metric, type, value, tags: { ...this.scenario.tags, scenario: this.scenario.name, group: "", ...tags } });
  },

  samplesOf(metric: string): Sample[] {
    return this.samples.filter((s) => s.metric === metric);
  },
};
