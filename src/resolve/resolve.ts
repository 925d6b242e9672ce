/**
 * Target resolution: from a parsed target to one pod (or, when none exists, the pod template of
 * the current revision) and one container, with the reason for each choice.
 */
import { ContainerNotFoundError, isKubenvError, NoPodError, NotFoundError } from '../errors';
import type { ObjectReader } from '../kube/client';
import type { Pod, PodTemplateSpec } from '../kube/objects';
import type { ResourceName } from '../kube/resources';
import { formatTarget } from '../target/format';
import { KINDS } from '../target/kinds';
import type { Target, WorkloadKind } from '../target/types';
import { closestMatches } from '../util/suggest';
import { type ContainerChoice, chooseContainer, compareActivePods, describePodState } from './rank';
import { type Candidates, workloadCandidates } from './workloads';

/**
 * Which pod and container a target resolved to, and why. Contains no env values.
 * @public
 */
export interface ResolvedTarget {
  /** The target, canonical (`deployment/api`). */
  readonly target: string;
  readonly namespace: string;
  /** The chosen pod; `undefined` when no pod exists and the workload's pod template stands in. */
  readonly pod: string | undefined;
  readonly container: string;
  readonly containerChoice: ContainerChoice;
  /** The workload the pod was taken from (not set for `pod/...` targets). */
  readonly workload: { readonly kind: WorkloadKind | 'label'; readonly name: string } | undefined;
  /** Revision the pod belongs to, e.g. `revision 7`. */
  readonly revision: string | undefined;
  /** State of the chosen pod, e.g. `Running, Ready`. */
  readonly podState: string | undefined;
  /** How many pods of the current revision were considered. */
  readonly candidates: number;
  /** One line: `deployment/api -> pod api-7d9f-x2 (revision 7; Running, Ready; first of 3), container main (first non-sidecar)`. */
  readonly reason: string;
}

/** A resolution with the objects the sources need. */
export interface Resolution {
  readonly resolved: ResolvedTarget;
  readonly pod: Pod | undefined;
  /** The pod template when no pod exists. */
  readonly template: PodTemplateSpec | undefined;
}

type NamedTarget = Exclude<Target, { kind: 'targetless' }>;

/** Resolves a (non-targetless) target in a namespace. */
export async function resolveWithClient(
  target: NamedTarget,
  namespace: string,
  client: ObjectReader,
  signal: AbortSignal,
): Promise<Resolution> {
  const context = { client, namespace, signal };
  const label = formatTarget(target);
  if (target.kind === 'pod') {
    const pod = await withSuggestions(
      client.get<Pod>('pods', namespace, target.name, signal),
      { resource: 'pods', name: target.name },
      context,
    );
    return fromPod(target, label, namespace, pod, undefined, 1, undefined);
  }
  const candidates = await withSuggestions(
    workloadCandidates(target, context),
    target.kind === 'label' ? undefined : { resource: KINDS[target.kind].resource, name: target.name },
    context,
  );
  const workload = { kind: target.kind, name: target.kind === 'label' ? label.slice('label/'.length) : target.name };
  // One pass for the most active pod: the same choice as sorting, without n·log n comparisons
  // over a 1,000-replica deployment.
  const chosen = candidates.pods.reduce<Pod | undefined>(
    (best, pod) => (best === undefined || compareActivePods(pod, best) < 0 ? pod : best),
    undefined,
  );
  if (chosen) return fromPod(target, label, namespace, chosen, workload, candidates.pods.length, candidates);
  if (candidates.template) return fromTemplate(target, label, namespace, candidates.template, workload, candidates);
  throw new NoPodError(label, namespace, `no pod matches (looked in ${candidates.from})`, {
    hint:
      target.kind === 'label'
        ? `Check the labels with \`kubectl get pods -n ${namespace} --show-labels\`.`
        : `Check it with \`kubectl describe ${label} -n ${namespace}\`.`,
  });
}

function fromPod(
  target: NamedTarget,
  label: string,
  namespace: string,
  pod: Pod,
  workload: ResolvedTarget['workload'],
  count: number,
  candidates: Candidates | undefined,
): Resolution {
  const container = pickContainer(target, pod.metadata.name, pod.spec.containers, pod.metadata.annotations);
  const podState = describePodState(pod);
  const details = [candidates?.revision, podState, count > 1 ? `first of ${count} by activity` : undefined].filter(
    Boolean,
  );
  const resolved: ResolvedTarget = {
    target: label,
    namespace,
    pod: pod.metadata.name,
    container: container.name,
    containerChoice: container.choice,
    workload,
    revision: candidates?.revision,
    podState,
    candidates: count,
    reason: `${label} -> pod ${pod.metadata.name} (${details.join('; ')}), container ${container.name} (${container.choice})`,
  };
  return { resolved, pod, template: undefined };
}

function fromTemplate(
  target: NamedTarget,
  label: string,
  namespace: string,
  template: PodTemplateSpec,
  workload: ResolvedTarget['workload'],
  candidates: Candidates,
): Resolution {
  const container = pickContainer(
    target,
    `${label} (pod template)`,
    template.spec.containers,
    template.metadata?.annotations,
  );
  const resolved: ResolvedTarget = {
    target: label,
    namespace,
    pod: undefined,
    container: container.name,
    containerChoice: container.choice,
    workload,
    revision: candidates.revision,
    podState: undefined,
    candidates: 0,
    reason: `${label} -> no pod (${[candidates.revision, `none in ${candidates.from}`].filter(Boolean).join('; ')}), pod template, container ${container.name} (${container.choice})`,
  };
  return { resolved, pod: undefined, template };
}

function pickContainer(
  target: NamedTarget,
  podName: string,
  containers: Pod['spec']['containers'],
  annotations: Readonly<Record<string, string>> | undefined,
): { name: string; choice: ContainerChoice } {
  const choice = chooseContainer(containers, annotations, target.container);
  if (!choice) {
    throw new ContainerNotFoundError(
      podName,
      target.container ?? '',
      containers.map((c) => c.name),
    );
  }
  return choice;
}

/**
 * On a 404 of the named object, look for similar names (when listing is allowed) and say them;
 * `named` is undefined for a target without a name (a label selector).
 */
async function withSuggestions<T>(
  work: Promise<T>,
  named: { resource: ResourceName; name: string } | undefined,
  context: { client: ObjectReader; namespace: string; signal: AbortSignal },
): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (!named || !isKubenvError(error, 'NOT_FOUND')) throw error;
    const { resource, name } = named;
    const notFound = error as NotFoundError;
    if (notFound.object.name !== name) throw error;
    let names: string[] = [];
    try {
      const page = await context.client.list<{ metadata: { name: string } }>(
        resource,
        context.namespace,
        { limit: 500, firstPageOnly: true },
        context.signal,
      );
      names = page.map((item) => item.metadata.name);
    } catch {
      // Not allowed to list, or the list failed: the error stays without suggestions.
    }
    const suggestions = closestMatches(name, names, 3);
    if (suggestions.length === 0) throw error;
    throw new NotFoundError(notFound.object, { suggestions, cause: error });
  }
}
