// Types of scripts/lazy-chunk.mjs for the TypeScript tests that import it.
export function lazyChunk(code: string, fn: string): { imports: string[]; body: string };
