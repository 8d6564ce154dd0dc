// Finds the signs of a JavaScript exception or a Go crash in k6's stderr (logfmt lines). k6 logs a script
// exception with `source=stacktrace` and `hint="script exception"`, an unhandled rejection as `Uncaught (in
// promise)`, and a Go panic as `panic:` followed by goroutine dumps. Ordinary warnings such as "Request Failed"
// or xk6-tcp's "Handling TCP error" are expected under failures and are not exceptions. Pure.

const SIGNS: readonly RegExp[] = [/source=stacktrace/, /hint="script exception"/, /Uncaught \(in promise\)/, /^panic: /, /^goroutine \d+ \[/];

/** The stderr lines that show an exception or a crash, at most `limit` of them. */
export function scriptErrors(stderr: string, limit = 5): string[] {
  const found: string[] = [];
  for (const line of stderr.split("\n")) {
    if (SIGNS.some((sign) => sign.test(line))) {
      found.push(line.length > 300 ? `${line.slice(0, 300)}...` : line);
      if (found.length >= limit) break;
    }
  }
  return found;
}
