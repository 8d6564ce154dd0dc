// Review finding 9: Flux's postBuild substitution replaces every ${VAR} (and fails on ${VAR:?}) in what it applies.
// load.js (`${address}:53`), run-k6.sh (`${POD_NAME##*-}`) and the dashboard (`${datasource}`) are full of them, so
// every object that contains "${" must carry Flux's opt-out annotation, and so must every generated ConfigMap
// (a future file could add one). Checked on every overlay and on a scratch overlay with the grafana-dashboard
// component, which no shipped overlay turns on.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { after, describe, it } from "node:test";
import { COMPONENTS_DIR, OVERLAYS_DIR, overlayNames, render, renderDir, type K8sObject } from "./render.ts";

const ANNOTATION = "kustomize.toolkit.fluxcd.io/substitute";

function annotations(o: K8sObject): Record<string, string> {
  return ((o.metadata as { annotations?: Record<string, string> }).annotations ?? {}) as Record<string, string>;
}

/** Generated ConfigMaps: hash-suffixed, or the one generated without a suffix on purpose (the sidecar dashboard). */
function isGenerated(o: K8sObject): boolean {
  return o.kind === "ConfigMap" && (/-[a-z0-9]{10}$/.test(o.metadata.name) || o.metadata.name === "continuous-load-dashboard");
}

function checkRender(label: string, objects: readonly K8sObject[]): void {
  const withVariables = objects.filter((o) => JSON.stringify(o).includes("${"));
  assert.ok(withVariables.length > 0, `${label}: the bundle and entrypoint contain \${...}: the check must see them`);
  for (const o of [...withVariables, ...objects.filter(isGenerated)]) {
    assert.equal(annotations(o)[ANNOTATION], "disabled", `${label}: ${o.kind}/${o.metadata.name} would be rewritten by Flux postBuild substitution`);
  }
}

const scratch = mkdtempSync(join(tmpdir(), "cl-kustomize-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

describe("Flux postBuild substitution guard", () => {
  for (const overlay of overlayNames()) {
    it(`overlay ${overlay}: every generated ConfigMap and every object with \${...} opts out`, () => checkRender(overlay, render(overlay)));
  }

  it("local with the grafana-dashboard component: the dashboard JSON ConfigMap opts out too", () => {
    writeFileSync(
      join(scratch, "kustomization.yaml"),
      ["apiVersion: kustomize.config.k8s.io/v1beta1", "kind: Kustomization", "namespace: continuous-load", "resources:", `  - ${relative(scratch, join(OVERLAYS_DIR, "local"))}`, "components:", `  - ${relative(scratch, join(COMPONENTS_DIR, "grafana-dashboard"))}`, ""].join("\n"),
    );
    const objects = renderDir(scratch, "local + grafana-dashboard");
    assert.ok(objects.some((o) => o.kind === "GrafanaDashboard"));
    checkRender("local + grafana-dashboard", objects);
  });
});
