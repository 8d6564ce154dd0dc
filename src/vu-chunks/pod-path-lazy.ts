// The pod path's code (discovering pod IPs, picking one per probe), evaluated on the first call of
// createPodPicker(). Under Node (tests, tools) this is a plain re-export; scripts/build.mjs replaces this file in
// the bundle with src/paths/pod-discovery.ts bundled inside a function, so a VU whose target goes through a
// Service or an external address never evaluates it.
export { createPodPicker } from "../paths/pod-discovery.ts";
