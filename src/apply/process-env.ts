/**
 * Changing `process.env` by a difference, and undoing exactly that change.
 *
 * A fetch takes time; the rest of the program may write `process.env` meanwhile (a test runner
 * setting its own variables, another library). Applying the difference between the env the fetch
 * started from and the merged result touches only the keys kubenv means to change, instead of
 * making `process.env` equal a stale copy and so undoing those writes.
 */

import { ownValue } from '../pipeline/env-record';

/** The previous state of each key a change touched: `undefined` means it was absent. */
export type EnvSnapshot = ReadonlyMap<string, string | undefined>;

/**
 * Applies to `env` what turns `from` into `to`: keys whose value differs are set, keys of `from`
 * that `to` lacks are deleted. Keys neither mentions are left alone. Returns what each touched
 * key held before, for {@link restoreEnv}.
 */
export function applyEnvDiff(
  env: NodeJS.ProcessEnv,
  from: Readonly<Record<string, string | undefined>>,
  to: Readonly<Record<string, string>>,
): EnvSnapshot {
  const before = new Map<string, string | undefined>();
  // Each key is set at most once (the first loop deletes only keys `to` lacks, the second sets
  // only keys it has), so what `env` holds now is what it held before the change.
  const set = (key: string, value: string | undefined): void => {
    before.set(key, ownValue(env, key));
    if (value === undefined) delete env[key];
    else env[key] = value;
  };
  for (const [key, value] of Object.entries(from)) {
    if (value !== undefined && !Object.hasOwn(to, key)) set(key, undefined);
  }
  for (const [key, value] of Object.entries(to)) {
    if (ownValue(from, key) !== value) set(key, value);
  }
  return before;
}

/** Puts back what {@link applyEnvDiff} changed. */
export function restoreEnv(env: NodeJS.ProcessEnv, snapshot: EnvSnapshot): void {
  for (const [key, value] of snapshot) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
}
