// Builds build/load.js when it is missing or older than its sources, as `npm run build` would.
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { runBounded } from "./processes.ts";
import { bundleIsStale } from "./tools.ts";

function mtimes(path: string): number[] {
  if (!existsSync(path)) return [];
  const stat = statSync(path);
  if (!stat.isDirectory()) return [stat.mtimeMs];
  return readdirSync(path).flatMap((entry) => mtimes(join(path, entry)));
}

/** Returns what it did, for the log; throws when the build fails. */
export async function ensureBundle(root: string, bundle: string): Promise<string> {
  const sources = ["src", "config", "scripts/build.mjs", "scripts/generate-validator.mjs"].flatMap((p) => mtimes(join(root, p)));
  const bundleMtime = existsSync(bundle) ? statSync(bundle).mtimeMs : undefined;
  if (!bundleIsStale(bundleMtime, sources)) return "bundle up to date";
  const build = await runBounded(process.execPath, [join(root, "scripts", "build.mjs")], 120_000, { cwd: root });
  if (build.code !== 0) throw new Error(`npm run build failed (${build.code ?? build.signal}):\n${build.stdout}${build.stderr}`);
  return "bundle built";
}
