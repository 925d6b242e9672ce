/**
 * An ObjectReader over objects in memory, for resolution tests without a server: gets by name,
 * lists by label selector with apimachinery's rules (the simulated cluster's parser), and serves
 * lists in the stored or the reversed order so a test can show the order does not matter.
 */
import { expect } from 'vitest';
import type { ObjectReader } from '../../src/kube/client';
import { type Resolution, resolveWithClient } from '../../src/resolve/resolve';
import type { Target } from '../../src/target/types';
import { parseLabelSelector } from '../../src/testing/server/selectors/label-selector';

export type Labels = Record<string, string>;
export type Stored = { metadata: { name: string; labels?: Labels } & Record<string, unknown> } & Record<
  string,
  unknown
>;
/** Objects by resource (`pods`, `replicasets`...). */
export type Objects = Record<string, Stored[]>;

/** A reader of `objects`; each call is recorded in `calls` (`get pods/x`, `list pods app=x`). */
export function memoryReader(objects: Objects, reversed: boolean, calls: string[] = []): ObjectReader {
  return {
    get: async <T>(resource: string, _namespace: string, name: string) => {
      calls.push(`get ${resource}/${name}`);
      const found = objects[resource]?.find((o) => o.metadata.name === name);
      if (!found) throw new Error(`no ${resource}/${name}`);
      return found as T;
    },
    getIfExists: async <T>(resource: string, _namespace: string, name: string) => {
      calls.push(`get ${resource}/${name}`);
      return objects[resource]?.find((o) => o.metadata.name === name) as T | undefined;
    },
    list: async <T>(resource: string, _namespace: string, options: { labelSelector?: string }) => {
      calls.push(`list ${resource} ${options.labelSelector ?? '(everything)'}`);
      const matcher = options.labelSelector ? parseLabelSelector(options.labelSelector) : undefined;
      const found = (objects[resource] ?? []).filter((o) => matcher?.matches(o.metadata.labels ?? {}) ?? true);
      return (reversed ? found.reverse() : found) as T[];
    },
  } as ObjectReader;
}

/** Resolves `target` in namespace `ns` over `objects` served in both list orders, which must agree. */
export async function resolveInBothOrders(target: Target, objects: Objects): Promise<Resolution['resolved']> {
  const signal = new AbortController().signal;
  const forward = await resolveWithClient(target as never, 'ns', memoryReader(objects, false), signal);
  const backward = await resolveWithClient(target as never, 'ns', memoryReader(objects, true), signal);
  expect(backward.resolved).toEqual(forward.resolved);
  return forward.resolved;
}
