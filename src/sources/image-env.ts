/**
 * The image's own ENV, read from its registry when exec cannot read the process: what the spec
 * source cannot see (`NODE_ENV`, `JAVA_OPTS`, `PATH` baked into a Dockerfile). The image is the one
 * the container runs (the digest of `status.containerStatuses[].imageID` when the runtime reports
 * one, else the spec's reference), for the node's platform, authenticated as the kubelet would be
 * (the pod's image pull Secrets, which the API server copied from its ServiceAccount; for a pod
 * template, the template's and the ServiceAccount's). Nothing here fails a fetch: a registry that
 * cannot be reached or refuses is a warning.
 */
import { isKubenvError } from '../errors';
import { credentialsFor, credentialsOfSecret, type RegistryCredential } from '../image/pull-secrets';
import { formatImageReference, type ImageReference, parseImageReference } from '../image/reference';
import { readImageConfig } from '../image/registry';
import type { KubeClient } from '../kube/client';
import type { Container, Pod, PodSpec, Secret } from '../kube/objects';
import { emptyEnvRecord, envRecordFrom, ownValue } from '../pipeline/env-record';
import type { Resolution } from '../resolve/resolve';
import type { EnvOrigin } from './origins';

/** What the registry said of the container's image. */
export interface ImageEnvResult {
  /** The image config's `Env`, in its order (later duplicates win, as the runtime applies them). */
  readonly env: Record<string, string>;
  readonly warnings: readonly string[];
  /** The image read, e.g. `ghcr.io/acme/api@sha256:...`; undefined when nothing was read. */
  readonly image: string | undefined;
}

/** Reads the image ENV of the resolved container; never throws for registry trouble. */
export async function readImageEnv(
  client: KubeClient,
  resolution: Resolution,
  signal: AbortSignal,
  env: Readonly<Record<string, string | undefined>>,
): Promise<ImageEnvResult> {
  const { resolved, pod, template } = resolution;
  const spec = (pod ?? template)?.spec;
  const container = spec?.containers.find((candidate) => candidate.name === resolved.container);
  if (!spec || !container?.image) return { env: {}, warnings: [], image: undefined };
  const reference = imageOf(container, pod);
  if (!reference) {
    return {
      env: {},
      warnings: [`image ENV not read: "${container.image}" is not an image reference kubenv can read`],
      image: undefined,
    };
  }
  const shown = formatImageReference(reference);
  try {
    const [credentials, platform] = await Promise.all([
      pullCredentials(client, resolved.namespace, spec, pod === undefined, reference, signal),
      platformOf(client, pod, signal),
    ]);
    const config = await readImageConfig(reference, { credentials, platform, signal, env });
    const imageEnv = emptyEnvRecord<string>();
    for (const entry of config.env) {
      const at = entry.indexOf('=');
      if (at > 0) imageEnv[entry.slice(0, at)] = entry.slice(at + 1);
    }
    return { env: envRecordFrom(Object.entries(imageEnv)), warnings: [], image: shown };
  } catch (error) {
    if (signal.aborted) throw error;
    const why =
      error instanceof Error && (error.name === 'RegistryError' || isKubenvError(error))
        ? error.message
        : 'an unexpected error';
    return { env: {}, warnings: [`image ENV of ${shown} not read: ${why}`], image: undefined };
  }
}

/** The exact image the container runs when the runtime reports its digest, else the spec's reference. */
function imageOf(container: Container, pod: Pod | undefined): ImageReference | undefined {
  const fromSpec = parseImageReference(container.image ?? '');
  const imageID = pod?.status?.containerStatuses?.find((status) => status.name === container.name)?.imageID ?? '';
  // docker-pullable:// is how dockershim-era kubelets prefixed it.
  const pinned = parseImageReference(imageID.replace(/^docker-pullable:\/\//, ''));
  if (pinned?.digest && (!fromSpec || pinned.registry === fromSpec.registry)) return pinned;
  return fromSpec;
}

async function pullCredentials(
  client: KubeClient,
  namespace: string,
  spec: PodSpec,
  fromTemplate: boolean,
  reference: ImageReference,
  signal: AbortSignal,
): Promise<RegistryCredential[]> {
  const names = new Set((spec.imagePullSecrets ?? []).map((ref) => ref.name));
  // A pod got its ServiceAccount's pull Secrets at admission; a template has not been admitted yet.
  if (fromTemplate) {
    const account = await client
      .getIfExists<{ imagePullSecrets?: Array<{ name: string }> }>(
        'serviceaccounts',
        namespace,
        spec.serviceAccountName || 'default',
        signal,
      )
      .catch(() => undefined);
    for (const ref of account?.imagePullSecrets ?? []) names.add(ref.name);
  }
  const secrets = await Promise.all(
    [...names].map((name) => client.getIfExists<Secret>('secrets', namespace, name, signal)),
  );
  const all = secrets.flatMap((secret) => (secret ? credentialsOfSecret(secret) : []));
  return credentialsFor(all, reference.registry, reference.repository);
}

/** The node's platform: the pod's node when it can be read, its nodeSelector, else linux/amd64. */
async function platformOf(client: KubeClient, pod: Pod | undefined, signal: AbortSignal) {
  const selector = pod?.spec.nodeSelector ?? {};
  const nodeName = pod?.spec.nodeName;
  const info = nodeName ? (await client.nodeIfReadable(nodeName, signal))?.status?.nodeInfo : undefined;
  return {
    os: info?.operatingSystem ?? selector['kubernetes.io/os'] ?? 'linux',
    architecture: info?.architecture ?? selector['kubernetes.io/arch'] ?? 'amd64',
  };
}

/** containerd's default PATH for a process whose image sets none (containerd oci/spec.go, defaultUnixEnv). */
const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * Lays the kubelet's env over the image's, as containerd builds a process env: the default PATH,
 * HOSTNAME, then the image ENV, then the kubelet's variables (containerd v1.6
 * pkg/cri/server/container_create_linux.go: "Apply envs from image config first, so that envs from
 * container config can override them"). HOSTNAME from the runtime yields to an image's HOSTNAME.
 */
export function layerImageEnv(
  spec: { readonly env: Record<string, string>; readonly origins: Record<string, EnvOrigin> },
  image: ImageEnvResult,
): { env: Record<string, string>; origins: Record<string, EnvOrigin> } {
  if (image.image === undefined) return spec;
  const env = emptyEnvRecord<string>();
  const origins = emptyEnvRecord<EnvOrigin>();
  if (!Object.hasOwn(image.env, 'PATH')) {
    env['PATH'] = DEFAULT_PATH;
    origins['PATH'] = 'runtime';
  }
  for (const [name, value] of Object.entries(image.env)) {
    env[name] = value;
    origins[name] = 'image';
  }
  for (const [name, value] of Object.entries(spec.env)) {
    if (ownValue(spec.origins, name) === 'runtime' && ownValue(origins, name) === 'image') continue;
    env[name] = value;
    origins[name] = ownValue(spec.origins, name) ?? 'unknown';
  }
  return { env: envRecordFrom(Object.entries(env)), origins: envRecordFrom(Object.entries(origins)) };
}
