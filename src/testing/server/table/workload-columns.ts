/**
 * Tables of the workload resources: Deployments, ReplicaSets, StatefulSets, DaemonSets, Jobs,
 * CronJobs and Argo Rollouts.
 */
import type { Workload } from '../../../kube/objects';
import {
  ageColumn,
  type Column,
  count,
  humanDuration,
  integerColumn,
  nameColumn,
  since,
  spec,
  status,
} from './columns';

function templateColumns(pick: (object: Record<string, unknown>) => Workload['spec']['template']): Column[] {
  return [
    {
      name: 'Containers',
      type: 'string',
      priority: 1,
      description: 'Names of each container in the template.',
      cell: (object) => (pick(object)?.spec.containers ?? []).map((container) => container.name).join(','),
    },
    {
      name: 'Images',
      type: 'string',
      priority: 1,
      description: 'Images referenced by each container in the template.',
      cell: (object) => (pick(object)?.spec.containers ?? []).map((container) => container.image ?? '').join(','),
    },
  ];
}
const workloadTemplate = (object: Record<string, unknown>): Workload['spec']['template'] =>
  (object as unknown as Workload).spec.template;

const selectorColumn: Column = {
  name: 'Selector',
  type: 'string',
  priority: 1,
  description: 'The label selector of the workload.',
  cell: (object) => {
    const labels = (object as unknown as Workload).spec.selector?.matchLabels ?? {};
    return Object.entries(labels)
      .map(([key, value]) => `${key}=${value}`)
      .join(',');
  },
};

/** Columns by workload resource. */
export const workloadColumns: Readonly<Record<string, readonly Column[]>> = {
  deployments: [
    nameColumn,
    {
      name: 'Ready',
      type: 'string',
      description: 'Number of the pod with ready state',
      cell: (object) => `${count(status(object)['readyReplicas'])}/${count(spec(object)['replicas'] ?? 1)}`,
    },
    integerColumn(
      'Up-to-date',
      'Total number of non-terminated pods targeted by this deployment that have the desired template spec.',
      (o) => status(o)['updatedReplicas'],
    ),
    integerColumn(
      'Available',
      'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.',
      (o) => status(o)['availableReplicas'],
    ),
    ageColumn,
    ...templateColumns(workloadTemplate),
    selectorColumn,
  ],
  replicasets: [
    nameColumn,
    integerColumn('Desired', 'Replicas is the number of desired replicas.', (o) => spec(o)['replicas']),
    integerColumn(
      'Current',
      'Replicas is the most recently observed number of replicas.',
      (o) => status(o)['replicas'],
    ),
    integerColumn('Ready', 'The number of ready replicas for this replica set.', (o) => status(o)['readyReplicas']),
    ageColumn,
    ...templateColumns(workloadTemplate),
    selectorColumn,
  ],
  statefulsets: [
    nameColumn,
    {
      name: 'Ready',
      type: 'string',
      description: 'Number of the pod with ready state',
      cell: (object) => `${count(status(object)['readyReplicas'])}/${count(spec(object)['replicas'] ?? 1)}`,
    },
    ageColumn,
    ...templateColumns(workloadTemplate),
  ],
  daemonsets: [
    nameColumn,
    integerColumn(
      'Desired',
      'The total number of nodes that should be running the daemon pod.',
      (o) => status(o)['desiredNumberScheduled'],
    ),
    integerColumn(
      'Current',
      'The number of nodes that are running at least 1 daemon pod.',
      (o) => status(o)['currentNumberScheduled'],
    ),
    integerColumn(
      'Ready',
      'The number of nodes that should be running the daemon pod and have one or more ready.',
      (o) => status(o)['numberReady'],
    ),
    integerColumn(
      'Up-to-date',
      'The total number of nodes that are running updated daemon pod.',
      (o) => status(o)['updatedNumberScheduled'],
    ),
    integerColumn(
      'Available',
      'The number of nodes that should be running the daemon pod and have one or more available.',
      (o) => status(o)['numberAvailable'],
    ),
    {
      name: 'Node Selector',
      type: 'string',
      description: 'NodeSelector is a selector which must be true for the pod to fit on a node.',
      cell: (object) => {
        const template = workloadTemplate(object) as { spec?: { nodeSelector?: Record<string, string> } } | undefined;
        const selector = Object.entries(template?.spec?.nodeSelector ?? {});
        return selector.length === 0 ? '<none>' : selector.map(([key, value]) => `${key}=${value}`).join(',');
      },
    },
    ageColumn,
  ],
  jobs: [
    nameColumn,
    {
      name: 'Status',
      type: 'string',
      description: 'Status of the job.',
      cell: (object) => {
        const conditions = (status(object)['conditions'] as Array<{ type: string; status: string }> | undefined) ?? [];
        const done = conditions.find(
          (condition) => condition.status === 'True' && ['Complete', 'Failed'].includes(condition.type),
        );
        return done?.type ?? 'Running';
      },
    },
    {
      name: 'Completions',
      type: 'string',
      description: 'The desired number of successfully finished pods the job should be run with.',
      cell: (object) => `${count(status(object)['succeeded'])}/${count(spec(object)['completions'] ?? 1)}`,
    },
    {
      name: 'Duration',
      type: 'string',
      description: 'Time required to complete the job.',
      cell: (object, now) => {
        const start = status(object)['startTime'];
        const end = status(object)['completionTime'];
        if (typeof start !== 'string') return '';
        return humanDuration((typeof end === 'string' ? Date.parse(end) : now) - Date.parse(start));
      },
    },
    ageColumn,
  ],
  cronjobs: [
    nameColumn,
    {
      name: 'Schedule',
      type: 'string',
      description: 'The schedule in Cron format.',
      cell: (o) => String(spec(o)['schedule'] ?? ''),
    },
    {
      name: 'Timezone',
      type: 'string',
      description: 'The time zone of the schedule.',
      cell: (o) => String(spec(o)['timeZone'] ?? '<none>'),
    },
    {
      name: 'Suspend',
      type: 'string',
      description: 'Whether the cron job is suspended.',
      cell: (o) => (spec(o)['suspend'] === true ? 'True' : 'False'),
    },
    {
      name: 'Active',
      type: 'integer',
      description: 'A list of pointers to currently running jobs.',
      cell: (o) => ((status(o)['active'] as unknown[] | undefined) ?? []).length,
    },
    {
      name: 'Last Schedule',
      type: 'string',
      description: 'Information when was the last time the job was successfully scheduled.',
      cell: (o, now) =>
        status(o)['lastScheduleTime'] === undefined ? '<none>' : since(status(o)['lastScheduleTime'], now),
    },
    ageColumn,
  ],
  // The Argo Rollouts CRD's additionalPrinterColumns.
  rollouts: [
    nameColumn,
    integerColumn('Desired', 'Number of desired pods', (o) => spec(o)['replicas']),
    integerColumn(
      'Current',
      'Total number of non-terminated pods targeted by this rollout',
      (o) => status(o)['replicas'],
    ),
    integerColumn(
      'Up-to-date',
      'Total number of non-terminated pods targeted by this rollout that have the desired template spec',
      (o) => status(o)['updatedReplicas'],
    ),
    integerColumn(
      'Available',
      'Total number of available pods (ready for at least minReadySeconds) targeted by this rollout',
      (o) => status(o)['availableReplicas'],
    ),
    ageColumn,
  ],
};
