// Regenerates the Prometheus rules and the Grafana dashboard from src/observability/ (objectives in
// src/observability/objectives.ts), or with --check verifies that the committed files are up to date (CI).
// Prerequisites: Node 20 and the dev dependencies (tsx, yaml).
// Usage: node --import tsx scripts/generate-observability.ts [--check]
//   exit 0: files written / up to date; 1: --check found stale or missing files (listed); 2: bad arguments.
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { staleFiles, writeFiles } from "../src/observability/render.ts";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const unknown = args.filter((a) => a !== "--check");
if (unknown.length > 0) {
  console.error(`unknown argument(s): ${unknown.join(" ")}\nusage: node --import tsx scripts/generate-observability.ts [--check]`);
  process.exit(2);
}

if (args.includes("--check")) {
  const stale = staleFiles(root);
  if (stale.length > 0) {
    console.error(`stale generated files; regenerate with: node --import tsx scripts/generate-observability.ts\n  ${stale.join("\n  ")}`);
    process.exit(1);
  }
  console.log("observability files are up to date");
} else {
  const written = writeFiles(root);
  console.log(written.length > 0 ? written.map((p) => `wrote ${p}`).join("\n") : "observability files already up to date");
}
