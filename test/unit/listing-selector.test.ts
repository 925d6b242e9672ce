import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LabelSelector } from '../../src/kube/objects';
import { labelSelectorMatcher } from '../../src/listing/snapshot';
import { selectorToString } from '../../src/resolve/selectors';
import { parseLabelSelector } from '../../src/testing/server/selectors/label-selector';

// Few keys and values, so that selectors and label sets meet often.
const key = fc.constantFrom('app', 'tier', 'app.kubernetes.io/name', 'pod-template-hash', 'track');
const value = fc.constantFrom('web', 'db', 'v1', 'canary', '5c9d8f6b7d', '');
const labels = fc.dictionary(key, value, { maxKeys: 5 });
const selector: fc.Arbitrary<LabelSelector> = fc.record(
  {
    matchLabels: fc.dictionary(key, value.filter(Boolean), { maxKeys: 3 }),
    matchExpressions: fc.array(
      fc.oneof(
        fc.record({
          key,
          operator: fc.constantFrom('In' as const, 'NotIn' as const),
          values: fc.array(value.filter(Boolean), { minLength: 1, maxLength: 3 }),
        }),
        fc.record({ key, operator: fc.constantFrom('Exists' as const, 'DoesNotExist' as const) }),
      ),
      { maxLength: 3 },
    ),
  },
  { requiredKeys: [] },
);

describe('the listing snapshot filters pods as the API server does', () => {
  it('for every selector resolution writes, it matches what the simulated API server (apimachinery rules) matches', () => {
    fc.assert(
      fc.property(selector, labels, (workloadSelector, podLabels) => {
        const text = selectorToString(workloadSelector) ?? '';
        expect(labelSelectorMatcher(text)(podLabels)).toBe(parseLabelSelector(text).matches(podLabels));
      }),
      { numRuns: 2000 },
    );
  });

  it('an empty selector matches every pod; a pod without labels matches only absence', () => {
    expect(labelSelectorMatcher('')({ app: 'web' })).toBe(true);
    expect(labelSelectorMatcher('!track')(undefined)).toBe(true);
    expect(labelSelectorMatcher('app in (web,db)')(undefined)).toBe(false);
    expect(labelSelectorMatcher('app notin (web)')(undefined)).toBe(true);
  });
});
