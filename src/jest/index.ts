/**
 * `kubenv/jest`: Jest global setup and teardown. Use the ready modules directly (options from
 * the config file and `MIRRORD_*` variables):
 *
 * ```js
 * // jest.config.js
 * module.exports = { globalSetup: 'kubenv/jest/global-setup', globalTeardown: 'kubenv/jest/global-teardown' }
 * ```
 *
 * or build a pair with options with {@link createJestGlobalSetup}. Jest starts its workers after
 * the global setup, so they inherit the applied `process.env`.
 *
 */
import { type ApplyRemoteEnvOptions, applyRemoteEnv } from '../apply/apply';
import { ConfigError } from '../errors';
import { type KubenvTestMetadata, metadataOf } from '../runner/metadata';

export type { KubenvTargetMetadata, KubenvTestMetadata } from '../runner/metadata';

/** Jest runs global setup and teardown in one process: the restore waits here, shared by every copy of kubenv. */
const RESTORE_KEY = Symbol.for('kubenv.jest.restore.v1');

/**
 * The variable that carries {@link KubenvTestMetadata} (JSON, names only) to Jest's test workers.
 * @public
 */
export const METADATA_VARIABLE = 'KUBENV_METADATA';

/**
 * A Jest global setup and its teardown.
 * @public
 */
export interface JestGlobalHooks {
  readonly globalSetup: () => Promise<void>;
  readonly globalTeardown: () => Promise<void>;
}

/**
 * Builds a Jest global setup/teardown pair with inline options.
 * @example
 * ```js
 * // jest.global-setup.cjs
 * const { createJestGlobalSetup } = require('kubenv/jest')
 * module.exports = createJestGlobalSetup({ target: 'deploy/api' }).globalSetup
 * ```
 * @public
 */
export function createJestGlobalSetup(options: ApplyRemoteEnvOptions = {}): JestGlobalHooks {
  return {
    async globalSetup() {
      const applied = await applyRemoteEnv(options);
      process.env[METADATA_VARIABLE] = JSON.stringify(metadataOf(applied.remote));
      const previous = (globalThis as Record<symbol, (() => void) | undefined>)[RESTORE_KEY];
      (globalThis as Record<symbol, (() => void) | undefined>)[RESTORE_KEY] = () => {
        delete process.env[METADATA_VARIABLE];
        applied.restore();
        previous?.();
      };
    },
    async globalTeardown() {
      const restore = (globalThis as Record<symbol, (() => void) | undefined>)[RESTORE_KEY];
      (globalThis as Record<symbol, (() => void) | undefined>)[RESTORE_KEY] = undefined;
      restore?.();
    },
  };
}

const ready: JestGlobalHooks = createJestGlobalSetup();

/**
 * The ready global setup (`globalSetup: 'kubenv/jest/global-setup'`).
 * @public
 */
export const globalSetup: () => Promise<void> = ready.globalSetup;

/**
 * The ready global teardown (`globalTeardown: 'kubenv/jest/global-teardown'`).
 * @public
 */
export const globalTeardown: () => Promise<void> = ready.globalTeardown;

/**
 * In a Jest test: what the global setup fetched (names only).
 * @example
 * ```js
 * const { readKubenvMetadata } = require('kubenv/jest')
 * test('env arrived', () => expect(readKubenvMetadata().names).toContain('DATABASE_URL'))
 * ```
 * @public
 */
export function readKubenvMetadata(
  env: Readonly<Record<string, string | undefined>> = process.env,
): KubenvTestMetadata {
  const raw = env[METADATA_VARIABLE];
  if (!raw) {
    throw new ConfigError(`${METADATA_VARIABLE} is not set: the kubenv global setup did not run`, {
      hint: "Add `globalSetup: 'kubenv/jest/global-setup'` and `globalTeardown: 'kubenv/jest/global-teardown'` to the Jest config.",
    });
  }
  return JSON.parse(raw) as KubenvTestMetadata;
}
