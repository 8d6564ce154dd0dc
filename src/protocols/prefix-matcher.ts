// Matches an expected byte prefix against data arriving in chunks, without building strings on the hot path.

/** UTF-8 bytes of a string (k6 before v2.2 has no TextEncoder). */
export function utf8Bytes(text: string): number[] {
  const bytes: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    if (code < 0x80) bytes.push(code);
    else if (code < 0x800) bytes.push(0xc0 | (code >> 6), 0x80 | (code & 0x3f));
    else if (code < 0x10000) bytes.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f));
    else bytes.push(0xf0 | (code >> 18), 0x80 | ((code >> 12) & 0x3f), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f));
  }
  return bytes;
}

export type PrefixState = "partial" | "matched" | "mismatch";

export class PrefixMatcher {
  readonly #expected: readonly number[];
  #seen = 0;

  constructor(expected: readonly number[]) {
    this.#expected = expected;
  }

  /** Bytes compared so far (0 until data arrives). */
  get seen(): number {
    return this.#seen;
  }

  /** Feed the next chunk (read it now: k6/x/tcp reuses the buffer). */
  feed(chunk: ArrayLike<number>): PrefixState {
    const expected = this.#expected;
    const length = chunk.length; // xk6-tcp's chunk is a Go buffer: every read of it is a call into Go
    for (let i = 0; i < length && this.#seen < expected.length; i++, this.#seen++) {
      if (chunk[i] !== expected[this.#seen]) return "mismatch";
    }
    return this.#seen >= expected.length ? "matched" : "partial";
  }
}
