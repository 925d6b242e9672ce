/**
 * Deterministic choices: which pod of a workload, and which container of a pod.
 */
import type { Container, Pod } from '../kube/objects';

/**
 * Sidecars injected by meshes and agents; skipped when choosing the default container.
 */
export const KNOWN_SIDECARS: readonly string[] = [
  'istio-proxy',
  'istio-init',
  'linkerd-proxy',
  'linkerd-init',
  'kuma-sidecar',
  'kuma-init',
  'vault-agent',
  'vault-agent-init',
  'queue-proxy',
  'traffic-agent',
  'cloud-sql-proxy',
];

/** The annotation kubectl reads for the default container. */
export const DEFAULT_CONTAINER_ANNOTATION = 'kubectl.kubernetes.io/default-container';

const PHASE_RANK: Readonly<Record<string, number>> = { Pending: 0, Unknown: 1, Running: 2 };

/** True when the pod's Ready condition is True. */
export function isPodReady(pod: Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

function readySince(pod: Pod): number | undefined {
  const time = pod.status?.conditions?.find((c) => c.type === 'Ready' && c.status === 'True')?.lastTransitionTime;
  return time ? Date.parse(time) : undefined;
}

function maxRestarts(pod: Pod): number {
  return Math.max(0, ...(pod.status?.containerStatuses ?? []).map((s) => s.restartCount ?? 0));
}

/** The most restarts of a native sidecar (an init container with `restartPolicy: Always`). */
function maxSidecarRestarts(pod: Pod): number {
  const sidecars = new Set(
    (pod.spec.initContainers ?? []).filter((c) => c.restartPolicy === 'Always').map((c) => c.name),
  );
  const statuses = (pod.status?.initContainerStatuses ?? []).filter((s) => sidecars.has(s.name));
  return Math.max(0, ...statuses.map((s) => s.restartCount ?? 0));
}

function deleted(pod: Pod): number {
  return Date.parse(pod.metadata.deletionTimestamp ?? '');
}

function created(pod: Pod): number | undefined {
  const time = pod.metadata.creationTimestamp;
  return time ? Date.parse(time) : undefined;
}

/**
 * Orders pods most-active first, following kubectl's ActivePods (reversed, as `kubectl exec
 * deploy/x` uses it; k8s.io/kubectl@v0.34.4 pkg/util/podutils/podutils.go): scheduled > Running >
 * Ready > not terminating > deleted later > Ready longest > fewest restarts > fewest sidecar
 * restarts \> oldest; then by name, so the choice never depends on list order.
 */
export function compareActivePods(a: Pod, b: Pod): number {
  const aScheduled = Boolean(a.spec.nodeName);
  const bScheduled = Boolean(b.spec.nodeName);
  if (aScheduled !== bScheduled) return aScheduled ? -1 : 1;
  const aPhase = PHASE_RANK[a.status?.phase ?? ''] ?? 0;
  const bPhase = PHASE_RANK[b.status?.phase ?? ''] ?? 0;
  if (aPhase !== bPhase) return bPhase - aPhase;
  const aReady = isPodReady(a);
  const bReady = isPodReady(b);
  if (aReady !== bReady) return aReady ? -1 : 1;
  const aTerminating = Boolean(a.metadata.deletionTimestamp);
  const bTerminating = Boolean(b.metadata.deletionTimestamp);
  if (aTerminating !== bTerminating) return aTerminating ? 1 : -1;
  // Both terminating: the one deleted later has longer to live.
  if (aTerminating && bTerminating && deleted(a) !== deleted(b)) return deleted(b) - deleted(a);
  if (aReady && bReady) {
    const aSince = readySince(a);
    const bSince = readySince(b);
    // Ready longer first; an unknown time counts as "just now", as kubectl's afterOrZero does.
    if (aSince !== bSince) return (aSince ?? Number.POSITIVE_INFINITY) - (bSince ?? Number.POSITIVE_INFINITY);
  }
  const restarts = maxRestarts(a) - maxRestarts(b);
  if (restarts !== 0) return restarts;
  const sidecarRestarts = maxSidecarRestarts(a) - maxSidecarRestarts(b);
  if (sidecarRestarts !== 0) return sidecarRestarts;
  const aCreated = created(a);
  const bCreated = created(b);
  if (aCreated !== bCreated) return (aCreated ?? Number.POSITIVE_INFINITY) - (bCreated ?? Number.POSITIVE_INFINITY);
  return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}

/** A short human description of a pod's state, for "why this pod". */
export function describePodState(pod: Pod): string {
  const parts: string[] = [pod.status?.phase ?? 'Unknown'];
  parts.push(isPodReady(pod) ? 'Ready' : 'not Ready');
  if (pod.metadata.deletionTimestamp) parts.push('terminating');
  const restarts = maxRestarts(pod);
  if (restarts > 0) parts.push(`${restarts} restart${restarts === 1 ? '' : 's'}`);
  return parts.join(', ');
}

/** How the container was chosen. @public */
export type ContainerChoice = 'named' | 'default-container annotation' | 'first non-sidecar' | 'first container';

/**
 * Picks the container: the named one; else the default-container annotation; else the first
 * container in spec order that is not a known sidecar; else the first. Returns undefined when
 * a name was given and is not in the pod.
 */
export function chooseContainer(
  containers: readonly Container[],
  annotations: Readonly<Record<string, string>> | undefined,
  wanted: string | undefined,
): { name: string; choice: ContainerChoice } | undefined {
  if (wanted !== undefined) {
    return containers.some((c) => c.name === wanted) ? { name: wanted, choice: 'named' } : undefined;
  }
  const annotated = annotations?.[DEFAULT_CONTAINER_ANNOTATION];
  if (annotated && containers.some((c) => c.name === annotated)) {
    return { name: annotated, choice: 'default-container annotation' };
  }
  const first = containers.find((c) => !KNOWN_SIDECARS.includes(c.name));
  if (first) return { name: first.name, choice: 'first non-sidecar' };
  const only = containers[0];
  return only ? { name: only.name, choice: 'first container' } : undefined;
}
