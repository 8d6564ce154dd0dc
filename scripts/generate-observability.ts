// Regenerates the Prometheus rules and the Grafana dashboard from src/observability/ (objectives in
// src/observability/objectives.ts), or with --check verifies that the committed files are up to date (CI).
// Prerequisites: Node 20 and the dev dependencies (tsx, yaml).
// Usage: node --import tsx scripts/generate-observability.ts [--check] [--allow-relative-runbooks]
//   --allow-relative-runbooks: accept a runbookBaseUrl that is not an absolute http(s) URL (objectives.ts); without
//   it generation refuses, because relative alert links cannot be clicked in Alertmanager, Slack or PagerDuty.
//   exit 0: files written / up to date; 1: --check found stale or missing files (listed); 2: bad arguments or
//   configuration.
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { renderAll, staleFiles, writeFiles } from "../src/observability/render.ts";
import { observability } from "../src/observability/objectives.ts";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const FLAGS = ["--check", "--allow-relative-runbooks"];
const unknown = args.filter((a) => !FLAGS.includes(a));
if (unknown.length > 0) {
  console.error(`unknown argument(s): ${unknown.join(" ")}\nusage: node --import tsx scripts/generate-observability.ts [--check] [--allow-relative-runbooks]`);
  process.exit(2);
}

let files: Map<string, string>;
try {
  files = renderAll(observability, { allowRelativeRunbooks: args.includes("--allow-relative-runbooks") });
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}

if (args.includes("--check")) {
  const stale = staleFiles(root, files);
  if (stale.length > 0) {
    console.error(`stale generated files; regenerate with: node --import tsx scripts/generate-observability.ts\n  ${stale.join("\n  ")}`);
    process.exit(1);
  }
  console.log("observability files are up to date");
} else {
  const written = writeFiles(root, files);
  console.log(written.length > 0 ? written.map((p) => `wrote ${p}`).join("\n") : "observability files already up to date");
}
