/**
 * The least an object from the API server must look like before the rest of kubenv reads it:
 * `metadata.name`, and for pods (and the pod templates of workloads) a `spec.containers` list of
 * named containers. The server is trusted to send Kubernetes objects; a proxy, a wrong URL or a
 * broken server may not, and that must end in a typed error, not a TypeError deep in resolution.
 */
import type { ResourceName } from './resources';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function podSpecProblem(spec: unknown, where: string): string | undefined {
  if (!isObject(spec)) return `${where} is missing`;
  const containers = spec['containers'];
  if (!Array.isArray(containers)) return `${where}.containers is not a list`;
  for (const list of [containers, spec['initContainers'] ?? []]) {
    if (!Array.isArray(list)) return `${where}.initContainers is not a list`;
    if (!list.every((container) => isObject(container) && typeof container['name'] === 'string')) {
      return `${where} has a container without a name`;
    }
  }
  return undefined;
}

// Workloads whose pod template kubenv reads when no pod runs.
const TEMPLATE_PATH: Partial<Record<ResourceName, readonly string[]>> = {
  deployments: ['spec', 'template'],
  replicasets: ['spec', 'template'],
  statefulsets: ['spec', 'template'],
  daemonsets: ['spec', 'template'],
  jobs: ['spec', 'template'],
  cronjobs: ['spec', 'jobTemplate', 'spec', 'template'],
};

/** Why `value` is not a usable object of `resource`; undefined when it is. */
export function objectShapeProblem(resource: ResourceName, value: unknown): string | undefined {
  if (!isObject(value)) return 'the answer is not an object';
  const metadata = value['metadata'];
  if (!isObject(metadata) || typeof metadata['name'] !== 'string') return 'the answer has no metadata.name';
  if (resource === 'pods') return podSpecProblem(value['spec'], 'spec');
  const path = TEMPLATE_PATH[resource];
  if (path === undefined) return undefined;
  if (!isObject(value['spec'])) return 'spec is missing';
  let template: unknown = value;
  for (const key of path) template = isObject(template) ? template[key] : undefined;
  // A workload may be read before its template is needed; a template that is there must be sound.
  if (template === undefined) return undefined;
  if (!isObject(template)) return `${path.join('.')} is not an object`;
  return podSpecProblem(template['spec'], `${path.join('.')}.spec`);
}

/** Why a LIST answer is not a list of usable objects of `resource`; undefined when it is. */
export function listShapeProblem(resource: ResourceName, value: unknown): string | undefined {
  if (!isObject(value)) return 'the answer is not an object';
  const items = value['items'];
  if (items === undefined || items === null) return undefined;
  if (!Array.isArray(items)) return 'items is not a list';
  for (const [index, item] of items.entries()) {
    const problem = objectShapeProblem(resource, item);
    if (problem) return `items[${index}]: ${problem}`;
  }
  const metadata = value['metadata'];
  if (metadata !== undefined && metadata !== null && !isObject(metadata)) return 'metadata is not an object';
  return undefined;
}
