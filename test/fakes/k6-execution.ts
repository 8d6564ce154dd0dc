// Fake of "k6/execution": only what the engine reads (the running scenario's name).
import { k6State } from "./state.ts";

const execution = {
  scenario: {
    get name(): string {
      return k6State.scenario.name;
    },
  },
};

export default execution;
