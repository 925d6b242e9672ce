import { describe, expectTypeOf, it } from 'vitest';
import {
  type FetchRemoteEnvOptions,
  type ListedTarget,
  listTargets,
  type SkippedKind,
  type TargetListing,
  type WorkloadKind,
} from '../../src/index';

describe('listTargets types', () => {
  it('resolves to a TargetListing whose entries carry what a picker shows', () => {
    expectTypeOf(listTargets).returns.resolves.toEqualTypeOf<TargetListing>();
    expectTypeOf<TargetListing['targets']>().toEqualTypeOf<readonly ListedTarget[]>();
    expectTypeOf<ListedTarget['kind']>().toEqualTypeOf<WorkloadKind>();
    expectTypeOf<ListedTarget['pod']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<SkippedKind['reason']>().toEqualTypeOf<'forbidden' | 'not-served'>();
  });

  it('an entry passes straight back as the target of the other calls', () => {
    expectTypeOf<{ target: ListedTarget['target'] }>().toExtend<FetchRemoteEnvOptions>();
  });

  it('takes where to look, not what to fetch', () => {
    expectTypeOf(listTargets).toBeCallableWith({ namespace: 'staging', context: 'prod', timeout: 5000 });
    expectTypeOf(listTargets).toBeCallableWith({ signal: new AbortController().signal });
    // @ts-expect-error a target does not filter the listing
    void listTargets({ target: 'deploy/api' });
  });
});
