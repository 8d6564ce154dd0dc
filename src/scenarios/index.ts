// The scenarios a target can name (`"protocol": "scenario", "scenario": "<name>"`). Adding one: write
// src/scenarios/<name>.ts (see token-roundtrip.ts) and add its line here. Nothing else to register.
export { default as tokenRoundtrip } from "./token-roundtrip.ts";
