// k6/x/tcp (xk6-tcp v0.3.1) as it behaves at runtime (../shared/reference/k6-extensions.md): the extension's own
// index.d.ts types data as Uint8Array and errors as Error; at runtime they are an Array of bytes and plain objects.
declare module "k6/x/tcp" {
  /** A failure: a plain object, not an Error. `String(err)` = "TCP error during <method>: <message>". */
  export interface TcpError {
    name: "TCPError";
    method: "connect" | "write" | "read";
    message: string;
  }

  export interface ConnectOptions {
    port: number;
    host?: string;
    tls?: boolean;
    tags?: Record<string, string>;
  }

  export interface SocketEvents {
    connect: () => void;
    /** A plain Array of byte values backed by a reused buffer: read it inside the handler. At most 4096 bytes. */
    data: (data: number[]) => void;
    close: () => void;
    /** Also fired after a failed connect (which rejects too). */
    error: (err: TcpError) => void;
    /** Fires repeatedly every setTimeout(ms) while idle. */
    timeout: () => void;
  }

  export class Socket {
    constructor(options?: { tags?: Record<string, string> });
    /** Resolves null. No connect timeout: and while it is pending, touching the socket blocks the event loop. */
    connect(options: ConnectOptions): Promise<null>;
    connect(port: number, host?: string): Promise<null>;
    /** Rejects after destroy() or once the peer closed. */
    write(data: string | ArrayBuffer | Uint8Array, options?: { encoding?: string; tags?: Record<string, string> }): Promise<void>;
    /** Idempotent; fires `close` once. A socket never destroyed keeps the iteration alive. */
    destroy(): void;
    setTimeout(ms: number): void;
    /** One handler per event: a second `on` replaces the first. */
    on<E extends keyof SocketEvents>(event: E, handler: SocketEvents[E]): void;
  }
}
