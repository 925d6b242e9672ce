/**
 * Applying a remote environment to `process.env`: scoped (`withRemoteEnv`) or until undone
 * (`applyRemoteEnv`, for test-runner global setup). Both fetch first and write only once the
 * fetch succeeded, so a failure leaves `process.env` untouched; writes are serialized
 * process-wide (see env-lock.ts).
 */
import { checkOptions } from '../config/check-options';
import { ConfigError } from '../errors';
import { fetchRemoteEnv } from '../fetch/fetch-remote-env';
import type { RemoteEnv } from '../fetch/remote-env';
import type { FetchRemoteEnvOptions } from '../fetch/run';
import { describeType } from '../util/value-type';
import { withEnvLock } from './env-lock';
import { applyEnvDiff, type EnvSnapshot, restoreEnv } from './process-env';

/**
 * Options of {@link withRemoteEnv} and {@link applyRemoteEnv}: those of {@link fetchRemoteEnv}.
 * The local environment merged with the remote one is the current `process.env`.
 * @public
 */
export type ApplyRemoteEnvOptions = Omit<FetchRemoteEnvOptions, 'env'>;

/**
 * A remote environment applied to `process.env`, and the way back.
 * @public
 */
export interface AppliedRemoteEnv {
  readonly remote: RemoteEnv;
  /** Puts back every key the apply changed (added keys deleted, changed keys reset). Idempotent. */
  restore(): void;
}

/**
 * Fetches the remote environment, applies it to `process.env`, runs `fn`, then restores
 * `process.env` exactly (keys it added are deleted, keys it changed get their old value back),
 * also when `fn` throws. A fetch that fails or is aborted changes nothing. Concurrent calls, also
 * from another copy of kubenv (ESM and CommonJS), run one after another; `signal` also gives up
 * a call still waiting for its turn. A call nested inside `fn` layers on top and restores to the
 * outer state.
 *
 * @example
 * ```ts
 * import { withRemoteEnv } from 'kubenv'
 *
 * await withRemoteEnv(async () => {
 *   await migrate(process.env.DATABASE_URL)
 * }, { target: 'deploy/api', include: 'DATABASE_URL' })
 * ```
 * @public
 */
export async function withRemoteEnv<T>(
  fn: (remote: RemoteEnv) => T | Promise<T>,
  options: ApplyRemoteEnvOptions = {},
): Promise<T> {
  // Checked before the lock and the fetch: a bad call must not cost requests (or an exec).
  if (typeof fn !== 'function') {
    throw new ConfigError('withRemoteEnv() takes the function to run as its first argument', {
      expected: 'a function',
      found: describeType(fn),
      hint: "Call it as `withRemoteEnv(async (remote) => { ... }, { target: 'deploy/api' })`.",
    });
  }
  checkOptions(options, 'withRemoteEnv', ['env']);
  return withEnvLock(async () => {
    const { remote, snapshot } = await fetchAndApply(options);
    try {
      return await fn(remote);
    } finally {
      restoreEnv(process.env, snapshot);
    }
  }, options.signal);
}

/** Fetches with the current `process.env` as the local env, then applies what the fetch changes. */
async function fetchAndApply(options: ApplyRemoteEnvOptions): Promise<{ remote: RemoteEnv; snapshot: EnvSnapshot }> {
  const local = { ...process.env };
  const remote = await fetchRemoteEnv({ ...options, env: local });
  return { remote, snapshot: applyEnvDiff(process.env, local, remote.env) };
}

/**
 * Fetches the remote environment and applies it to `process.env` until `restore()` is called:
 * for a test runner's global setup and teardown. Waits for running {@link withRemoteEnv} calls
 * first; call `restore()` when no other kubenv call is between its apply and restore.
 *
 * @example
 * ```ts
 * const applied = await applyRemoteEnv({ target: 'deploy/api' })
 * // ... run things that read process.env ...
 * applied.restore()
 * ```
 * @public
 */
export async function applyRemoteEnv(options: ApplyRemoteEnvOptions = {}): Promise<AppliedRemoteEnv> {
  checkOptions(options, 'applyRemoteEnv', ['env']);
  return withEnvLock(async () => {
    const { remote, snapshot } = await fetchAndApply(options);
    let restored = false;
    return {
      remote,
      restore() {
        if (restored) return;
        restored = true;
        restoreEnv(process.env, snapshot);
      },
    };
  }, options.signal);
}
