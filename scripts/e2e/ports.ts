// Loopback ports: a free one chosen by the kernel, or whether a fixed one is free.
import { createServer } from "node:net";

function listenOnce(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address !== null ? resolve(address.port) : reject(new Error("no address"))));
    });
  });
}

export function freePort(): Promise<number> {
  return listenOnce(0);
}

export async function portIsFree(port: number): Promise<boolean> {
  try {
    await listenOnce(port);
    return true;
  } catch {
    return false;
  }
}
