// Fake of "k6/metrics": each add() records one sample with the running scenario's tags merged in.
import { k6State, type Sample } from "./state.ts";

function metricClass(type: Sample["type"]) {
  return class {
    readonly name: string;
    readonly isTime: boolean;
    constructor(name: string, isTime = false) {
      if (!/^[a-zA-Z_][a-zA-Z0-9_]{0,127}$/.test(name)) throw new Error(`Invalid metric name: '${name}'`);
      this.name = name;
      this.isTime = isTime;
      k6State.declared.push(name);
    }
    add(value: number | boolean, tags?: Record<string, string>): boolean {
      k6State.emit(this.name, type, Number(value), tags);
      return true;
    }
  };
}

export const Counter = metricClass("counter");
export const Gauge = metricClass("gauge");
export const Rate = metricClass("rate");
export const Trend = metricClass("trend");

export default { Counter, Gauge, Rate, Trend };
