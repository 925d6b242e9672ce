import type { KubenvConfig } from './types';

/**
 * Types a config file: returns `config` unchanged, so an editor checks and completes the keys of
 * a `kubenv.config.ts` (or `.js` with `// @ts-check`).
 *
 * @example
 * ```ts
 * // kubenv.config.ts
 * import { defineConfig } from 'kubenv'
 *
 * export default defineConfig({
 *   target: { path: 'deploy/api', namespace: 'staging' },
 *   feature: { env: { include: ['DATABASE_URL', 'REDIS_*'], env_file: '.env.test' } },
 *   source: 'spec',
 * })
 * ```
 * @public
 */
export function defineConfig(config: KubenvConfig): KubenvConfig {
  return config;
}
