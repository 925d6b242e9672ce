/**
 * applyEnvDiff's contract (src/apply/process-env.ts): only the keys the change is about are
 * touched; a key `from` holds as `undefined` is absent there, as in an EnvSnapshot.
 */
import { expect, it } from 'vitest';
import { applyEnvDiff } from '../../src/apply/process-env';

it('leaves alone a key that `from` holds as undefined and `to` lacks: nothing to delete', () => {
  const env: NodeJS.ProcessEnv = { WRITTEN_MEANWHILE: 'by other code' };
  const snapshot = applyEnvDiff(env, { WRITTEN_MEANWHILE: undefined }, {});
  expect(env).toStrictEqual({ WRITTEN_MEANWHILE: 'by other code' });
  expect([...snapshot]).toEqual([]);
});
