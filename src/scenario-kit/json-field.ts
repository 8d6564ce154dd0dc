// A string field from a small JSON answer, by scanning rather than parsing: podinfo pretty-prints its JSON
// (`"token": "eyJ..."`, with a space), and a scan tolerates that without a JSON.parse per iteration.

/**
 * The string value of the first `"key"` in `body`, or undefined when absent or not a string. Values with
 * escaped quotes are cut at the escape: use JSON.parse for those.
 */
export function jsonStringField(body: string, key: string): string | undefined {
  const quotedKey = `"${key}"`;
  const at = body.indexOf(quotedKey);
  if (at < 0) return undefined;
  let i = at + quotedKey.length;
  while (body[i] === " " || body[i] === "\n" || body[i] === "\r" || body[i] === "\t") i++;
  if (body[i] !== ":") return undefined;
  i++;
  while (body[i] === " " || body[i] === "\n" || body[i] === "\r" || body[i] === "\t") i++;
  if (body[i] !== '"') return undefined;
  const close = body.indexOf('"', i + 1);
  return close < 0 ? undefined : body.slice(i + 1, close);
}
