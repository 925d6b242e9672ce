/**
 * The `spec` source: compute a container's environment from the API objects exactly as the
 * kubelet does (pkg/kubelet/kubelet_pods.go, makeEnvironmentVariables): envFrom in order, then
 * env in order with `$(VAR)` expansion against what is defined so far and the service
 * variables, then the service-link variables that are not defined yet. Needs only `get` on
 * pods/configmaps/secrets and `list` on services; sees no image ENV.
 */
import { isKubenvError, NotFoundError } from '../../errors';
import type { KubeClient } from '../../kube/client';
import type { ConfigMap, Container, EnvVar, Pod, PodSpec, PodTemplateSpec, Secret, Service } from '../../kube/objects';
import { emptyEnvRecord, ownValue } from '../../pipeline/env-record';
import type { Resolution } from '../../resolve/resolve';
import type { EnvOrigin } from '../origins';
import { type DownwardContext, fieldValue, resourceValue } from './downward-api';
import { expandKubeletReferences } from './expand';
import { hasClusterIP, serviceLinkVariables } from './service-links';

/** What the spec source computed. */
export interface SpecResult {
  readonly env: Record<string, string>;
  readonly origins: Record<string, EnvOrigin>;
  readonly warnings: readonly string[];
  readonly how: string;
}

/**
 * The rule kubelets up to 1.29 applied to names taken from envFrom (IsEnvVarName): other keys
 * were skipped with an InvalidEnvironmentVariableNames event. From 1.30 the kubelet keeps every
 * key (the check left pkg/kubelet/kubelet_pods.go with RelaxedEnvironmentVariableValidation; the
 * API server validates names instead): compare k8s.io/kubernetes v1.29.0 and v1.30.0.
 */
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const FIRST_MINOR_KEEPING_EVERY_KEY = 30;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lossyUtf8 = new TextDecoder('utf-8');

/** Computes the environment of the resolved container from its pod, or its pod template. */
export async function readBySpec(client: KubeClient, resolution: Resolution, signal: AbortSignal): Promise<SpecResult> {
  const { resolved, pod, template } = resolution;
  const subject = pod ?? (template as PodTemplateSpec);
  const spec = subject.spec;
  const container = spec.containers.find((c) => c.name === resolved.container) as Container;
  const namespace = resolved.namespace;
  const warnings: string[] = [];
  const refs = await fetchReferences(client, namespace, container, spec, signal, warnings);

  const env = emptyEnvRecord<string>();
  const origins = emptyEnvRecord<EnvOrigin>();
  for (const source of container.envFrom ?? []) {
    // The kubelet's order: configMapRef when set, else secretRef, else nothing (the API server
    // requires exactly one).
    const ref = source.configMapRef ?? source.secretRef;
    if (!ref) continue;
    const isSecret = source.configMapRef === undefined;
    const name = ref.name ?? '';
    const optional = ref.optional === true;
    const object = isSecret ? refs.secrets.get(name) : refs.configMaps.get(name);
    if (!object) {
      if (optional) continue;
      throw missingReference(
        isSecret ? 'secret' : 'configmap',
        name,
        namespace,
        `envFrom of container ${container.name}`,
      );
    }
    const data = isSecret ? decodeSecretData(object as Secret, warnings) : configMapData(object as ConfigMap, warnings);
    const invalid: string[] = [];
    for (const [key, value] of Object.entries(data)) {
      const variable = `${source.prefix ?? ''}${key}`;
      // Only a name the old rule refuses needs the server's version: one request, then cached.
      if (!ENV_NAME.test(variable) && !(await kubeletKeepsEveryKey(client, signal))) {
        invalid.push(variable);
        continue;
      }
      env[variable] = value;
      origins[variable] = isSecret ? 'secret' : 'configmap';
    }
    if (invalid.length > 0) {
      warnings.push(
        `${isSecret ? 'Secret' : 'ConfigMap'} ${name}: keys that are not valid env names were skipped, as kubelets before 1.30 skip them: ${invalid.join(', ')}`,
      );
    }
  }

  const services = refs.serviceEnv;
  for (const variable of container.env ?? []) {
    const value = resolveVariable(variable, {
      env,
      origins,
      services,
      subject,
      pod,
      container,
      spec,
      refs,
      warnings,
      namespace,
    });
    if (value === undefined) continue;
    env[variable.name] = value.value;
    origins[variable.name] = value.origin;
  }

  for (const [name, value] of Object.entries(services)) {
    if (!Object.hasOwn(env, name)) {
      env[name] = value;
      origins[name] = 'service-link';
    }
  }

  // The container runtime sets HOSTNAME (containerd: the pod's hostname) unless the spec does.
  if (pod && !Object.hasOwn(env, 'HOSTNAME')) {
    env['HOSTNAME'] = podHostname(pod);
    origins['HOSTNAME'] = 'runtime';
  }
  if (!pod)
    warnings.push('no pod exists: computed from the pod template; pod-only values (name, IPs, node) are missing');

  const sourceOf = pod ? `pod ${pod.metadata.name}` : `the pod template of ${resolved.target}`;
  // One object read through several references says the same thing once.
  return {
    env,
    origins,
    warnings: [...new Set(warnings)],
    how: `computed from ${sourceOf}, container ${container.name}, as the kubelet does`,
  };
}

interface References {
  readonly configMaps: ReadonlyMap<string, ConfigMap | undefined>;
  readonly secrets: ReadonlyMap<string, Secret | undefined>;
  readonly serviceEnv: Record<string, string>;
}

/** Fetches every referenced ConfigMap and Secret once, and the services, all in parallel. */
async function fetchReferences(
  client: KubeClient,
  namespace: string,
  container: Container,
  spec: PodSpec,
  signal: AbortSignal,
  warnings: string[],
): Promise<References> {
  const configMapNames = new Set<string>();
  const secretNames = new Set<string>();
  for (const source of container.envFrom ?? []) {
    if (source.configMapRef) {
      if (source.configMapRef.name) configMapNames.add(source.configMapRef.name);
    } else if (source.secretRef?.name) secretNames.add(source.secretRef.name);
  }
  for (const variable of container.env ?? []) {
    if (variable.value) continue;
    const from = variable.valueFrom;
    if (from?.configMapKeyRef) {
      if (from.configMapKeyRef.name) configMapNames.add(from.configMapKeyRef.name);
    } else if (from?.secretKeyRef?.name) secretNames.add(from.secretKeyRef.name);
  }
  const [configMaps, secrets, services] = await Promise.all([
    fetchAll<ConfigMap>(client, 'configmaps', namespace, configMapNames, signal),
    fetchAll<Secret>(client, 'secrets', namespace, secretNames, signal),
    fetchServices(client, namespace, spec.enableServiceLinks !== false, signal, warnings),
  ]);
  return { configMaps, secrets, serviceEnv: serviceLinkVariables(services) };
}

async function fetchAll<T>(
  client: KubeClient,
  resource: 'configmaps' | 'secrets',
  namespace: string,
  names: ReadonlySet<string>,
  signal: AbortSignal,
): Promise<Map<string, T | undefined>> {
  const entries = await Promise.all(
    [...names].map(async (name) => [name, await client.getIfExists<T>(resource, namespace, name, signal)] as const),
  );
  return new Map(entries);
}

/**
 * The services whose variables the kubelet injects: `kubernetes` in `default` always, and every
 * service of the pod's namespace when enableServiceLinks is on. Without permission to read them
 * the variables are left out with a warning: they are only addresses, and the rest of the
 * environment is still worth having.
 */
async function fetchServices(
  client: KubeClient,
  namespace: string,
  serviceLinks: boolean,
  signal: AbortSignal,
  warnings: string[],
): Promise<Service[]> {
  const master =
    namespace === 'default' && serviceLinks
      ? undefined
      : client.getIfExists<Service>('services', 'default', 'kubernetes', signal).catch((error: unknown) => {
          if (!isKubenvError(error, 'FORBIDDEN')) throw error;
          warnings.push(
            'cannot get service default/kubernetes (forbidden): KUBERNETES_SERVICE_* variables are missing',
          );
          return undefined;
        });
  const local = serviceLinks
    ? client.list<Service>('services', namespace, {}, signal).catch((error: unknown) => {
        if (!isKubenvError(error, 'FORBIDDEN')) throw error;
        warnings.push(
          `cannot list services in namespace "${namespace}" (forbidden): service-link variables are missing`,
        );
        return [] as Service[];
      })
    : Promise.resolve([] as Service[]);
  const [kubernetes, inNamespace] = await Promise.all([master, local]);
  // Namespace services first, `kubernetes` of `default` last: in the kubelet's map the master
  // service is added only when its name is not taken yet. Services without a cluster IP are
  // skipped before the map is built, so a headless `kubernetes` here hides nothing
  // (getServiceEnvVarMap, pkg/kubelet/kubelet_pods.go@v1.34.4).
  const byName = new Map<string, Service>();
  for (const service of inNamespace) if (hasClusterIP(service)) byName.set(service.metadata.name, service);
  if (kubernetes && hasClusterIP(kubernetes) && !byName.has('kubernetes')) byName.set('kubernetes', kubernetes);
  return [...byName.values()];
}

interface VariableContext extends DownwardContext {
  readonly env: Record<string, string>;
  readonly origins: Record<string, EnvOrigin>;
  readonly services: Record<string, string>;
  readonly refs: References;
}

/** One `env` entry; undefined when it is skipped (an optional reference that is missing). */
function resolveVariable(variable: EnvVar, context: VariableContext): { value: string; origin: EnvOrigin } | undefined {
  const { env, origins, services } = context;
  if (variable.value) {
    let fromSecret = false;
    const value = expandKubeletReferences(variable.value, (name) => {
      // Only a name defined so far has an origin; a service variable has none.
      if (ownValue(origins, name) === 'secret') fromSecret = true;
      return Object.hasOwn(env, name) ? env[name] : ownValue(services, name);
    });
    // A literal that pulls in a secret is as secret as its source.
    return { value, origin: fromSecret ? 'secret' : 'literal' };
  }
  const from = variable.valueFrom;
  if (!from) return { value: '', origin: 'literal' };
  if (from.fieldRef) return fieldValue(variable.name, from.fieldRef.fieldPath, context);
  if (from.resourceFieldRef) return resourceValue(variable.name, from.resourceFieldRef, context);
  const keyRef = from.configMapKeyRef ?? from.secretKeyRef;
  if (!keyRef) {
    // fileKeyRef (Kubernetes 1.34, EnvFiles): the kubelet reads the value from a file in a pod
    // volume, which only the exec source can see.
    if (Object.hasOwn(from, 'fileKeyRef')) {
      context.warnings.push(
        `${variable.name}: valueFrom.fileKeyRef is read from a file in a pod volume, which the spec source cannot see; left out`,
      );
      return undefined;
    }
    return { value: '', origin: 'literal' };
  }
  const isSecret = from.configMapKeyRef === undefined;
  const objectName = keyRef.name ?? '';
  const object = isSecret ? context.refs.secrets.get(objectName) : context.refs.configMaps.get(objectName);
  const kind = isSecret ? 'secret' : 'configmap';
  if (!object) {
    if (keyRef.optional) return undefined;
    throw missingReference(
      kind,
      objectName,
      context.namespace,
      `env ${variable.name} of container ${context.container.name}`,
    );
  }
  // Only the key asked for: a warning about another key of the object would name one this
  // container does not use.
  const data = isSecret
    ? decodeSecretData(object as Secret, context.warnings, keyRef.key)
    : configMapData(object as ConfigMap, context.warnings, keyRef.key);
  const value = ownValue(data, keyRef.key);
  if (value === undefined) {
    if (keyRef.optional) return undefined;
    throw new NotFoundError(
      { kind, name: objectName, namespace: context.namespace },
      {
        key: keyRef.key,
        hint: `Env ${variable.name} of container ${context.container.name} needs it and is not optional: the kubelet would not start this container (CreateContainerConfigError). Add the key (\`kubectl edit ${kind} ${objectName} -n ${context.namespace}\`), or mark the reference optional.`,
      },
    );
  }
  return { value, origin: isSecret ? 'secret' : 'configmap' };
}

function missingReference(
  kind: 'configmap' | 'secret',
  name: string,
  namespace: string,
  usedBy: string,
): NotFoundError {
  return new NotFoundError(
    { kind, name, namespace },
    {
      hint: `It is referenced by ${usedBy} and not optional: the kubelet would not start this container (CreateContainerConfigError). Create it, or mark the reference optional.`,
    },
  );
}

/**
 * The string entries of a `data` map (only the key `only` when given); anything else (a server
 * that is not the API server) is skipped with a warning.
 */
function stringEntries(data: unknown, what: string, warnings: string[], only?: string): Array<[string, string]> {
  if (data === undefined || data === null) return [];
  if (typeof data !== 'object' || Array.isArray(data)) {
    warnings.push(`the data of ${what} is not a mapping; it was skipped`);
    return [];
  }
  const entries: Array<[string, string]> = [];
  for (const [key, value] of Object.entries(data)) {
    if (only !== undefined && key !== only) continue;
    if (typeof value === 'string') entries.push([key, value]);
    else warnings.push(`key ${key} of ${what} is not a string; it was skipped`);
  }
  return entries;
}

function configMapData(configMap: ConfigMap, warnings: string[], only?: string): Record<string, string> {
  const out = emptyEnvRecord<string>();
  for (const [key, value] of stringEntries(configMap.data, `configmap ${configMap.metadata.name}`, warnings, only)) {
    out[key] = value;
  }
  return out;
}

function decodeSecretData(secret: Secret, warnings: string[], only?: string): Record<string, string> {
  const out = emptyEnvRecord<string>();
  for (const [key, encoded] of stringEntries(secret.data, `secret ${secret.metadata.name}`, warnings, only)) {
    const bytes = Buffer.from(encoded, 'base64');
    try {
      out[key] = strictUtf8.decode(bytes);
    } catch {
      warnings.push(
        `key ${key} of secret ${secret.metadata.name} is not valid UTF-8; invalid bytes were replaced with U+FFFD`,
      );
      out[key] = lossyUtf8.decode(bytes);
    }
  }
  return out;
}

/** Whether the cluster's kubelet keeps envFrom keys that are not IsEnvVarName names (1.30 on). */
async function kubeletKeepsEveryKey(client: KubeClient, signal: AbortSignal): Promise<boolean> {
  const version = await client.serverVersion(signal);
  return version === undefined || version.major > 1 || version.minor >= FIRST_MINOR_KEEPING_EVERY_KEY;
}

/** The pod's hostname as the kubelet sets it: spec.hostname, else the name cut to 63 characters. */
function podHostname(pod: Pod): string {
  const name = pod.spec.hostname || pod.metadata.name;
  return name.length > 63 ? name.slice(0, 63).replace(/[-.]+$/, '') : name;
}
