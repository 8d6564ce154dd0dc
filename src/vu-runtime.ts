// What a VU runs: the probe of a target. The bundle evaluates this code only on the first call of vuRuntime()
// (vu-runtime-lazy.ts): a VU whose probes need not be built in init (HTTP, TCP, DNS) creates none of its
// functions and tables until its first iteration, and a VU k6 initialises but never asks to iterate, never.
export { createProbe, type Probe } from "./protocols/probes.ts";
