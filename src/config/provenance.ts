// Which environment variable each part of the merged configuration came from, so an error can name it.

export type PathToken = string | number;

interface Origin {
  /** Path inside the merged configuration object that this origin supplied. */
  path: readonly PathToken[];
  /** How that path is spelled to the user: `TARGETS`, `CONFIG.targets`, `RATE`. */
  label: string;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `["targets", 1, "port"]` -> `[1].port`, appended to a label. */
export function renderPath(label: string, tokens: readonly PathToken[]): string {
  let out = label;
  for (const token of tokens) {
    if (typeof token === "number") out += `[${token}]`;
    else if (IDENTIFIER.test(token)) out += out === "" ? token : `.${token}`;
    else out += `[${JSON.stringify(token)}]`;
  }
  return out;
}

export class Provenance {
  readonly #origins: Origin[] = [];

  /** Record that `label` supplied the value at `path` (later records win over earlier, longer paths over shorter). */
  record(path: readonly PathToken[], label: string): void {
    this.#origins.push({ path, label });
  }

  /** Spell a path of the merged configuration the way the user wrote it. */
  describe(path: readonly PathToken[]): string {
    let best: Origin | undefined;
    for (const origin of this.#origins) {
      const matches = origin.path.length <= path.length && origin.path.every((token, i) => token === path[i]);
      if (matches && (best === undefined || origin.path.length >= best.path.length)) best = origin;
    }
    if (best === undefined) return renderPath("", path);
    return renderPath(best.label, path.slice(best.path.length));
  }
}
