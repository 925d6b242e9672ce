import { describe, expectTypeOf, inject, it } from 'vitest';
import {
  createJestGlobalSetup,
  type JestGlobalHooks,
  type KubenvTestMetadata as JestMetadata,
} from '../../src/jest/index';
import setup, { createVitestGlobalSetup, type KubenvTestMetadata } from '../../src/vitest/index';

describe('runner integrations', () => {
  it('inject("kubenv") is typed by kubenv/vitest', () => {
    expectTypeOf(inject('kubenv')).toEqualTypeOf<KubenvTestMetadata>();
    expectTypeOf(inject('kubenv').names).toEqualTypeOf<readonly string[]>();
  });

  it('the Vitest global setup takes a project and returns a teardown', () => {
    expectTypeOf(setup).parameter(0).toHaveProperty('provide');
    expectTypeOf(setup).returns.resolves.toEqualTypeOf<() => void>();
    expectTypeOf(createVitestGlobalSetup({ target: 'deploy/api' })).toEqualTypeOf(setup);
  });

  it('the Jest factory returns both hooks', () => {
    expectTypeOf(createJestGlobalSetup({ target: 'deploy/api' })).toEqualTypeOf<JestGlobalHooks>();
    expectTypeOf<JestMetadata>().toEqualTypeOf<KubenvTestMetadata>();
  });
});
