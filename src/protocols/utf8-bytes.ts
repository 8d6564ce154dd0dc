// The bytes a TCP reply is expected to start with, as the text a data chunk's bytes make (./tcp-exchange.ts), and
// as the text a UTF-8 decoder makes of them.

/** UTF-8 bytes of a string (k6 before v2.2 has no TextEncoder). */
function utf8Bytes(text: string): number[] {
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

/**
 * The UTF-8 bytes of a string as one character per byte (codes 0-255): what `String.fromCharCode` makes of the
 * same bytes read from a data chunk, so a reply is compared with `===`.
 */
function utf8ByteString(text: string): string {
  return String.fromCharCode(...utf8Bytes(text));
}

/**
 * What an exchange expects a reply to start with (./tcp-exchange.ts): its UTF-8 bytes, and the text itself where a
 * decoded chunk that starts with it must start with those bytes. A decoder turns invalid bytes into U+FFFD and
 * surrogates never come out of valid UTF-8, so a prefix with either is checked by its bytes only.
 */
export function expectedReply(text: string | undefined): { expectedPrefix: string | undefined; expectedText: string | undefined } {
  if (text === undefined) return { expectedPrefix: undefined, expectedText: undefined };
  return { expectedPrefix: utf8ByteString(text), expectedText: /[\uD800-\uDFFF\uFFFD]/.test(text) ? undefined : text };
}
