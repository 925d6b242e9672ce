/**
 * The shape of an options object, checked before anything else runs: JavaScript callers bypass
 * the types, and a misspelt key (`namepsace`) would otherwise be ignored and the fetch would read
 * `default`. Unknown keys are ConfigErrors with a "did you mean", as in a kubenv config file.
 * Light on purpose (no parser, no I/O): withRemoteEnv checks its options before taking the lock.
 */
import { ConfigError } from '../errors';
import type { FetchRemoteEnvOptions } from '../fetch/run';
import { describeType } from '../util/value-type';
import { didYouMean } from './did-you-mean';

/** Every key of FetchRemoteEnvOptions (ConfigOptions plus `signal`); `satisfies` keeps it in step. */
const OPTION_KEYS = [
  'target',
  'targets',
  'namespace',
  'agentNamespace',
  'include',
  'exclude',
  'envFile',
  'override',
  'unset',
  'mapping',
  'localWins',
  'configFile',
  'kubeconfig',
  'context',
  'source',
  'timeout',
  'imageEnv',
  'cwd',
  'env',
  'signal',
  'kubeConfig',
] as const satisfies readonly (keyof FetchRemoteEnvOptions)[];

/** Keys of FetchRemoteEnvOptions, so the list above cannot miss one. */
type MissingKeys = Exclude<keyof FetchRemoteEnvOptions, (typeof OPTION_KEYS)[number]>;
const _everyKeyListed: MissingKeys extends never ? true : never = true;
void _everyKeyListed;

/**
 * Checks that `options` is `undefined` or a plain object whose keys are all known to `fn`;
 * `without` names keys `fn` does not take (withRemoteEnv has no `env`: it merges onto process.env).
 * @internal
 */
export function checkOptions(options: unknown, fn: string, without: readonly string[] = []): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    const hint =
      typeof options === 'string'
        ? `Pass an options object: \`${fn}({ target: ${JSON.stringify(options)} })\`.`
        : `Pass an options object, e.g. \`${fn}({ target: 'deploy/api' })\`, or nothing.`;
    throw new ConfigError(`${fn}() takes an options object`, {
      expected: 'an object or undefined',
      found: describeType(options),
      hint,
    });
  }
  const known = OPTION_KEYS.filter((key) => !without.includes(key));
  for (const key of Object.keys(options)) {
    if ((known as readonly string[]).includes(key)) continue;
    const suggestion = didYouMean(key, known)[0];
    throw new ConfigError(`unknown option \`${key}\` of ${fn}()`, {
      hint: suggestion
        ? `Did you mean \`${suggestion}\`?`
        : without.includes(key)
          ? `${fn}() has no \`${key}\` option.`
          : `Known options: ${known.join(', ')}.`,
    });
  }
}
