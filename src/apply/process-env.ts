/**
 * Making `process.env` equal a target environment, and undoing exactly that.
 */

/** The previous state of each key a change touched: `undefined` means it was absent. */
export type EnvSnapshot = ReadonlyMap<string, string | undefined>;

/**
 * Sets `env` to equal `wanted`: keys that differ are set, keys absent from `wanted` are deleted.
 * Returns what was there before, for {@link restoreEnv}.
 */
export function replaceEnv(env: NodeJS.ProcessEnv, wanted: Readonly<Record<string, string>>): EnvSnapshot {
  const before = new Map<string, string | undefined>();
  for (const key of Object.keys(env)) {
    if (!(key in wanted)) {
      before.set(key, env[key]);
      delete env[key];
    }
  }
  for (const [key, value] of Object.entries(wanted)) {
    if (env[key] !== value) {
      before.set(key, env[key]);
      env[key] = value;
    }
  }
  return before;
}

/** Puts back what {@link replaceEnv} changed. */
export function restoreEnv(env: NodeJS.ProcessEnv, snapshot: EnvSnapshot): void {
  for (const [key, value] of snapshot) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
}
