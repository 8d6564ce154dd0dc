// Types of scripts/lazy-chunk.mjs for the TypeScript tests that import it.
export interface LazyChunkOptions {
  deferred?: ReadonlySet<string>;
  k6Import?: { from: string; name: string };
}
export function lazyChunk(code: string, fn: string, options?: LazyChunkOptions): { imports: string[]; body: string };
