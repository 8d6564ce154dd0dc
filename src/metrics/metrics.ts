// The project's metrics, declared once in the init context (docs/metrics.md).
import { Counter, Gauge, Rate, Trend } from "k6/metrics";
import { METRIC } from "./names.ts";

export const requests = new Counter(METRIC.requests);
export const requestDuration = new Trend(METRIC.duration, true);
export const requestFailed = new Rate(METRIC.failed);
export const targetRps = new Gauge(METRIC.targetRate);
export const stepDuration = new Trend(METRIC.stepDuration, true);
