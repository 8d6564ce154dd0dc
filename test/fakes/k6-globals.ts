// Globals of k6 v2.2's runtime that behave unlike Node's, installed before any engine code loads (register.mjs).
//
// TextDecoder (k6's sobek-webapi-encoding): decode() exports its argument to a Go []byte in one call, so it takes an
// ArrayBuffer, a typed array or a DataView, and a Go byte slice as it is, such as the chunk a k6/x/tcp `data` event
// hands over (the fakes that hand one over register it here). Anything else throws, as k6 does for a value it
// cannot export. Labels: the UTF-8 and UTF-16 ones k6 knows; others are a RangeError there too.
import { k6State } from "./state.ts";

const NodeTextDecoder = globalThis.TextDecoder;
const LABELS = new Set(["", "unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "utf-8", "utf8", "x-unicode20utf8", "csunicode", "iso-10646-ucs-2", "ucs-2", "unicode", "unicodefeff", "utf-16", "utf-16le", "unicodefffe", "utf-16be"]);

/** Each Go byte slice a fake hands to the script, and how to read its current bytes without counting byte reads. */
const goByteSlices = new WeakMap<object, () => Uint8Array>();

export function registerGoByteSlice(slice: object, bytes: () => Uint8Array): void {
  goByteSlices.set(slice, bytes);
}

class K6TextDecoder {
  readonly #node: InstanceType<typeof NodeTextDecoder>;

  constructor(label = "utf-8", options: { fatal?: boolean; ignoreBOM?: boolean } = {}) {
    const name = label.trim().toLowerCase();
    if (!LABELS.has(name)) throw new RangeError(`unsupported encoding: ${label}`);
    this.#node = new NodeTextDecoder(name === "" ? "utf-8" : name, options);
  }

  decode(input?: unknown, options?: { stream?: boolean }): string {
    if (input === undefined || input === null) return "";
    const goSlice = typeof input === "object" ? goByteSlices.get(input) : undefined;
    if (goSlice !== undefined) {
      k6State.goSliceDecodes++;
      return this.#node.decode(goSlice(), options);
    }
    if (input instanceof ArrayBuffer || ArrayBuffer.isView(input)) return this.#node.decode(input as Uint8Array, options);
    throw new Error("data is not an ArrayBuffer, typed array, or DataView");
  }
}

globalThis.TextDecoder = K6TextDecoder as unknown as typeof NodeTextDecoder;
