/**
 * listTargets' body: one paginated LIST per kind, in parallel; then every target summarized and
 * resolved in memory over those lists (src/listing/snapshot.ts), so no request is sent per target.
 */
import { isKubenvError } from '../errors';
import type { ListedTarget, ListTargetsOptions, SkippedKind, TargetListing } from '../fetch/list-targets';
import { withConfiguredSession } from '../fetch/run';
import type { KubeClient } from '../kube/client';
import type { Pod, Workload } from '../kube/objects';
import { RESOURCES, type ResourceName } from '../kube/resources';
import { chooseContainer } from '../resolve/rank';
import { resolveWithClient } from '../resolve/resolve';
import { type WorkloadTarget, workloadCandidates } from '../resolve/workloads';
import { formatTarget } from '../target/format';
import { KIND_LIST, type KindInfo } from '../target/kinds';
import type { WorkloadKind } from '../target/types';
import { ageOf } from './age';
import { podReadiness, templateContainers, workloadReadiness } from './readiness';
import { type ListOutcome, ListSnapshot } from './snapshot';

/** listTargets' body. */
export async function runListTargets(options: ListTargetsOptions): Promise<TargetListing> {
  return withConfiguredSession(options, async ({ client, namespace, signal }) => {
    const lists = await fetchLists(client, namespace, signal);
    const now = Date.now();
    const snapshot = new ListSnapshot(namespace, lists);
    const skipped: SkippedKind[] = [];
    const warnings: string[] = [];
    const targets: ListedTarget[] = [];
    for (const info of KIND_LIST) {
      const outcome = lists.get(info.resource) as ListOutcome;
      if ('error' in outcome) {
        skipped.push(skippedKind(info, namespace, outcome.error));
        continue;
      }
      const objects = [...(outcome.items as Array<Pod & Workload>)].sort((a, b) =>
        a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0,
      );
      for (const object of objects) {
        const entry = await describe(info.kind, object, { namespace, now, snapshot, signal });
        if (entry) targets.push(entry);
      }
    }
    const revisions = lists.get('controllerrevisions');
    if (revisions && 'error' in revisions) {
      warnings.push(
        `controllerrevisions could not be listed in namespace "${namespace}": the pod of each daemonset is not shown`,
      );
    }
    return { namespace, targets, skipped, warnings, listedAt: new Date(now).toISOString() };
  });
}

/**
 * Every kind's list at once. Controllerrevisions (what a daemonset's current pods are) are listed
 * only when there is a daemonset, right after its list comes back.
 */
async function fetchLists(
  client: KubeClient,
  namespace: string,
  signal: AbortSignal,
): Promise<Map<ResourceName, ListOutcome>> {
  const lists = new Map<ResourceName, ListOutcome>();
  const listOne = async (resource: ResourceName): Promise<ListOutcome> => {
    try {
      const outcome = { items: await client.list<unknown>(resource, namespace, {}, signal) };
      lists.set(resource, outcome);
      return outcome;
    } catch (error) {
      if (!isSkippable(error)) throw error;
      lists.set(resource, { error });
      return { error };
    }
  };
  await Promise.all(
    KIND_LIST.map(async (info) => {
      const outcome = await listOne(info.resource);
      if (info.resource === 'daemonsets' && 'items' in outcome && outcome.items.length > 0) {
        await listOne('controllerrevisions');
      }
    }),
  );
  return lists;
}

/** Forbidden, or not served (a 404 on the collection: no such CRD): skip the kind, go on. */
function isSkippable(error: unknown): boolean {
  return isKubenvError(error, 'FORBIDDEN') || (isKubenvError(error, 'KUBE_API') && error.status === 404);
}

function skippedKind(info: KindInfo, namespace: string, error: unknown): SkippedKind {
  const { group, version } = RESOURCES[info.resource];
  const api = group ? `${info.resource}.${group}` : info.resource;
  return isKubenvError(error, 'FORBIDDEN')
    ? {
        kind: info.kind,
        reason: 'forbidden',
        message: `${api}: forbidden to list in namespace "${namespace}" (check with \`kubectl auth can-i list ${api} -n ${namespace}\`)`,
      }
    : {
        kind: info.kind,
        reason: 'not-served',
        message: `${api}: not served by this cluster (${group}/${version}: is its CRD installed?)`,
      };
}

interface DescribeContext {
  readonly namespace: string;
  readonly now: number;
  readonly snapshot: ListSnapshot;
  readonly signal: AbortSignal;
}

/** One entry; `undefined` for what cannot be a target (a service without a selector). */
async function describe(
  kind: WorkloadKind,
  object: Pod & Workload,
  context: DescribeContext,
): Promise<ListedTarget | undefined> {
  const { namespace, now, snapshot, signal } = context;
  const name = object.metadata.name;
  const common = {
    target: formatTarget({ kind, name }),
    kind,
    name,
    namespace,
    createdAt: object.metadata.creationTimestamp,
    age: ageOf(object.metadata.creationTimestamp, now),
  };
  if (kind === 'pod') {
    const pod = object as Pod;
    const container = chooseContainer(pod.spec.containers, pod.metadata.annotations, undefined);
    return {
      ...common,
      containers: pod.spec.containers.map((c) => c.name),
      ...podReadiness(pod),
      pod: name,
      container: container?.name,
    };
  }
  const service = object as unknown as { spec: { selector?: Readonly<Record<string, string>> } };
  if (kind === 'service' && Object.keys(service.spec.selector ?? {}).length === 0) return undefined;
  const target = { kind, name } as WorkloadTarget;
  // The same resolution as resolveTarget, over the lists: a workload without a running pod (or
  // whose pods cannot be told apart) shows no pod rather than failing the listing.
  const resolution = await resolveWithClient(target, namespace, snapshot, signal).catch(() => undefined);
  const candidates = await workloadCandidates(target, { client: snapshot, namespace, signal }).catch(() => undefined);
  const resolvedPod = resolution?.pod;
  return {
    ...common,
    containers:
      templateContainers(kind, object) ??
      (resolvedPod ?? resolution?.template)?.spec.containers.map((c) => c.name) ??
      [],
    ...workloadReadiness(kind, object, candidates?.pods ?? []),
    pod: resolvedPod?.metadata.name,
    container: resolution?.resolved.container,
  };
}
