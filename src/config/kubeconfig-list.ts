/**
 * The `kubeconfig` key of a config file (and `MIRRORD_KUBECONFIG`), read as mirrord reads it
 * (mirrord/kube/src/api/kubernetes.rs, create_kube_config, metalbear-co/mirrord@8320eb8): split
 * like `KUBECONFIG` (`:` on POSIX, `;` on Windows), empty entries dropped, each entry expanded by
 * `shellexpand::full` (a leading `~`, `$VAR` and `${VAR}`; an unset variable is an error), then
 * made absolute.
 */
import os from 'node:os';
import path from 'node:path';
import { invalidValue, toOptionalString, type ValueSource } from './values';

// shellexpand's variable names: ASCII letters, digits and `_`.
const VARIABLE = /\$(?:\{([^}]*)\}|([A-Za-z0-9_]+))/g;

/**
 * `~`, `$VAR` and `${VAR}` expanded in one path, as `shellexpand::full` does.
 * @internal
 */
export function expandShellPath(
  entry: string,
  where: ValueSource,
  env: Readonly<Record<string, string | undefined>>,
): string {
  const home = entry === '~' || entry.startsWith(`~${path.sep}`) || entry.startsWith('~/');
  const tilde = home ? os.homedir() + entry.slice(1) : entry;
  return tilde.replace(VARIABLE, (_match, braced: string | undefined, bare: string | undefined) => {
    const name = braced ?? bare ?? '';
    const value = env[name];
    if (value === undefined) {
      throw invalidValue(where, `the path refers to \`$${name}\`, which is not set`, {
        hint: `Set ${name}, or write the path without it (mirrord fails the same way).`,
      });
    }
    return value;
  });
}

/**
 * A kubeconfig list from a config file or `MIRRORD_KUBECONFIG`: split, expanded, each entry
 * absolute against `baseDir`, joined with `path.delimiter` as `KUBECONFIG` is.
 * @internal
 */
export function toOptionalKubeconfigList(
  value: unknown,
  where: ValueSource,
  baseDir: string,
  env: Readonly<Record<string, string | undefined>>,
): string | undefined {
  const text = toOptionalString(value, where);
  if (text === undefined) return undefined;
  const entries = text
    .split(path.delimiter)
    .filter((entry) => entry !== '')
    .map((entry) => path.resolve(baseDir, expandShellPath(entry, where, env)));
  return entries.length > 0 ? entries.join(path.delimiter) : undefined;
}
