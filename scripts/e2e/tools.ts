// Which of the tools the e2e needs are on PATH, and whether the k6 found is a v2 with both extensions. Pure:
// the file system is reached through the `isExecutable` callback.
import { delimiter, join } from "node:path";

export const REQUIRED_TOOLS = ["k6", "podinfo", "prometheus"] as const;
export const REQUIRED_EXTENSIONS = ["k6/x/dns", "k6/x/tcp"] as const;

export function findOnPath(name: string, pathEnv: string | undefined, isExecutable: (path: string) => boolean): string | undefined {
  for (const dir of (pathEnv ?? "").split(delimiter)) {
    if (dir === "") continue;
    const candidate = join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/** What `k6 version` lacks for this project: a v2 engine and both extensions. Empty when it has everything. */
export function k6VersionProblems(versionOutput: string): string[] {
  const problems: string[] = [];
  const version = /k6 v(\d+)\.\d+\.\d+/.exec(versionOutput);
  if (version === null) problems.push(`k6 v2 (\`k6 version\` printed: ${JSON.stringify(versionOutput.split("\n")[0] ?? "")})`);
  else if (version[1] !== "2") problems.push(`k6 v2 (found v${version[0].slice(4)})`);
  for (const extension of REQUIRED_EXTENSIONS) {
    if (!versionOutput.includes(extension)) problems.push(`the ${extension} extension in k6`);
  }
  return problems;
}

/** True when the bundle is missing or older than any of its sources. */
export function bundleIsStale(bundleMtimeMs: number | undefined, sourceMtimesMs: readonly number[]): boolean {
  return bundleMtimeMs === undefined || sourceMtimesMs.some((mtime) => mtime > bundleMtimeMs);
}
