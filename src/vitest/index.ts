/**
 * `kubenv/vitest`: a Vitest global setup. Use it directly (options from the config file and
 * `MIRRORD_*` variables):
 *
 * ```ts
 * export default defineConfig({ test: { globalSetup: ['kubenv/vitest'] } })
 * ```
 *
 * or build one with options in your own global-setup file with {@link createVitestGlobalSetup}.
 * The env is applied to `process.env` before Vitest starts its workers, so it reaches tests in
 * the `forks` and `threads` pools; teardown restores it.
 *
 */
import type { ApplyRemoteEnvOptions } from '../apply/apply';
import { withMachinery } from '../fetch/machinery';
import type { KubenvTestMetadata } from '../runner/metadata';

export type { KubenvTargetMetadata, KubenvTestMetadata } from '../runner/metadata';

declare module 'vitest' {
  /** `inject('kubenv')` in a test returns what the global setup fetched (names only). */
  interface ProvidedContext {
    kubenv: KubenvTestMetadata;
  }
}

/**
 * The part of Vitest's `TestProject` a global setup uses.
 * @public
 */
export interface VitestGlobalSetupContext {
  provide(key: 'kubenv', value: KubenvTestMetadata): void;
}

/**
 * A Vitest global setup function: applies the remote env, provides {@link KubenvTestMetadata}
 * as `kubenv`, and returns the teardown that restores `process.env`.
 * @public
 */
export type VitestGlobalSetup = (context: VitestGlobalSetupContext) => Promise<() => void>;

/**
 * Builds a Vitest global setup with inline options.
 * @example
 * ```ts
 * // test/global-setup.ts
 * import { createVitestGlobalSetup } from 'kubenv/vitest'
 * export default createVitestGlobalSetup({ target: 'deploy/api', namespace: 'staging', include: 'DATABASE_*' })
 * ```
 * @public
 */
export function createVitestGlobalSetup(options: ApplyRemoteEnvOptions = {}): VitestGlobalSetup {
  return (context) =>
    withMachinery(async (run) => {
      const applied = await run.applyRemoteEnv(options);
      try {
        context.provide('kubenv', run.metadataOf(applied.remote));
      } catch (error) {
        // Vitest will not call a teardown it never received: undo the apply here.
        applied.restore();
        throw error;
      }
      return () => applied.restore();
    });
}

/**
 * The ready global setup: `globalSetup: ['kubenv/vitest']`. Options come from the config file
 * and environment variables.
 * @example
 * ```ts
 * // vitest.config.ts
 * export default defineConfig({ test: { globalSetup: ['kubenv/vitest'] } })
 * ```
 * @public
 */
const setup: VitestGlobalSetup = createVitestGlobalSetup();
export default setup;
