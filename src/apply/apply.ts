/**
 * Applying a remote environment to `process.env`: scoped (`withRemoteEnv`) or until undone
 * (`applyRemoteEnv`, for test-runner global setup). Both fetch first and write only once the
 * fetch succeeded, so a failure leaves `process.env` untouched; writes are serialized
 * process-wide (see env-lock.ts).
 */
import { fetchRemoteEnv } from '../fetch/fetch-remote-env';
import type { RemoteEnv } from '../fetch/remote-env';
import type { FetchRemoteEnvOptions } from '../fetch/run';
import { withEnvLock } from './env-lock';
import { replaceEnv, restoreEnv } from './process-env';

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
 * `process.env` exactly, also when `fn` throws. Concurrent calls run one after another; a call
 * nested inside `fn` layers on top and restores to the outer state.
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
  return withEnvLock(async () => {
    const remote = await fetchRemoteEnv({ ...options, env: { ...process.env } });
    const snapshot = replaceEnv(process.env, remote.env);
    try {
      return await fn(remote);
    } finally {
      restoreEnv(process.env, snapshot);
    }
  });
}

/**
 * Fetches the remote environment and applies it to `process.env` until `restore()` is called:
 * for a test runner's global setup and teardown.
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
  return withEnvLock(async () => {
    const remote = await fetchRemoteEnv({ ...options, env: { ...process.env } });
    const snapshot = replaceEnv(process.env, remote.env);
    let restored = false;
    return {
      remote,
      restore() {
        if (restored) return;
        restored = true;
        restoreEnv(process.env, snapshot);
      },
    };
  });
}
