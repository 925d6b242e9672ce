/**
 * A workload's label selector, matchExpressions included, selects the same pods through kubenv's
 * `?labelSelector=` as the selector itself does in Kubernetes. The reference is apimachinery's
 * LabelSelectorAsSelector (pkg/apis/meta/v1/helpers.go) and labels.Requirement.Matches
 * (pkg/labels/selector.go), written out below from the structured selector, never from the string
 * kubenv sends: In = the key is present and its value is one of the values; NotIn = the key is
 * absent or its value is none of them; Exists = the key is present (any value, even empty);
 * DoesNotExist = the key is absent; matchLabels are ANDed with all of them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isKubenvError } from '../../src/errors';
import type { ObjectReader } from '../../src/kube/client';
import type { LabelSelector } from '../../src/kube/objects';
import { resolveWithClient } from '../../src/resolve/resolve';
import { selectorToString } from '../../src/resolve/selectors';
import { parseLabelSelector } from '../../src/testing/server/selectors/label-selector';

type Labels = Record<string, string>;

/** apimachinery's semantics of a structured LabelSelector, independent of kubenv's string. */
function kubernetesMatches(selector: LabelSelector, labels: Labels): boolean {
  const has = (key: string) => Object.hasOwn(labels, key);
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (!has(key) || labels[key] !== value) return false;
  }
  for (const { key, operator, values = [] } of selector.matchExpressions ?? []) {
    const ok =
      operator === 'In'
        ? has(key) && values.includes(labels[key] as string)
        : operator === 'NotIn'
          ? !has(key) || !values.includes(labels[key] as string)
          : operator === 'Exists'
            ? has(key)
            : !has(key);
    if (!ok) return false;
  }
  return true;
}

/** What the API server selects for the query kubenv sends (the simulator parses it as apimachinery does). */
function serverMatches(selector: LabelSelector, labels: Labels): boolean {
  const query = selectorToString(selector);
  return query === undefined ? true : parseLabelSelector(query).matches(labels);
}

describe('matchExpressions select the pods Kubernetes selects', () => {
  const labels: Labels[] = [
    {},
    { app: 'web' },
    { app: 'web', track: 'stable' },
    { app: 'web', track: 'canary' },
    { app: 'web', track: '' },
    { app: 'db', track: 'stable' },
    { app: 'web', tier: 'front', track: 'beta' },
  ];
  const cases: [string, LabelSelector][] = [
    ['In with one value', { matchExpressions: [{ key: 'track', operator: 'In', values: ['stable'] }] }],
    ['In with two values', { matchExpressions: [{ key: 'track', operator: 'In', values: ['stable', 'beta'] }] }],
    [
      'In with values out of order',
      { matchExpressions: [{ key: 'track', operator: 'In', values: ['canary', 'beta'] }] },
    ],
    ['NotIn', { matchExpressions: [{ key: 'track', operator: 'NotIn', values: ['canary'] }] }],
    ['NotIn with two values', { matchExpressions: [{ key: 'track', operator: 'NotIn', values: ['canary', 'beta'] }] }],
    ['Exists', { matchExpressions: [{ key: 'track', operator: 'Exists' }] }],
    ['DoesNotExist', { matchExpressions: [{ key: 'track', operator: 'DoesNotExist' }] }],
    [
      'matchLabels and every operator together',
      {
        matchLabels: { app: 'web' },
        matchExpressions: [
          { key: 'track', operator: 'Exists' },
          { key: 'track', operator: 'NotIn', values: ['canary'] },
          { key: 'tier', operator: 'DoesNotExist' },
        ],
      },
    ],
  ];

  it.each(cases)('%s', (_name, selector) => {
    for (const podLabels of labels) {
      expect({ podLabels, selected: serverMatches(selector, podLabels) }).toEqual({
        podLabels,
        selected: kubernetesMatches(selector, podLabels),
      });
    }
    // Each case selects some pods and leaves out others: a selector that matched everything
    // (or nothing) would be caught.
    const selected = labels.filter((podLabels) => kubernetesMatches(selector, podLabels));
    expect(selected.length).toBeGreaterThan(0);
    expect(selected.length).toBeLessThan(labels.length);
  });

  it('for any selector and labels (property)', () => {
    const key = fc.constantFrom('app', 'track', 'tier');
    const value = fc.constantFrom('web', 'db', 'canary', 'stable');
    fc.assert(
      fc.property(
        fc.record({
          matchLabels: fc.dictionary(key, value, { maxKeys: 2 }),
          matchExpressions: fc.array(
            fc.oneof(
              fc.record({
                key,
                operator: fc.constantFrom('In' as const, 'NotIn' as const),
                values: fc.uniqueArray(value, { minLength: 1, maxLength: 3 }),
              }),
              fc.record({ key, operator: fc.constantFrom('Exists' as const, 'DoesNotExist' as const) }),
            ),
            { minLength: 1, maxLength: 3 },
          ),
        }),
        fc.dictionary(key, value, { maxKeys: 3 }),
        (selector, podLabels) => {
          expect(serverMatches(selector, podLabels)).toBe(kubernetesMatches(selector, podLabels));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('a selector of matchExpressions only is not empty: it is sent, not refused', () => {
    expect(selectorToString({ matchExpressions: [{ key: 'track', operator: 'Exists' }] })).toBeDefined();
    expect(selectorToString({})).toBeUndefined();
    expect(selectorToString(undefined)).toBeUndefined();
  });

  it("a set's values in any order send one query, sorted as apimachinery's Requirement.String writes it", () => {
    const query = (values: string[]) =>
      selectorToString({ matchExpressions: [{ key: 'track', operator: 'NotIn', values }] });
    expect(query(['canary', 'beta'])).toBe('track notin (beta,canary)');
    expect(query(['beta', 'canary'])).toBe('track notin (beta,canary)');
  });
});

// --- through resolution: an Argo rollout lists pods by selector alone (no owner to check) ---

const signal = new AbortController().signal;

function reader(objects: Record<string, { metadata: { name: string; labels?: Labels } }[]>): ObjectReader {
  return {
    get: async <T>(resource: string, _namespace: string, name: string) => {
      const found = objects[resource]?.find((o) => o.metadata.name === name);
      if (!found) throw new Error(`no ${resource}/${name}`);
      return found as T;
    },
    getIfExists: async <T>(resource: string, _namespace: string, name: string) =>
      objects[resource]?.find((o) => o.metadata.name === name) as T | undefined,
    list: async <T>(resource: string, _namespace: string, options: { labelSelector?: string }) => {
      const matcher = options.labelSelector ? parseLabelSelector(options.labelSelector) : undefined;
      return (objects[resource] ?? []).filter((o) => matcher?.matches(o.metadata.labels ?? {}) ?? true) as T[];
    },
  } as ObjectReader;
}

const pod = (name: string, labels: Labels) => ({
  metadata: { name, labels },
  spec: { nodeName: 'node-1', containers: [{ name: 'app' }] },
  status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
});

describe('a rollout whose selector has matchExpressions', () => {
  const rollout = (selector: LabelSelector | undefined) => ({
    metadata: { name: 'web', uid: 'uid-web' },
    spec: { ...(selector ? { selector } : {}), template: { metadata: {}, spec: { containers: [{ name: 'app' }] } } },
    status: {},
  });

  it.each([
    // NotIn also selects a pod without the key at all.
    ['NotIn', { key: 'track', operator: 'NotIn', values: ['canary', 'beta'] }, ['web-stable', 'web-untracked']],
    ['In', { key: 'track', operator: 'In', values: ['stable', 'gamma'] }, ['web-stable']],
    ['Exists', { key: 'tier', operator: 'Exists' }, ['web-beta']],
    ['DoesNotExist', { key: 'track', operator: 'DoesNotExist' }, ['web-untracked']],
  ] as const)('%s: only the pods it selects are candidates', async (_name, expression, expected) => {
    const objects = {
      rollouts: [rollout({ matchLabels: { app: 'web' }, matchExpressions: [expression] })],
      pods: [
        pod('web-canary', { app: 'web', track: 'canary' }),
        pod('web-stable', { app: 'web', track: 'stable' }),
        pod('web-beta', { app: 'web', track: 'beta', tier: '' }),
        pod('web-untracked', { app: 'web' }),
        pod('db-stable', { app: 'db', track: 'stable' }),
      ],
    };
    const { resolved } = await resolveWithClient({ kind: 'rollout', name: 'web' }, 'ns', reader(objects), signal);
    expect(expected).toContain(resolved.pod);
    expect(resolved.candidates).toBe(expected.length);
  });

  it('a workload with no selector at all is refused as empty, not a crash', async () => {
    const objects = {
      replicasets: [{ ...rollout(undefined), metadata: { name: 'web', uid: 'uid-web' } }],
      pods: [pod('web-a', { app: 'web' })],
    };
    const error = await resolveWithClient({ kind: 'replicaset', name: 'web' }, 'ns', reader(objects), signal).catch(
      (e: unknown) => e,
    );
    expect(isKubenvError(error, 'NO_POD')).toBe(true);
    expect((error as Error).message).toContain('empty selector');
  });
});
