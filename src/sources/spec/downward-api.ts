/**
 * The downward API for env variables, as the kubelet computes it: `fieldRef`
 * (podFieldSelectorRuntimeValue) and `resourceFieldRef` with divisors and ceiling rounding
 * (ExtractContainerResourceValue).
 */
import type { Container, Pod, PodSpec, PodTemplateSpec } from '../../kube/objects';
import type { EnvOrigin } from '../origins';
import { parseQuantity, resourceFieldValue } from './quantity';

/** What the downward API reads: the pod (or its template), the container, and where to warn. */
export interface DownwardContext {
  readonly subject: Pod | PodTemplateSpec;
  readonly pod: Pod | undefined;
  readonly container: Container;
  readonly spec: PodSpec;
  readonly namespace: string;
  readonly warnings: string[];
}

const POD_ONLY_FIELDS = new Set([
  'metadata.name',
  'metadata.uid',
  'spec.nodeName',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
]);

/** The downward API for env (podFieldSelectorRuntimeValue). */
export function fieldValue(
  variable: string,
  fieldPath: string,
  context: DownwardContext,
): { value: string; origin: EnvOrigin } | undefined {
  const { pod, subject, namespace } = context;
  if (!pod && POD_ONLY_FIELDS.has(fieldPath)) {
    context.warnings.push(`${variable} (fieldRef ${fieldPath}) needs a running pod; left out`);
    return undefined;
  }
  const meta = subject.metadata;
  const status = pod?.status;
  const bracketed = /^metadata\.(labels|annotations)\['(.*)'\]$/.exec(fieldPath);
  if (bracketed) {
    const map = bracketed[1] === 'labels' ? meta?.labels : meta?.annotations;
    return { value: map?.[bracketed[2] as string] ?? '', origin: 'field' };
  }
  const value = (() => {
    switch (fieldPath) {
      case 'metadata.name':
        return pod?.metadata.name;
      case 'metadata.namespace':
        return namespace;
      case 'metadata.uid':
        return pod?.metadata.uid;
      case 'spec.nodeName':
        return pod?.spec.nodeName;
      case 'spec.serviceAccountName':
        return context.spec.serviceAccountName ?? 'default';
      case 'status.hostIP':
        return status?.hostIPs?.[0]?.ip ?? status?.hostIP;
      case 'status.hostIPs':
        return status?.hostIPs?.map((ip) => ip.ip).join(',') ?? status?.hostIP;
      case 'status.podIP':
        return status?.podIPs?.[0]?.ip ?? status?.podIP;
      case 'status.podIPs':
        return status?.podIPs?.map((ip) => ip.ip).join(',') ?? status?.podIP;
      default:
        return undefined;
    }
  })();
  if (value === undefined) {
    context.warnings.push(`${variable}: fieldRef ${fieldPath} is not supported or not set; left out`);
    return undefined;
  }
  return { value, origin: 'field' };
}

const RESOURCE_KEYS: Readonly<Record<string, string>> = {
  cpu: 'cpu',
  memory: 'memory',
  'ephemeral-storage': 'ephemeral-storage',
};

/** resourceFieldRef with divisor, rounded up as the kubelet rounds. */
export function resourceValue(
  variable: string,
  ref: { resource: string; containerName?: string | undefined; divisor?: string | undefined },
  context: DownwardContext,
): { value: string; origin: EnvOrigin } | undefined {
  const target = ref.containerName
    ? context.spec.containers.find((c) => c.name === ref.containerName)
    : context.container;
  const [kind, resourceName = ''] = ref.resource.split('.', 2) as [string, string | undefined];
  const known = RESOURCE_KEYS[resourceName] ?? (resourceName.startsWith('hugepages-') ? resourceName : undefined);
  if (!target || (kind !== 'limits' && kind !== 'requests') || !known) {
    context.warnings.push(`${variable}: resourceFieldRef ${ref.resource} is not supported; left out`);
    return undefined;
  }
  const limits = target.resources?.limits ?? {};
  // The API server defaults unset requests to the limits; a pod template has not been defaulted yet.
  const requests = { ...limits, ...target.resources?.requests };
  const raw = kind === 'limits' ? limits[known] : requests[known];
  if (raw === undefined && kind === 'limits') {
    context.warnings.push(
      `${variable}: ${ref.resource} is not set, so the kubelet uses the node's allocatable ${known}, which the spec source cannot see; left out`,
    );
    return undefined;
  }
  const quantity = parseQuantity(raw ?? '0');
  const divisor = parseQuantity(ref.divisor ?? '1');
  if (!quantity || !divisor) {
    context.warnings.push(
      `${variable}: resourceFieldRef ${ref.resource} has a quantity that cannot be parsed; left out`,
    );
    return undefined;
  }
  return { value: resourceFieldValue(ref.resource, quantity, divisor), origin: 'resource' };
}
