/**
 * The table of workload kinds a target can name: the words a target may use for each, and the
 * API resource it reads. Parsing, formatting and target resolution all go through it, so adding a
 * kind is one row here (and, for a resource kubenv did not read yet, one in ../kube/resources.ts,
 * which says where each resource lives).
 */

import type { ResourceName } from '../kube/resources';
import type { NameRule } from './names';
import type { WorkloadKind } from './types';

/**
 * Everything kubenv knows about one kind of target.
 */
export interface KindInfo {
  /** Canonical lowercase name, as `formatTarget` prints it. */
  readonly kind: WorkloadKind;
  /** Other names accepted in a target string (kubectl short names, plural), lowercase. */
  readonly aliases: readonly string[];
  /** The key of mirrord's object form, e.g. `stateful_set` in `{ "stateful_set": "db" }`. */
  readonly objectKey: string;
  /** The API resource of this kind, e.g. `statefulsets`; its group and version are in RESOURCES. */
  readonly resource: ResourceName;
  /** The naming rule the API server enforces for this kind. */
  readonly nameRule: NameRule;
  /** A limit stricter than the rule's, when the API server enforces one. */
  readonly maxNameLength?: number | undefined;
}

/**
 * Every workload kind, in the order they are listed to users.
 * @example
 * ```ts
 * KIND_LIST.map((k) => k.kind) // ['pod', 'deployment', ...]
 * ```
 */
export const KIND_LIST: readonly KindInfo[] = [
  {
    kind: 'pod',
    aliases: ['po', 'pods'],
    objectKey: 'pod',
    resource: 'pods',
    nameRule: 'dns1123-subdomain',
  },
  {
    kind: 'deployment',
    aliases: ['deploy', 'deployments'],
    objectKey: 'deployment',
    resource: 'deployments',
    nameRule: 'dns1123-subdomain',
  },
  {
    kind: 'rollout',
    aliases: ['ro', 'rollouts'],
    objectKey: 'rollout',
    resource: 'rollouts',
    nameRule: 'dns1123-subdomain',
  },
  {
    kind: 'statefulset',
    aliases: ['sts', 'statefulsets'],
    objectKey: 'stateful_set',
    resource: 'statefulsets',
    nameRule: 'dns1123-subdomain',
  },
  {
    kind: 'daemonset',
    aliases: ['ds', 'daemonsets'],
    objectKey: 'daemon_set',
    resource: 'daemonsets',
    nameRule: 'dns1123-subdomain',
  },
  {
    kind: 'replicaset',
    aliases: ['rs', 'replicasets'],
    objectKey: 'replica_set',
    resource: 'replicasets',
    nameRule: 'dns1123-subdomain',
  },
  {
    kind: 'job',
    aliases: ['jobs'],
    objectKey: 'job',
    resource: 'jobs',
    nameRule: 'dns1123-subdomain',
  },
  {
    kind: 'cronjob',
    aliases: ['cj', 'cronjobs'],
    objectKey: 'cron_job',
    resource: 'cronjobs',
    nameRule: 'dns1123-subdomain',
    // The API server refuses longer names: Job names get an 11-character suffix.
    maxNameLength: 52,
  },
  {
    kind: 'service',
    aliases: ['svc', 'services'],
    objectKey: 'service',
    resource: 'services',
    nameRule: 'dns1035-label',
  },
];

/**
 * The table row of each canonical kind.
 * @example
 * ```ts
 * KINDS.deployment.resource // 'deployments'
 * KINDS[target.kind].objectKey // 'stateful_set' for a statefulset
 * ```
 */
export const KINDS: Readonly<Record<WorkloadKind, KindInfo>> = Object.fromEntries(
  KIND_LIST.map((info) => [info.kind, info]),
) as Record<WorkloadKind, KindInfo>;

const byWord: ReadonlyMap<string, KindInfo> = new Map(
  KIND_LIST.flatMap((info) => [info.kind, ...info.aliases].map((word) => [word, info] as const)),
);
const byObjectKey: ReadonlyMap<string, KindInfo> = new Map(KIND_LIST.map((info) => [info.objectKey, info]));

/**
 * Looks a kind up by its canonical name or an alias, case-insensitively (`Deploy`, `sts`,
 * `pods`).
 * @example
 * ```ts
 * findKind('sts')?.kind // 'statefulset'
 * ```
 */
export function findKind(word: string): KindInfo | undefined {
  return byWord.get(word.toLowerCase());
}

/**
 * Looks a kind up by the key of mirrord's object form (`stateful_set`), case-sensitively as
 * mirrord does.
 * @example
 * ```ts
 * findKindByObjectKey('cron_job')?.kind // 'cronjob'
 * ```
 */
export function findKindByObjectKey(key: string): KindInfo | undefined {
  return byObjectKey.get(key);
}

/**
 * True for a canonical workload kind (`deployment`, not `deploy`).
 * @example
 * ```ts
 * isWorkloadKind('statefulset') // true
 * ```
 */
export function isWorkloadKind(value: unknown): value is WorkloadKind {
  return typeof value === 'string' && Object.hasOwn(KINDS, value);
}

/**
 * Every word accepted as a kind in a target string (canonical names, aliases, `label`), for
 * suggestions.
 * @example
 * ```ts
 * KIND_WORDS.includes('sts') // true
 * ```
 */
export const KIND_WORDS: readonly string[] = [...byWord.keys(), 'label'];
