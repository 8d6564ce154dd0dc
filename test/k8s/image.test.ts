// Review findings 3 and 21: the runner image. No overlay may run an image from a registry namespace the project
// does not control: every k6 image is the unpullable placeholder (registry.invalid, pinned by the release workflow),
// the locally built image that is never pulled (local, policy-check), or an image pinned by digest. The manifests'
// tag is the one the Dockerfile's ARGs build, and the release workflow publishes to the registry users configure.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { REPO, overlayNames, podTemplates, render } from "./render.ts";

const PLACEHOLDER = "registry.invalid/continuous-load/k6-runner";
const LOCAL = "continuous-load/k6-runner:dev";
const dockerfile = readFileSync(join(REPO, "k8s", "image", "Dockerfile"), "utf8");

function arg(name: string): string {
  const m = new RegExp(`^ARG ${name}=(\\S+)$`, "m").exec(dockerfile);
  assert.ok(m, `k8s/image/Dockerfile has no ARG ${name}=...`);
  return m[1] as string;
}

/** The tag that names every pinned version: <k6 image tag>-dns<xk6-dns>-tcp<xk6-tcp>, without the "v"s. */
function imageTag(args: { k6ImageTag: string; dns: string; tcp: string }): string {
  return `${args.k6ImageTag}-dns${args.dns.replace(/^v/, "")}-tcp${args.tcp.replace(/^v/, "")}`;
}

describe("runner image", () => {
  it("is built from one k6 version: the binary's and the base image's agree", () => {
    assert.equal(arg("K6_VERSION"), `v${arg("K6_IMAGE_TAG")}`);
  });

  it("is named in the manifests with the tag the Dockerfile's ARGs build", () => {
    const tag = imageTag({ k6ImageTag: arg("K6_IMAGE_TAG"), dns: arg("XK6_DNS_VERSION"), tcp: arg("XK6_TCP_VERSION") });
    assert.equal(tag, "2.2.0-dns1.2.0-tcp0.3.1");
    const base = readFileSync(join(REPO, "k8s", "base", "statefulset-k6-runner.yaml"), "utf8");
    assert.ok(base.includes(`image: ${PLACEHOLDER}:${tag}\n`), `k8s/base names ${PLACEHOLDER}:${tag}`);
  });

  it("sends no build context: the documented build runs from the repository root", () => {
    const ignore = readFileSync(join(REPO, "k8s", "image", "Dockerfile.dockerignore"), "utf8");
    assert.deepEqual(ignore.split("\n").filter((l) => l.trim() !== "" && !l.startsWith("#")), ["*"]);
    assert.doesNotMatch(dockerfile, /^\s*(COPY|ADD)\s+(?!--from=)/m, "nothing is copied from the context");
  });

  for (const overlay of overlayNames()) {
    it(`overlay ${overlay}: runs only the placeholder, the never-pulled local image, or a digest`, () => {
      for (const t of podTemplates(render(overlay))) {
        for (const c of t.spec.containers.filter((x) => x.name === "k6")) {
          const image = c.image ?? "";
          const where = `${t.owner} container k6: ${image}`;
          if (image.startsWith(`${PLACEHOLDER}:`)) continue;
          if (image === LOCAL) {
            assert.equal(c.imagePullPolicy, "Never", `${where}: a locally loaded image must never be pulled (someone else's could be)`);
            continue;
          }
          assert.match(image, /@sha256:[a-f0-9]{64}$/, `${where}: pin a published image by digest`);
        }
      }
    });
  }
});

describe("release workflow (.github/workflows/release-image.yaml)", () => {
  const text = readFileSync(join(REPO, ".github", "workflows", "release-image.yaml"), "utf8");
  const workflow = parse(text) as { jobs: Record<string, { steps: { uses?: string; run?: string; with?: Record<string, unknown> }[]; env?: Record<string, string> }> };
  const steps = Object.values(workflow.jobs).flatMap((j) => j.steps);

  it("pushes only to the registry users configure, never to a fixed organisation", () => {
    assert.equal(workflow.jobs.image?.env?.IMAGE_REGISTRY, "${{ vars.IMAGE_REGISTRY }}");
    assert.doesNotMatch(text, /(ghcr\.io|docker\.io|quay\.io)\/[a-z0-9-]+\//, "no hard-coded registry namespace");
    assert.ok(steps.some((s) => s.run?.includes('if [ -z "${IMAGE_REGISTRY}" ]')), "fails without the variable");
  });

  it("builds from k8s/image/Dockerfile, smoke-tests, scans before pushing, and pins both overlays by digest", () => {
    const index = (pred: (s: (typeof steps)[number]) => boolean) => steps.findIndex(pred);
    const build = index((s) => s.uses?.startsWith("docker/build-push-action") === true && s.with?.load === true);
    const smoke = index((s) => s.run?.includes("grep -q xk6-dns") === true);
    const scan = index((s) => s.uses?.startsWith("aquasecurity/trivy-action") === true);
    const push = index((s) => s.uses?.startsWith("docker/build-push-action") === true && s.with?.push === true);
    const pin = index((s) => s.run?.includes("kustomize edit set image") === true);
    assert.ok(build >= 0 && build < smoke && smoke < scan && scan < push && push < pin, `order build ${build} < smoke ${smoke} < scan ${scan} < push ${push} < pin ${pin}`);
    for (const s of [steps[build], steps[push]]) assert.equal(s?.with?.file, "k8s/image/Dockerfile");
    assert.equal(steps[scan]?.with?.["exit-code"], "1");
    const pinStep = steps[pin]?.run ?? "";
    assert.match(pinStep, /for overlay in production scale-test/);
    assert.match(pinStep, /\$\{PLACEHOLDER\}=\$\{IMAGE\}/);
    assert.equal(workflow.jobs.image?.env?.PLACEHOLDER, PLACEHOLDER);
    assert.match(text, /IMAGE: \$\{\{ steps\.meta\.outputs\.repo \}\}@\$\{\{ steps\.push\.outputs\.digest \}\}/);
    // The workflow computes the tag the same way as imageTag().
    assert.match(steps.find((s) => s.run?.includes("arg K6_IMAGE_TAG"))?.run ?? "", /tag="\$\(arg K6_IMAGE_TAG\)-dns\$\(arg XK6_DNS_VERSION \| sed 's\/\^v\/\/'\)-tcp\$\(arg XK6_TCP_VERSION \| sed 's\/\^v\/\/'\)"/);
  });
});
