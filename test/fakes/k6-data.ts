// Fake of "k6/data": SharedArray as k6 v2.2 implements it (internal/js/modules/k6/data): the callback runs once per
// name for the whole test (the first init to get there, k6's __VU 0), must return an array, and each element is
// kept as JSON text; every VU gets deep-frozen JSON copies, never the objects the callback built.

const shared = new Map<string, string[]>();

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object") {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

export class SharedArray<T> {
  constructor(name: string, callback: () => T[]) {
    if (typeof callback !== "function") throw new TypeError("a function is expected as the second argument of SharedArray's constructor");
    let texts = shared.get(name);
    if (texts === undefined) {
      const built: unknown = callback();
      if (!Array.isArray(built)) throw new Error("only arrays can be made into SharedArray");
      texts = built.map((element) => JSON.stringify(element));
      shared.set(name, texts);
    }
    // k6 parses on each index access; parsing up front gives the same values to code that reads each index once.
    return Object.freeze(texts.map((text) => deepFreeze(JSON.parse(text) as T))) as unknown as SharedArray<T>;
  }
}

/** A new k6 process: no SharedArray built yet. */
export function forgetSharedArrays(): void {
  shared.clear();
}
