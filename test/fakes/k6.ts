// Fake of module "k6": check() as measured on k6 v2.2.0 (one `checks` sample per checker, tags check/group/
// scenario plus the third argument; a throwing predicate records 0 and rethrows; non-function values allowed).
import { k6State } from "./state.ts";

type Checker = ((value: unknown) => unknown) | unknown;

export function check(value: unknown, checkers: Record<string, Checker>, tags: Record<string, string> = {}): boolean {
  let all = true;
  for (const [name, checker] of Object.entries(checkers)) {
    let passed: boolean;
    try {
      passed = Boolean(typeof checker === "function" ? checker(value) : checker);
    } catch (err) {
      k6State.emit("checks", "rate", 0, { ...tags, check: name });
      throw err;
    }
    k6State.emit("checks", "rate", passed ? 1 : 0, { ...tags, check: name });
    all &&= passed;
  }
  return all;
}

export function sleep(): void {}

export default { check, sleep };
