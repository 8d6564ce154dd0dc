// token-roundtrip: what a tenant's client does with podinfo: get a JWT (POST /token), present it as a Bearer token
// (GET /token/validate), then a gRPC echo round trip (echo.EchoService/Echo); on path "pod" all three reach one
// pod. One iteration is one probe; the first step that fails names itself in the `step` tag.
//
// podinfo's traps (../shared/reference/podinfo.md): a bad or expired token is answered HTTP **200** with
// `{"code": 401, ...}`, so the status alone proves nothing: the name inside the validated token is checked.
// Its JSON is pretty-printed (`"token": "eyJ..."`), and a token lives one minute, so each iteration gets its own.
import { defineScenario, jsonStringField } from "../scenario-kit/index.ts";

export default defineScenario({
  name: "token-roundtrip",
  description: "podinfo issues a JWT, accepts it back as a Bearer token, and echoes a message over gRPC",
  steps: { issue: "http", validate: "http", echo: "grpc" },
  vars: { httpPort: "9898", grpcPort: "9999", user: "continuous-load" },

  run(ctx) {
    const base = `http://${ctx.authority(ctx.vars.httpPort)}`;

    // The body names the token: podinfo signs it into the claims, and validate hands it back.
    const issued = ctx.http("issue", {
      method: "POST",
      url: `${base}/token`,
      body: ctx.vars.user,
      check: ({ body }) => jsonStringField(body, "token") !== undefined,
    });
    const token = jsonStringField(issued.body, "token") as string; // the check above proved it is there

    ctx.http("validate", {
      url: `${base}/token/validate`,
      headers: { Authorization: `Bearer ${token}` },
      check: ({ body }) => jsonStringField(body, "token_name") === ctx.vars.user,
    });

    // The echo carries the token's signature, so a stale or cached answer cannot pass for this iteration's.
    const sent = token.slice(token.lastIndexOf(".") + 1);
    ctx.grpc("echo", {
      address: ctx.authority(ctx.vars.grpcPort),
      method: "echo.EchoService/Echo",
      request: { body: sent },
      check: (message) => (message as { body?: unknown } | null)?.body === sent,
    });
  },
});
