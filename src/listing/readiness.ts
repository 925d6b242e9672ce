/**
 * READY and CONTAINERS of a listed target, per kind, following kubectl's printers
 * (pkg/printers/internalversion/printers.go in kubernetes v1.34.4: printPod, printDeployment,
 * printStatefulSet, printReplicaSet, printDaemonSet).
 */
import type { ContainerStatus, Pod, Workload } from '../kube/objects';
import { isPodReady } from '../resolve/rank';
import type { WorkloadKind } from '../target/types';

/** Status fields kubectl prints that kubenv's own object shapes do not carry. */
interface PrintedStatus {
  readonly readyReplicas?: number;
  readonly numberReady?: number;
  readonly desiredNumberScheduled?: number;
}

/** `ready/total` of a pod: ready containers, native sidecars (restartable init containers) included. */
export function podReadiness(pod: Pod): { ready: number; total: number } {
  const sidecars = new Set(
    (pod.spec.initContainers ?? []).filter((c) => c.restartPolicy === 'Always').map((c) => c.name),
  );
  let ready = 0;
  const initStatuses = (pod.status as { initContainerStatuses?: readonly ContainerStatus[] } | undefined)
    ?.initContainerStatuses;
  for (const status of initStatuses ?? []) if (sidecars.has(status.name) && status.started && status.ready) ready++;
  for (const status of pod.status?.containerStatuses ?? []) if (status.ready && status.state?.running) ready++;
  return { ready, total: pod.spec.containers.length + sidecars.size };
}

/**
 * `ready/total` of a workload: kubectl's READY where it prints one; for jobs, cronjobs and
 * services (no READY column) the ready pods among `pods`, those the target resolves among.
 */
export function workloadReadiness(
  kind: Exclude<WorkloadKind, 'pod'>,
  workload: Workload,
  pods: readonly Pod[],
): { ready: number; total: number } {
  const status = (workload.status ?? {}) as PrintedStatus;
  switch (kind) {
    case 'deployment':
    case 'statefulset':
    case 'replicaset':
    case 'rollout':
      return { ready: status.readyReplicas ?? 0, total: workload.spec.replicas ?? 0 };
    case 'daemonset':
      return { ready: status.numberReady ?? 0, total: status.desiredNumberScheduled ?? 0 };
    default:
      return { ready: pods.filter(isPodReady).length, total: pods.length };
  }
}

/** Container names of a workload's pod template (a cronjob's job template), if it has one. */
export function templateContainers(kind: WorkloadKind, workload: Workload): readonly string[] | undefined {
  const template = kind === 'cronjob' ? workload.spec.jobTemplate?.spec.template : workload.spec.template;
  return template?.spec.containers.map((c) => c.name);
}
