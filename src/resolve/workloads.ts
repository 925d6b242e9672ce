/**
 * From a workload to the pods of its current revision, one strategy per kind (the table in README.md, "Targets").
 * Every list is filtered by label selector on the server and checked against the owner's uid:
 * a pod of an older revision, or of another workload sharing labels, is never a candidate.
 */
import { NoPodError } from '../errors';
import type { ObjectReader } from '../kube/client';
import type { ObjectMeta, Pod, PodTemplateSpec, Workload } from '../kube/objects';
import type { ResourceName } from '../kube/resources';
import type { LabelTarget, NamedTarget } from '../target/types';
import { selectorToString } from './selectors';

/** The candidate pods of a target and what describes them. */
export interface Candidates {
  readonly pods: readonly Pod[];
  /** The pod template of the current revision, used when no pod exists. */
  readonly template: PodTemplateSpec | undefined;
  /** e.g. `revision 7`, `revision web-6d4b8c9f7`, `job api-28803520`. */
  readonly revision: string | undefined;
  /** Which set the pods were taken from, e.g. `ReplicaSet api-7d9f`. */
  readonly from: string;
}

/** The targets that go through a workload: every kind but `pod`, and label selectors. */
export type WorkloadTarget = Exclude<NamedTarget, { readonly kind: 'pod' }> | LabelTarget;

interface ControllerRevision {
  readonly metadata: ObjectMeta;
  readonly revision: number;
}

interface Service {
  readonly metadata: ObjectMeta;
  readonly spec: { readonly selector?: Readonly<Record<string, string>> };
}

type Context = { readonly client: ObjectReader; readonly namespace: string; readonly signal: AbortSignal };

/** Lists the candidate pods of a workload target. */
export async function workloadCandidates(target: WorkloadTarget, context: Context): Promise<Candidates> {
  switch (target.kind) {
    case 'label':
      return podsBySelector(
        context,
        target.labels,
        `pods with labels ${selectorToString({ matchLabels: target.labels })}`,
      );
    case 'deployment':
      return deploymentCandidates(target.name, context);
    case 'rollout':
      return rolloutCandidates(target.name, context);
    case 'statefulset':
      return statefulSetCandidates(target.name, context);
    case 'daemonset':
      return daemonSetCandidates(target.name, context);
    case 'replicaset':
      return ownedPods('replicasets', target.name, context);
    case 'job':
      return ownedPods('jobs', target.name, context);
    case 'cronjob':
      return cronJobCandidates(target.name, context);
    case 'service':
      return serviceCandidates(target.name, context);
  }
}

async function podsBySelector(
  context: Context,
  labels: Readonly<Record<string, string>>,
  from: string,
): Promise<Candidates> {
  const labelSelector = selectorToString({ matchLabels: labels });
  const pods = await context.client.list<Pod>('pods', context.namespace, { labelSelector }, context.signal);
  return { pods, template: undefined, revision: undefined, from };
}

function requireSelector(
  workload: Workload,
  kind: string,
  context: Context,
  extra: Record<string, string> = {},
): string {
  const selector = selectorToString(workload.spec.selector, extra);
  if (selector === undefined) {
    // An empty selector would match every pod of the namespace.
    throw new NoPodError(`${kind}/${workload.metadata.name}`, context.namespace, 'it has an empty selector', {
      hint: `Give its pods directly, e.g. \`pod/<name>\` (see \`kubectl get pods -n ${context.namespace}\`).`,
    });
  }
  return selector;
}

function ownedBy(meta: ObjectMeta, uid: string | undefined): boolean {
  return uid === undefined || (meta.ownerReferences ?? []).some((ref) => ref.uid === uid);
}

async function podsOf(context: Context, labelSelector: string, ownerUid: string | undefined): Promise<Pod[]> {
  const pods = await context.client.list<Pod>('pods', context.namespace, { labelSelector }, context.signal);
  return pods.filter((pod) => ownedBy(pod.metadata, ownerUid));
}

async function deploymentCandidates(name: string, context: Context): Promise<Candidates> {
  const { client, namespace, signal } = context;
  // The two lists below go out at once, on two connections: open both now, so the second's
  // handshake overlaps the GET instead of delaying the lists (src/kube/server-connections.ts).
  client.preconnect?.(2, signal);
  const deployment = await client.get<Workload>('deployments', namespace, name, signal);
  const selector = requireSelector(deployment, 'deployment', context);
  // Both lists at once: one round trip less than listing pods after finding the newest
  // ReplicaSet (as few sequential round trips as kubectl's own exec deploy/x). The pods of older
  // revisions are dropped below by owner.
  const [allReplicaSets, allPods] = await Promise.all([
    client.list<Workload>('replicasets', namespace, { labelSelector: selector }, signal),
    client.list<Pod>('pods', namespace, { labelSelector: selector }, signal),
  ]);
  const replicaSets = allReplicaSets.filter((rs) => ownedBy(rs.metadata, deployment.metadata.uid));
  // The newest ReplicaSet is the one with the highest revision annotation, as the deployment controller sets it.
  const newest = maxBy(
    replicaSets,
    (rs) => Number(rs.metadata.annotations?.['deployment.kubernetes.io/revision']),
    (rs) => rs.metadata.name,
  );
  if (!newest) return { pods: [], template: deployment.spec.template, revision: undefined, from: `deployment ${name}` };
  const newestUid = newest.metadata.uid;
  const pods = allPods.filter((pod) => newestUid !== undefined && ownedBy(pod.metadata, newestUid));
  const revision = newest.metadata.annotations?.['deployment.kubernetes.io/revision'];
  return {
    pods,
    template: newest.spec.template ?? deployment.spec.template,
    revision: revision ? `revision ${revision}` : undefined,
    from: `ReplicaSet ${newest.metadata.name}`,
  };
}

async function rolloutCandidates(name: string, context: Context): Promise<Candidates> {
  const { client, namespace, signal } = context;
  const rollout = await client.get<Workload>('rollouts', namespace, name, signal);
  let selectorSource: Workload = rollout;
  let template = rollout.spec.template;
  const ref = rollout.spec.workloadRef;
  if (ref) {
    // A rollout may borrow its template (and selector) from a Deployment or ReplicaSet.
    const resource: ResourceName = ref.kind === 'ReplicaSet' ? 'replicasets' : 'deployments';
    const referenced = await client.get<Workload>(resource, namespace, ref.name, signal);
    template = referenced.spec.template;
    if (!rollout.spec.selector) selectorSource = referenced;
  }
  const hash = rollout.status?.currentPodHash;
  const selector = requireSelector(
    selectorSource,
    'rollout',
    context,
    hash ? { 'rollouts-pod-template-hash': hash } : {},
  );
  const pods = await podsOf(context, selector, undefined);
  return { pods, template, revision: hash ? `pod hash ${hash}` : undefined, from: `rollout ${name}` };
}

async function statefulSetCandidates(name: string, context: Context): Promise<Candidates> {
  const { client, namespace, signal } = context;
  const statefulSet = await client.get<Workload>('statefulsets', namespace, name, signal);
  const revision = statefulSet.status?.updateRevision || statefulSet.status?.currentRevision;
  const selector = requireSelector(
    statefulSet,
    'statefulset',
    context,
    revision ? { 'controller-revision-hash': revision } : {},
  );
  const pods = await podsOf(context, selector, statefulSet.metadata.uid);
  return {
    pods,
    template: statefulSet.spec.template,
    revision: revision ? `revision ${revision}` : undefined,
    from: `statefulset ${name}`,
  };
}

async function daemonSetCandidates(name: string, context: Context): Promise<Candidates> {
  const { client, namespace, signal } = context;
  const daemonSet = await client.get<Workload>('daemonsets', namespace, name, signal);
  const selector = requireSelector(daemonSet, 'daemonset', context);
  // A DaemonSet's status names no revision: its newest ControllerRevision is the current one.
  const revisions = (
    await client.list<ControllerRevision>('controllerrevisions', namespace, { labelSelector: selector }, signal)
  ).filter((cr) => ownedBy(cr.metadata, daemonSet.metadata.uid));
  const newest = maxBy(
    revisions,
    (cr) => cr.revision,
    (cr) => cr.metadata.name,
  );
  const hash = newest ? revisionHash(newest, name) : undefined;
  const podSelector = requireSelector(
    daemonSet,
    'daemonset',
    context,
    hash ? { 'controller-revision-hash': hash } : {},
  );
  const pods = await podsOf(context, podSelector, daemonSet.metadata.uid);
  return {
    pods,
    template: daemonSet.spec.template,
    revision: newest ? `revision ${newest.revision}` : undefined,
    from: `daemonset ${name}`,
  };
}

/**
 * The hash a DaemonSet's pods carry in `controller-revision-hash`: the revision's
 * `controller.kubernetes.io/hash` label (pkg/controller/history), else its name's suffix.
 */
function revisionHash(revision: ControllerRevision, owner: string): string {
  const labels = revision.metadata.labels ?? {};
  return (
    labels['controller.kubernetes.io/hash'] ??
    labels['controller-revision-hash'] ??
    revision.metadata.name.slice(owner.length + 1)
  );
}

async function ownedPods(resource: 'replicasets' | 'jobs', name: string, context: Context): Promise<Candidates> {
  const { client, namespace, signal } = context;
  const owner = await client.get<Workload>(resource, namespace, name, signal);
  const kind = resource === 'jobs' ? 'job' : 'replicaset';
  const pods = await podsOf(context, requireSelector(owner, kind, context), owner.metadata.uid);
  return { pods, template: owner.spec.template, revision: undefined, from: `${kind} ${name}` };
}

async function cronJobCandidates(name: string, context: Context): Promise<Candidates> {
  const { client, namespace, signal } = context;
  const cronJob = await client.get<Workload>('cronjobs', namespace, name, signal);
  const template = cronJob.spec.jobTemplate?.spec.template;
  const job = await latestJob(cronJob, context);
  if (!job) return { pods: [], template, revision: undefined, from: `cronjob ${name} (no job)` };
  const pods = await podsOf(context, requireSelector(job, 'job', context), job.metadata.uid);
  return {
    pods,
    template: job.spec.template ?? template,
    revision: `job ${job.metadata.name}`,
    from: `job ${job.metadata.name}`,
  };
}

/** The most recent Job of a CronJob: the newest active one, else its last scheduled run, else the newest it owns. */
async function latestJob(cronJob: Workload, context: Context): Promise<Workload | undefined> {
  const { client, namespace, signal } = context;
  // Job names end in the scheduled time in minutes: the largest suffix is the latest run.
  const latest = maxBy(
    cronJob.status?.active ?? [],
    (ref) => Number(ref.name.slice(ref.name.lastIndexOf('-') + 1)) || 0,
    (ref) => ref.name,
  );
  if (latest) {
    const job = await client.getIfExists<Workload>('jobs', namespace, latest.name, signal);
    if (job) return job;
  }
  // The last scheduled run, finished or not: the controller names it `<cronjob>-<minutes since the
  // epoch of its scheduled time>` (getJobName, pkg/controller/cronjob/cronjob_controllerv2.go).
  const scheduled = Date.parse(cronJob.status?.lastScheduleTime ?? '');
  if (Number.isFinite(scheduled)) {
    const name = `${cronJob.metadata.name}-${Math.floor(scheduled / 60_000)}`;
    const job = await client.getIfExists<Workload>('jobs', namespace, name, signal);
    if (job && ownedBy(job.metadata, cronJob.metadata.uid)) return job;
  }
  // Jobs started by hand (`kubectl create job --from=cronjob/...`) are never in the status: the
  // controller does not adopt them. Find them by the labels the template gives them, when it gives any.
  const labels = cronJob.spec.jobTemplate?.metadata?.labels;
  if (!labels || Object.keys(labels).length === 0) return undefined;
  const jobs = (
    await client.list<Workload>('jobs', namespace, { labelSelector: selectorToString({ matchLabels: labels }) }, signal)
  ).filter((job) => ownedBy(job.metadata, cronJob.metadata.uid));
  return maxBy(
    jobs,
    (job) => Date.parse(job.metadata.creationTimestamp ?? '') || 0,
    (job) => job.metadata.name,
  );
}

async function serviceCandidates(name: string, context: Context): Promise<Candidates> {
  const { client, namespace, signal } = context;
  const service = await client.get<Service>('services', namespace, name, signal);
  const selector = service.spec.selector;
  if (!selector || Object.keys(selector).length === 0) {
    throw new NoPodError(
      `service/${name}`,
      namespace,
      'the service has no selector (its endpoints are managed by hand)',
      {
        hint: 'Target the workload behind it instead, e.g. `deployment/<name>`.',
      },
    );
  }
  return podsBySelector(context, selector, `service ${name}`);
}

/**
 * The item with the largest key, whatever the list order: a key that is not a number (a missing
 * or hand-edited revision annotation) counts as the smallest, and of equal keys (two Jobs created
 * in the same second) the first name wins, as ./rank.ts breaks the ties between pods.
 */
function maxBy<T>(items: readonly T[], key: (item: T) => number, name: (item: T) => string): T | undefined {
  let best: T | undefined;
  let bestKey = Number.NEGATIVE_INFINITY;
  for (const item of items) {
    const raw = key(item);
    const value = Number.isNaN(raw) ? Number.NEGATIVE_INFINITY : raw;
    if (best === undefined || value > bestKey || (value === bestKey && name(item) < name(best))) {
      best = item;
      bestKey = value;
    }
  }
  return best;
}
