/**
 * Several targets at once (`targets`), read from a config file or the `targets` option:
 * `{ api: 'deploy/api', cache: { path: 'deploy/redis', include: 'REDIS_*', prefix: 'CACHE_' } }`.
 * Each entry is checked like the rest of the config (unknown keys with a "did you mean", each
 * value by the shared checks of ./values), in declared order.
 */
import { ConfigError } from '../errors';
import type { Target } from '../target/types';
import { describeType, isPlainObject } from '../util/value-type';
import { didYouMean } from './did-you-mean';
import { toOptionalFilter } from './filter';
import type { EnvFilter } from './layer';
import type { EnvSource } from './types';
import {
  childPath,
  invalidValue,
  toOptionalNamespace,
  toOptionalSource,
  toOptionalString,
  toOptionalStringRecord,
  toOptionalTarget,
  type ValueSource,
} from './values';

/**
 * One entry of `targets`: a target string, or an object with the target's own settings.
 * @example
 * ```ts
 * const cache: TargetEntryConfig = { path: 'deploy/redis', namespace: 'data', include: 'REDIS_*', prefix: 'CACHE_' }
 * ```
 * @public
 */
export interface TargetEntryConfig {
  /** The target: `deploy/redis`, `pod/x/container/c`, a mirrord object form. */
  readonly path: string | Readonly<Record<string, unknown>>;
  /** Namespace of this target. @defaultValue the top-level namespace (flag, variable, file, kubeconfig) */
  readonly namespace?: string | undefined;
  /** How to read this target. @defaultValue the top-level `source` */
  readonly source?: EnvSource | undefined;
  /** Only these names (globs) from this target. Exclusive with `exclude`. @defaultValue the top-level filter */
  readonly include?: string | readonly string[] | undefined;
  /** Not these names (globs) from this target. @defaultValue the top-level filter */
  readonly exclude?: string | readonly string[] | undefined;
  /** Values laid over this target's variables (before `prefix`). @defaultValue none */
  readonly override?: Readonly<Record<string, string>> | undefined;
  /** Put before each of this target's names: `CACHE_` turns `REDIS_URL` into `CACHE_REDIS_URL`. @defaultValue none */
  readonly prefix?: string | undefined;
}

/**
 * `targets`: named targets, fetched together and merged in declared order (a later target's
 * value wins; each such conflict is reported by name in the warnings).
 * @example
 * ```ts
 * const targets: TargetsConfig = { api: 'deploy/api', cache: { path: 'deploy/redis', include: 'REDIS_*' } }
 * ```
 * @public
 */
export type TargetsConfig = Readonly<Record<string, string | TargetEntryConfig>>;

/**
 * One checked entry of `targets`, as {@link loadConfig} returns it.
 * @example
 * ```ts
 * const { targets } = await loadConfig()
 * for (const entry of targets ?? []) console.log(entry.name, formatTarget(entry.target), entry.prefix)
 * ```
 * @public
 */
export interface TargetEntry {
  /** The entry's key in `targets`. */
  readonly name: string;
  /** The parsed target, without its namespace (that is `namespace`). */
  readonly target: Exclude<Target, { kind: 'targetless' }>;
  /** This target's namespace; `undefined`: the top-level one. */
  readonly namespace: string | undefined;
  /** This target's source; `undefined`: the top-level one. */
  readonly source: EnvSource | undefined;
  /** This target's include globs; with neither include nor exclude, the top-level filter applies. */
  readonly include: readonly string[] | undefined;
  /** This target's exclude globs. */
  readonly exclude: readonly string[] | undefined;
  /** Values laid over this target's variables, before the prefix. */
  readonly override: Readonly<Record<string, string>>;
  /** Put before each of this target's names; `''` for none. */
  readonly prefix: string;
}

const ENTRY_KEYS = ['path', 'namespace', 'source', 'include', 'exclude', 'override', 'prefix'];
// A prefix must keep names valid for the shells and dotenv readers kubenv prints for.
const PREFIX = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ENTRY_NAME = /^[A-Za-z0-9][\w.-]*$/;

/**
 * Checks `targets`; `undefined` when not set. `file` makes unknown keys errors with a suggestion.
 * @internal
 */
export function toOptionalTargets(value: unknown, where: ValueSource): readonly TargetEntry[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isPlainObject(value) || Object.keys(value).length === 0) {
    throw invalidValue(where, 'wrong type', {
      expected: 'an object of name: target (at least one), e.g. { api: "deploy/api" }',
      found: isPlainObject(value) ? 'an empty object' : describeType(value),
    });
  }
  return Object.entries(value).map(([name, entry]) =>
    toEntry(name, entry, { ...where, keyPath: childPath(where.keyPath, name) }),
  );
}

function toEntry(name: string, value: unknown, where: ValueSource): TargetEntry {
  if (!ENTRY_NAME.test(name)) {
    throw invalidValue(where, `target name ${JSON.stringify(name)} is not a plain name`, {
      hint: 'Name targets with letters, digits, `-`, `_` or `.`, e.g. `api` or `cache`.',
    });
  }
  const object = typeof value === 'string' ? { path: value } : value;
  if (!isPlainObject(object)) {
    throw invalidValue(where, 'wrong type', {
      expected: 'a target string like `deploy/api`, or { path, namespace, source, include, exclude, override, prefix }',
      found: describeType(value),
    });
  }
  const at = (key: string): ValueSource => ({ ...where, keyPath: childPath(where.keyPath, key) });
  for (const key of Object.keys(object)) {
    if (ENTRY_KEYS.includes(key)) continue;
    const suggestion = didYouMean(key, ENTRY_KEYS)[0];
    throw new ConfigError(`unknown key \`${key}\``, {
      file: where.file,
      variable: where.variable,
      keyPath: at(key).keyPath,
      hint: suggestion
        ? `Did you mean \`${childPath(where.keyPath, suggestion)}\`?`
        : `Known keys: ${ENTRY_KEYS.join(', ')}.`,
    });
  }
  const parsed = toOptionalTarget(object['path'], at('path'));
  if (!parsed.target || parsed.target.kind === 'targetless') {
    throw invalidValue(at('path'), 'a target is required here', {
      expected: 'a target like `deploy/api`',
      found: parsed.target ? '`targetless`' : 'nothing',
      hint: 'Remove the entry, or give it a `path` such as `deploy/redis`.',
    });
  }
  const filter = toOptionalFilter(object['include'], object['exclude'], {
    include: at('include'),
    exclude: at('exclude'),
    both: where,
  });
  const prefix = toOptionalString(object['prefix'], at('prefix')) ?? '';
  if (prefix !== '' && !PREFIX.test(prefix)) {
    throw invalidValue(at('prefix'), `prefix ${JSON.stringify(prefix)} would make names that are not valid`, {
      expected: 'letters, digits and `_`, not starting with a digit',
      hint: 'Use a prefix such as `CACHE_`.',
    });
  }
  return {
    name,
    target: parsed.target,
    namespace: toOptionalNamespace(object['namespace'], at('namespace')) ?? parsed.namespace,
    source: toOptionalSource(object['source'], at('source')),
    include: filter?.kind === 'include' ? filter.patterns : undefined,
    exclude: filter?.kind === 'exclude' ? filter.patterns : undefined,
    override: toOptionalStringRecord(object['override'], at('override')) ?? {},
    prefix,
  };
}

/**
 * The filter a target uses: its own, else the top-level one.
 * @internal
 */
export function filterOf(entry: TargetEntry, top: EnvFilter | undefined): EnvFilter | undefined {
  if (entry.include !== undefined) return { kind: 'include', patterns: entry.include };
  if (entry.exclude !== undefined) return { kind: 'exclude', patterns: entry.exclude };
  return top;
}
