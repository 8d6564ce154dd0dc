// The variable each target's scenario sets in its VUs' __ENV (k6 applies a scenario's `env` to every VU it runs):
// how a VU learns which target it probes. k6/execution would tell too, but importing it cost every VU 0.0055 MB
// on real k6 (200 VUs), and reading execution.scenario builds a fresh object per read.
export const SCENARIO_TARGET_ENV = "CL_SCENARIO_TARGET";
