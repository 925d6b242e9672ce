/**
 * The env pipeline: what happens to the remote variables between reading them and handing them
 * to the local process. Pure: the local env is a parameter, inputs are never mutated, and the
 * record of what each rule did holds names only.
 */

import { DEFAULT_EXCLUDES } from './default-excludes';
import { compileMappingPattern } from './mapping';
import { compilePatterns, isExactName } from './patterns';
import type { EnvPolicy, PipelineResult } from './types';

const DEFAULT_EXCLUDED: ReadonlySet<string> = new Set(DEFAULT_EXCLUDES);

/**
 * Runs the env pipeline, in mirrord's order:
 * 1. default excludes (mirrord's list; a name written exactly in `include` comes back);
 * 2. `include`, then `exclude` (an empty `include` keeps nothing; the config never sets both,
 *    ../config/filter.ts);
 * 3. `envFile` variables laid over;
 * 4. `mapping`, the first matching pattern in declared order sets the value;
 * 5. `override`;
 * 6. merge onto `local` (remote wins unless `localWins`; `override` always wins);
 * 7. `unset` (case-insensitive, as in mirrord) removes names from both views.
 *
 * @param remote - the variables read from the workload.
 * @param local - the local environment (e.g. `process.env`); never read from the process here.
 * @throws {@link ConfigError} when a mapping pattern is not a valid regular expression.
 * @example
 * ```ts
 * const { merged, dropped } = await runEnvPipeline(
 *   { DATABASE_URL: 'postgres://db', PATH: '/usr/bin' },
 *   { PATH: '/home/me/bin' },
 *   { override: { LOG_LEVEL: 'debug' } },
 * )
 * merged.PATH // '/home/me/bin': PATH is excluded by default
 * dropped.defaultExcludes // ['PATH']
 * ```
 */
export async function runEnvPipeline(
  remote: Readonly<Record<string, string>>,
  local: Readonly<Record<string, string | undefined>>,
  policy: EnvPolicy = {},
): Promise<PipelineResult> {
  // Compile everything first, so a bad pattern fails before any work is done.
  const mapping = (policy.mapping ?? []).map(([pattern, value]) => [compileMappingPattern(pattern), value] as const);
  // Async only for this: a glob loads minimatch on first use (./patterns.ts).
  const include = policy.include === undefined ? undefined : await compilePatterns(policy.include);
  const exclude = policy.exclude === undefined ? undefined : await compilePatterns(policy.exclude);
  const broughtBack = new Set(include?.patterns.filter(isExactName));

  const env = new Map<string, string>();
  const dropped = { defaultExcludes: [] as string[], include: [] as string[], exclude: [] as string[] };
  for (const [name, value] of Object.entries(remote)) {
    if (typeof value !== 'string') continue;
    if (DEFAULT_EXCLUDED.has(name) && !broughtBack.has(name)) dropped.defaultExcludes.push(name);
    else if (include && !include.matches(name)) dropped.include.push(name);
    else if (exclude?.matches(name)) dropped.exclude.push(name);
    else env.set(name, value);
  }

  const fromEnvFile = setAll(env, policy.envFile);

  const mapped: string[] = [];
  if (mapping.length > 0) {
    for (const name of env.keys()) {
      const rule = mapping.find(([pattern]) => pattern.test(name));
      if (rule) {
        env.set(name, rule[1]);
        mapped.push(name);
      }
    }
  }

  const overridden = setAll(env, policy.override);

  const merged = new Map<string, string>();
  for (const [name, value] of Object.entries(local)) {
    if (typeof value === 'string') merged.set(name, value);
  }
  const localKept: string[] = [];
  const overrideNames = new Set(overridden);
  for (const [name, value] of env) {
    if (policy.localWins && merged.has(name) && !overrideNames.has(name)) localKept.push(name);
    else merged.set(name, value);
  }

  const unsetNames = new Set((policy.unset ?? []).map((name) => name.toLowerCase()));
  const removed = new Set<string>();
  for (const view of [env, merged]) {
    for (const name of view.keys()) {
      if (unsetNames.has(name.toLowerCase())) {
        view.delete(name);
        removed.add(name);
      }
    }
  }

  return {
    remote: Object.fromEntries(env),
    merged: Object.fromEntries(merged),
    dropped: {
      defaultExcludes: sorted(dropped.defaultExcludes),
      include: sorted(dropped.include),
      exclude: sorted(dropped.exclude),
      localWins: sorted(localKept),
      unset: sorted(removed),
    },
    changed: { envFile: sorted(fromEnvFile), mapping: sorted(mapped), override: sorted(overridden) },
  };
}

/**
 * Sets every variable of `source` into `env`; returns the names set. Values are strings: `envFile`
 * comes from readEnvFile, `override` from toOptionalStringRecord (../config/values.ts).
 */
function setAll(env: Map<string, string>, source: Readonly<Record<string, string>> | undefined): string[] {
  const names: string[] = [];
  for (const [name, value] of Object.entries(source ?? {})) {
    env.set(name, value);
    names.push(name);
  }
  return names;
}

function sorted(names: Iterable<string>): string[] {
  return [...names].sort();
}
