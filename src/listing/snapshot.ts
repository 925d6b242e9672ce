/**
 * Lists already fetched, read as if they were the API server: target resolution (src/resolve)
 * runs on them unchanged, so the pod `listTargets` shows for a workload is the one
 * `resolveTarget` would pick, at the cost of no request per target.
 */
import { NotFoundError } from '../errors';
import type { ListOptions, ObjectReader } from '../kube/client';
import type { ObjectMeta } from '../kube/objects';
import { RESOURCES, type ResourceName } from '../kube/resources';

/** A kind's list, or why it could not be read (forbidden, not served). */
export type ListOutcome = { readonly items: readonly unknown[] } | { readonly error: unknown };

type Labels = Readonly<Record<string, string>> | undefined;

/** An ObjectReader over fetched lists of one namespace. */
export class ListSnapshot implements ObjectReader {
  private readonly lists: ReadonlyMap<ResourceName, ListOutcome>;
  private readonly namespace: string;
  private readonly filtered = new Map<string, readonly unknown[]>();

  constructor(namespace: string, lists: ReadonlyMap<ResourceName, ListOutcome>) {
    this.namespace = namespace;
    this.lists = lists;
  }

  async get<T>(resource: ResourceName, namespace: string, name: string, signal: AbortSignal): Promise<T> {
    const found = await this.getIfExists<T>(resource, namespace, name, signal);
    if (found === undefined) throw new NotFoundError({ kind: RESOURCES[resource].singular, name, namespace });
    return found;
  }

  async getIfExists<T>(
    resource: ResourceName,
    namespace: string,
    name: string,
    _signal: AbortSignal,
  ): Promise<T | undefined> {
    return this.items(resource, namespace).find((item) => (item as { metadata: ObjectMeta }).metadata.name === name) as
      | T
      | undefined;
  }

  async list<T>(resource: ResourceName, namespace: string, options: ListOptions, _signal: AbortSignal): Promise<T[]> {
    // Each workload is resolved twice (its pod, and its candidates for READY) with the same
    // selectors: filter a 10,000-pod namespace once per selector, not once per call.
    const key = `${resource}\n${namespace}\n${options.labelSelector ?? ''}`;
    let found = this.filtered.get(key);
    if (!found) {
      const matches = labelSelectorMatcher(options.labelSelector ?? '');
      found = this.items(resource, namespace).filter((item) =>
        matches((item as { metadata: ObjectMeta }).metadata.labels),
      );
      this.filtered.set(key, found);
    }
    return [...found] as T[];
  }

  private items(resource: ResourceName, namespace: string): readonly unknown[] {
    const outcome = namespace === this.namespace ? this.lists.get(resource) : undefined;
    if (outcome === undefined) throw new Error(`${resource} in namespace "${namespace}" were not listed`);
    if ('error' in outcome) throw outcome.error;
    return outcome.items;
  }
}

/**
 * A matcher for the selectors src/resolve/selectors.ts writes (`a=b,c in (d,e),f notin (g),h,!i`):
 * the server-side filter, applied locally.
 */
export function labelSelectorMatcher(selector: string): (labels: Labels) => boolean {
  const requirements = splitRequirements(selector).map(parseRequirement);
  return (labels) => requirements.every((matches) => matches(labels ?? {}));
}

function splitRequirements(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
    } else {
      current += ch;
    }
  }
  if (current.trim()) parts.push(current.trim());
  return parts.filter(Boolean);
}

function parseRequirement(text: string): (labels: Readonly<Record<string, string>>) => boolean {
  const set = /^(\S+)\s+(in|notin)\s+\((.*)\)$/.exec(text);
  if (set) {
    const [, key = '', operator, list = ''] = set;
    const values = new Set(list.split(',').map((value) => value.trim()));
    return operator === 'in'
      ? (labels) => key in labels && values.has(labels[key] ?? '')
      : (labels) => !(key in labels) || !values.has(labels[key] ?? '');
  }
  const inequality = text.indexOf('!=');
  if (inequality > 0) {
    const key = text.slice(0, inequality).trim();
    const value = text.slice(inequality + 2).trim();
    return (labels) => labels[key] !== value;
  }
  const equality = text.indexOf('=');
  if (equality > 0) {
    const key = text.slice(0, equality).trim();
    const value = text.slice(text[equality + 1] === '=' ? equality + 2 : equality + 1).trim();
    return (labels) => labels[key] === value;
  }
  if (text.startsWith('!')) {
    const key = text.slice(1).trim();
    return (labels) => !(key in labels);
  }
  return (labels) => text in labels;
}
