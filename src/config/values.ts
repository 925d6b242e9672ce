/**
 * Checking and normalizing single config values, shared by the three layers (options, variables,
 * file). Each takes `where` (file or variable, and key path) so a bad value becomes a ConfigError
 * that says where it is, what was expected and what was found (a type, never the value).
 */
import os from 'node:os';
import path from 'node:path';
import { ConfigError, isKubenvError, type TargetParseError } from '../errors';
import { envRecordFrom } from '../pipeline/env-record';
import { describeRegexProblem, mappingRegExp } from '../pipeline/mapping';
import { splitPatterns } from '../pipeline/patterns';
import { checkName } from '../target/names';
import { parseTarget } from '../target/parse';
import type { Target, TargetInput } from '../target/types';
import { describeType, isPlainObject } from '../util/value-type';
import { didYouMean } from './did-you-mean';
import type { EnvSource } from './types';

/**
 * Where a value came from, for error messages: the file or variable (none for an option) and
 * the key path.
 * @internal
 */
export interface ValueSource {
  readonly file?: string | undefined;
  readonly variable?: string | undefined;
  readonly keyPath: string;
}

/**
 * A ConfigError about the value at `where`.
 * @internal
 */
export function invalidValue(
  where: ValueSource,
  problem: string,
  shape: { expected?: string; found?: string; hint?: string; cause?: unknown } = {},
): ConfigError {
  // Options have no file or variable: name the option, or the message reads as if a file were
  // meant. A variable is its own key path; key path '' is the options object as a whole.
  const named = where.file || where.variable || where.keyPath === '';
  const subject = named ? problem : `option \`${where.keyPath}\`: ${problem}`;
  return new ConfigError(subject, {
    file: where.file,
    variable: where.variable,
    keyPath: where.file ? where.keyPath : undefined,
    ...shape,
  });
}

function wrongType(where: ValueSource, expected: string, value: unknown): ConfigError {
  return invalidValue(where, 'wrong type', { expected, found: describeType(value) });
}

/**
 * A string; an empty string counts as not set (as an empty variable does).
 * @internal
 */
export function toOptionalString(value: unknown, where: ValueSource): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw wrongType(where, 'a string', value);
  return value;
}

/** @internal */
export function toOptionalBoolean(value: unknown, where: ValueSource): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw wrongType(where, '`true` or `false`', value);
  return value;
}

/**
 * A path made absolute against `baseDir` (the config file's directory, or `cwd` for options
 * and variables); a leading `~/` is the home directory. `KUBECONFIG`-style lists are resolved
 * entry by entry when `list` is set.
 * @internal
 */
export function toOptionalPath(value: unknown, where: ValueSource, baseDir: string, list = false): string | undefined {
  const text = toOptionalString(value, where);
  if (text === undefined) return undefined;
  const resolve = (entry: string): string =>
    path.resolve(baseDir, entry === '~' || entry.startsWith('~/') ? path.join(os.homedir(), entry.slice(1)) : entry);
  if (!list) return resolve(text);
  return text
    .split(path.delimiter)
    .filter((entry) => entry !== '')
    .map(resolve)
    .join(path.delimiter);
}

const SOURCES: readonly EnvSource[] = ['auto', 'exec', 'spec'];

/** @internal */
export function toOptionalSource(value: unknown, where: ValueSource): EnvSource | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' && (SOURCES as readonly string[]).includes(value)) return value as EnvSource;
  // A source name is not a secret, so it is quoted: that makes the typo visible.
  const found = typeof value === 'string' ? JSON.stringify(value) : describeType(value);
  const suggestion = typeof value === 'string' ? didYouMean(value, SOURCES)[0] : undefined;
  throw invalidValue(where, 'unknown source', {
    expected: '`auto`, `exec` or `spec`',
    found,
    hint: suggestion ? `Did you mean \`${suggestion}\`?` : undefined,
  });
}

/**
 * The largest timeout: Node's timers hold a signed 32-bit count of milliseconds (about 24.8
 * days); a larger one fires after 1 ms with a TimeoutOverflowWarning
 * (https://nodejs.org/api/timers.html#settimeoutcallback-delay-args).
 * @internal
 */
export const MAX_TIMEOUT_MS = 2_147_483_647;

/**
 * A timeout in milliseconds: a whole number from 1 to {@link MAX_TIMEOUT_MS}. Strings of digits
 * are accepted for variables and, with `fromText`, for CLI flags.
 * @internal
 */
export function toOptionalTimeout(
  value: unknown,
  where: ValueSource,
  fromText: boolean = where.variable !== undefined,
): number | undefined {
  if (value === undefined || value === null) return undefined;
  const expected = `a whole number of milliseconds from 1 to ${MAX_TIMEOUT_MS}`;
  let number: number;
  if (typeof value === 'number') number = value;
  else if (typeof value === 'string' && fromText) {
    if (!/^\s*\d+\s*$/.test(value)) {
      // Digits, a sign, a dot and an exponent are no secret: showing them shows the mistake.
      const found = /^[\s\d.eE+-]{1,32}$/.test(value) ? JSON.stringify(value.trim()) : 'other text';
      throw invalidValue(where, 'not a whole number of milliseconds', { expected, found });
    }
    number = Number(value);
  } else throw wrongType(where, expected, value);
  if (!Number.isInteger(number) || number < 1 || number > MAX_TIMEOUT_MS) {
    throw invalidValue(where, 'the timeout is out of range', { expected, found: String(number) });
  }
  return number;
}

/**
 * A pattern list: a `;`-separated string or an array of strings, split as the pipeline does.
 * @internal
 */
export function toOptionalPatterns(value: unknown, where: ValueSource): readonly string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return splitPatterns(value);
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      if (typeof item !== 'string')
        throw wrongType({ ...where, keyPath: `${where.keyPath}[${index}]` }, 'a string', item);
    });
    return splitPatterns(value as string[]);
  }
  throw wrongType(where, 'a `;`-separated string or an array of strings', value);
}

/**
 * Variable names (`unset`): a `;`-separated string or an array of strings.
 * @internal
 */
export function toOptionalNames(value: unknown, where: ValueSource): readonly string[] | undefined {
  return toOptionalPatterns(value, where);
}

/** `name` written as the next segment of a key path: `a.b`, or `a["x.y"]` when it is not a plain word. */
export function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  if (/^[A-Za-z_$][\w$-]*$/.test(key)) return parent === '' ? key : `${parent}.${key}`;
  return `${parent}[${JSON.stringify(key)}]`;
}

/**
 * `{ NAME: value }` with string values (`override`). Values are checked for type only, and
 * never quoted: they are exactly what may be secret.
 * @internal
 */
export function toOptionalStringRecord(
  value: unknown,
  where: ValueSource,
): Readonly<Record<string, string>> | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isPlainObject(value)) throw wrongType(where, 'an object of NAME: "value"', value);
  const entries: Array<[string, string]> = [];
  for (const [key, item] of Object.entries(value)) {
    if (typeof item !== 'string') {
      throw invalidValue({ ...where, keyPath: childPath(where.keyPath, key) }, 'wrong type', {
        expected: 'a string (quote numbers and booleans)',
        found: describeType(item),
      });
    }
    entries.push([key, item]);
  }
  return envRecordFrom(entries);
}

/**
 * `mapping`: `{ "<regex on name>": "<value>" }` in declared order; each key must compile.
 * @internal
 */
export function toOptionalMapping(
  value: unknown,
  where: ValueSource,
): ReadonlyArray<readonly [pattern: string, value: string]> | undefined {
  const record = toOptionalStringRecord(value, where);
  if (record === undefined) return undefined;
  return Object.entries(record).map(([pattern, replacement]) => {
    try {
      mappingRegExp(pattern);
    } catch (error) {
      throw invalidValue({ ...where, keyPath: childPath(where.keyPath, pattern) }, 'invalid regular expression', {
        ...describeRegexProblem(error),
        hint: 'mapping keys are Rust regular expressions, as in mirrord; kubenv translates the syntax JavaScript can express.',
        cause: error,
      });
    }
    return [pattern, replacement] as const;
  });
}

/**
 * A namespace: a DNS-1123 label (checked here so a typo fails before any request is made).
 * @internal
 */
export function toOptionalNamespace(value: unknown, where: ValueSource): string | undefined {
  const namespace = toOptionalString(value, where);
  if (namespace === undefined) return undefined;
  const problem = checkName(namespace, 'dns1123-label');
  if (problem) {
    // A namespace name is not a secret: quoting it shows the mistake.
    throw invalidValue(where, `namespace ${JSON.stringify(namespace)} ${problem.problem}`, {
      hint: 'Use the namespace as `kubectl get namespaces` lists it.',
    });
  }
  return namespace;
}

/**
 * A target (string, mirrord object form, or parsed Target), parsed by `parseTarget`. The
 * namespace it may carry (`{ path, namespace }`) is returned apart, so it can resolve
 * independently of the target path. `{ namespace }` alone sets only the namespace.
 * @internal
 */
export function toOptionalTarget(
  value: unknown,
  where: ValueSource,
): { readonly target: Target | undefined; readonly namespace: string | undefined } {
  if (value === undefined || value === null || value === '') return { target: undefined, namespace: undefined };
  if (typeof value !== 'string' && !isPlainObject(value)) {
    throw wrongType(where, 'a target string like `deploy/api`, or a target object', value);
  }
  // mirrord's advanced form without a path: `{ "namespace": "staging" }` names only the namespace.
  if (
    isPlainObject(value) &&
    Object.keys(value).every((key) => key === 'namespace' || key === 'path') &&
    value['path'] == null
  ) {
    return {
      target: undefined,
      namespace: toOptionalNamespace(value['namespace'], { ...where, keyPath: childPath(where.keyPath, 'namespace') }),
    };
  }
  const parsed = parseWrapped(value as TargetInput, where);
  // Path and namespace resolve independently: `{ path: "targetless", namespace: "staging" }`
  // still names the namespace a target from another layer runs in.
  const advanced = isPlainObject(value) && 'path' in value ? value['namespace'] : undefined;
  const namespace =
    namespaceOf(parsed) ?? toOptionalNamespace(advanced, { ...where, keyPath: childPath(where.keyPath, 'namespace') });
  return { target: withoutNamespace(parsed), namespace };
}

function parseWrapped(input: TargetInput, where: ValueSource): Target {
  try {
    return parseTarget(input);
  } catch (error) {
    if (!isKubenvError(error, 'TARGET_PARSE')) throw error;
    const targetError = error as TargetParseError;
    throw invalidValue(where, targetError.summary.replace(/\.$/, ''), { hint: targetError.hint, cause: targetError });
  }
}

function namespaceOf(target: Target): string | undefined {
  return 'namespace' in target && target.namespace ? target.namespace : undefined;
}

function withoutNamespace(target: Target): Target {
  if (!('namespace' in target)) return target;
  const { namespace: _namespace, ...rest } = target;
  return rest as Target;
}
