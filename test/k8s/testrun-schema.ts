// JSON Schema for the k6-operator's TestRun (k6.io/v1alpha1), written from the Go types in grafana/k6-operator
// api/v1alpha1/testrun_types.go (TestRunSpec, K6Script, Pod, PodMetadata). No npm package ships this CRD, and the
// operator's CRD file is ~280 KB of generated core/v1 schemas: this schema is strict about the TestRun's own
// structure (unknown fields, types, enums, required fields), and the core/v1 parts inside each Pod section
// (env, resources, security contexts, volumes, affinity, ...) are checked by kubernetes-models, by validating the
// Pod each section becomes (see kustomize.test.ts). A cluster with the CRD installed remains the final check
// (`kubectl apply --dry-run=server -k ...`, docs/deploying.md).
const stringMap = { type: "object", additionalProperties: { type: "string" } } as const;
const boolString = { type: "string", enum: ["true", "false"] } as const;
const array = { type: "array", items: { type: "object" } } as const;

const pod = {
  type: "object",
  additionalProperties: false,
  properties: {
    disabled: { type: "boolean" },
    affinity: { type: "object" },
    automountServiceAccountToken: boolString,
    env: array,
    image: { type: "string", minLength: 1 },
    imagePullSecrets: array,
    imagePullPolicy: { enum: ["Always", "IfNotPresent", "Never"] },
    metadata: {
      type: "object",
      additionalProperties: false,
      properties: { annotations: stringMap, labels: stringMap },
    },
    nodeSelector: stringMap,
    tolerations: array,
    topologySpreadConstraints: array,
    resources: { type: "object" },
    serviceAccountName: { type: "string" },
    securityContext: { type: "object" },
    containerSecurityContext: { type: "object" },
    envFrom: array,
    readinessProbe: { type: "object" },
    livenessProbe: { type: "object" },
    initContainers: array,
    volumes: array,
    volumeMounts: array,
    priorityClassName: { type: "string" },
    schedulerName: { type: "string" },
  },
} as const;

export const testRunSchema = {
  type: "object",
  additionalProperties: false,
  required: ["apiVersion", "kind", "metadata", "spec"],
  properties: {
    apiVersion: { const: "k6.io/v1alpha1" },
    kind: { const: "TestRun" },
    metadata: { type: "object", required: ["name"], properties: { name: { type: "string", minLength: 1 } } },
    spec: {
      type: "object",
      additionalProperties: false,
      required: ["script", "parallelism"],
      properties: {
        script: {
          type: "object",
          additionalProperties: false,
          minProperties: 1,
          properties: {
            volumeClaim: {
              type: "object",
              additionalProperties: false,
              required: ["name"],
              properties: { name: { type: "string" }, file: { type: "string" }, readOnly: { type: "boolean" } },
            },
            configMap: {
              type: "object",
              additionalProperties: false,
              required: ["name"],
              properties: { name: { type: "string", minLength: 1 }, file: { type: "string", pattern: "^[^/]+$" } },
            },
            localFile: { type: "string" },
          },
        },
        parallelism: { type: "integer", minimum: 1, maximum: 2147483647 },
        separate: { type: "boolean" },
        arguments: { type: "string" },
        ports: array,
        initializer: pod,
        starter: pod,
        runner: pod,
        quiet: boolString,
        paused: boolString,
        scuttle: { type: "object" },
        cleanup: { enum: ["post"] },
        cloud: { type: "object" },
        testRunId: { type: "string" },
        token: { type: "string" },
      },
    },
  },
} as const;
