/**
 * The pod table (`kubectl get pods`): NAME READY STATUS RESTARTS AGE, and the wide columns.
 */
import type { Pod } from '../../../kube/objects';
import { ageColumn, type Column, nameColumn } from './columns';

// printPod from pkg/printers/internalversion, reduced to the states fixtures use.
function podStatusReason(pod: Pod): string {
  let reason: string = pod.status?.phase ?? '';
  const podReason = (pod.status as { reason?: string } | undefined)?.reason;
  if (podReason) reason = podReason;
  let running = false;
  const statuses = pod.status?.containerStatuses ?? [];
  for (let index = statuses.length - 1; index >= 0; index--) {
    const state = statuses[index]?.state;
    if (state?.waiting?.reason) reason = state.waiting.reason;
    else if (state?.terminated?.reason) reason = state.terminated.reason;
    else if (state?.terminated) reason = `ExitCode:${state.terminated.exitCode ?? 0}`;
    else if (statuses[index]?.ready && state?.running) running = true;
  }
  if (reason === 'Completed' && running) reason = 'Running';
  if (pod.metadata.deletionTimestamp) reason = 'Terminating';
  return reason;
}

/** The columns of pods. */
export const podColumns: Column[] = [
  nameColumn,
  {
    name: 'Ready',
    type: 'string',
    description: 'The aggregate readiness state of this pod for accepting traffic.',
    cell: (object) => {
      const pod = object as unknown as Pod;
      const statuses = pod.status?.containerStatuses ?? [];
      return `${statuses.filter((container) => container.ready).length}/${pod.spec.containers.length}`;
    },
  },
  {
    name: 'Status',
    type: 'string',
    description: 'The aggregate status of the containers in this pod.',
    cell: (object) => podStatusReason(object as unknown as Pod),
  },
  {
    name: 'Restarts',
    type: 'string',
    description:
      'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
    cell: (object) =>
      String(((object as unknown as Pod).status?.containerStatuses ?? []).reduce((sum, c) => sum + c.restartCount, 0)),
  },
  ageColumn,
  {
    name: 'IP',
    type: 'string',
    priority: 1,
    description: 'IP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.',
    cell: (object) => (object as unknown as Pod).status?.podIP ?? '<none>',
  },
  {
    name: 'Node',
    type: 'string',
    priority: 1,
    description: 'NodeName indicates in which node this pod is scheduled.',
    cell: (object) => (object as unknown as Pod).spec.nodeName ?? '<none>',
  },
  {
    name: 'Nominated Node',
    type: 'string',
    priority: 1,
    description: 'nominatedNodeName is set when this pod preempts other pods on the node.',
    cell: () => '<none>',
  },
  {
    name: 'Readiness Gates',
    type: 'string',
    priority: 1,
    description: 'If specified, all readiness gates will be evaluated for pod readiness.',
    cell: () => '<none>',
  },
];
