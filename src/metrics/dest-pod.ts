// The serving pod's name, where podinfo's answer reveals it: `"hostname": "podinfo-7d9c-x2"` in the JSON of
// /api/info (HTTP) or info.InfoService/Info (gRPC). A string scan, not a JSON parse: this runs per probe.

const KEY = '"hostname"';
/** A Kubernetes pod name (a DNS label or subdomain); anything else is not used as a label value. */
const POD_NAME = /^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/;

export function hostnameFromJson(body: string): string | undefined {
  const key = body.indexOf(KEY);
  if (key < 0) return undefined;
  const open = body.indexOf('"', body.indexOf(":", key + KEY.length) + 1);
  if (open < 0) return undefined;
  const close = body.indexOf('"', open + 1);
  if (close < 0) return undefined;
  const name = body.slice(open + 1, close);
  return POD_NAME.test(name) ? name : undefined;
}

/** From a gRPC reply message (k6 gives it as a plain object). */
export function hostnameFromMessage(message: unknown): string | undefined {
  const name = (message as { hostname?: unknown } | null)?.hostname;
  return typeof name === "string" && POD_NAME.test(name) ? name : undefined;
}
