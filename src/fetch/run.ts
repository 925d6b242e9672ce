/**
 * The fetch, end to end: config layering, kube connection, target resolution, reading through
 * a source, the env pipeline. Loaded lazily by fetchRemoteEnv/resolveTarget: everything heavy
 * hangs off this module.
 */

import { loadConfig } from '../config/load';
import type { ConfigOptions, ResolvedConfig } from '../config/types';
import { ConfigError, type ExecUnavailableError, isKubenvError, KubeApiError } from '../errors';
import { KubeClient } from '../kube/client';
import type { KubeConfigLike } from '../kube/kubeconfig-user';
import { envRecordFrom, ownValue } from '../pipeline/env-record';
import { runEnvPipeline } from '../pipeline/pipeline';
import { type Resolution, type ResolvedTarget, resolveWithClient } from '../resolve/resolve';
import { readByExec } from '../sources/exec-source';
import { type EnvOrigin, originsFromDeclaredEnv } from '../sources/origins';
import { formatTarget } from '../target/format';
import type { Target } from '../target/types';
import { monotonicMs, startDeadline } from './deadline';
import type { MultiTargetRead } from './multi-target';
import { createRemoteEnv, type RemoteEnv, type UsedSource } from './remote-env';

// For the test runners' global setups (../vitest/index.ts): the apply runs from the compiled
// bundle too, rather than from a dozen more ES modules of the library's build to resolve and link
// in the runner's process. Its process-env lock is shared through a global (../apply/env-lock.ts).
export { applyRemoteEnv } from '../apply/apply';
export { metadataOf } from '../runner/metadata';

/**
 * Options of {@link fetchRemoteEnv}: the config options plus an abort signal.
 * @public
 */
export interface FetchRemoteEnvOptions extends ConfigOptions {
  /** Aborts the fetch; the promise rejects with the signal's reason. @default none */
  readonly signal?: AbortSignal | undefined;
  /**
   * A `KubeConfig` from `@kubernetes/client-node` that the calling tool already holds: kubenv
   * uses its current context, cluster and user, with its auth applied as client-node applies it,
   * instead of reading kubeconfig files (`kubeconfig`, `KUBECONFIG` are then ignored).
   * @default none: the kubeconfig files are read
   */
  readonly kubeConfig?: KubeConfigLike | undefined;
}

type NamedTarget = Exclude<Target, { kind: 'targetless' }>;

/** A connected client and a resolved target, for the duration of one operation. */
export interface Session {
  readonly config: ResolvedConfig;
  readonly client: KubeClient;
  readonly signal: AbortSignal;
  readonly namespace: string;
}

/** Runs `work` with a client connected per the config, then closes it. */
async function withSession<T>(
  config: ResolvedConfig,
  options: FetchRemoteEnvOptions,
  startedAt: number,
  work: (session: Session) => Promise<T>,
): Promise<T> {
  // The timeout covers the whole operation: loading the config file took part of it already.
  const deadline = startDeadline('Fetching the remote environment', config.timeout, options.signal, {
    remainingMs: config.timeout - (monotonicMs() - startedAt),
  });
  const signal = deadline.signal;
  const env = options.env ?? process.env;
  let client: KubeClient | undefined;
  try {
    client = await KubeClient.connect({
      kubeconfig: config.kubeconfig,
      context: config.context,
      kubeConfig: options.kubeConfig,
      env,
      timeoutMs: config.timeout,
    });
    const namespace = config.namespace ?? client.endpoint.namespace ?? 'default';
    return await work({ config, client, signal, namespace });
  } catch (error) {
    // Aborted while in code that does not map errors (the kubeconfig, a plugin): the deadline's
    // own TimeoutError, or the caller's reason.
    if (signal.aborted && !isKubenvError(error)) throw signal.reason;
    // The last line of defence against answers of an odd shape (client.ts checks the top of each
    // object, shapes.ts; the fuzz suite in test/integration/faults-http-fuzz.test.ts finds what
    // lies deeper, a `null` container status, `ports: " "`): a typed error instead of a TypeError.
    if (client && (error instanceof TypeError || error instanceof RangeError)) {
      throw new KubeApiError(`Reading ${targetLabel(config)}`, 200, 'UnexpectedAnswer', {
        hint: `An answer of ${client.endpoint.server} does not have the shape of a Kubernetes object (\`--debug\` shows where): check that it is the API server of the context (\`kubectl cluster-info\`).`,
        cause: error,
      });
    }
    throw error;
  } finally {
    deadline.dispose();
    client?.close();
  }
}

function targetLabel(config: ResolvedConfig): string {
  return config.target.kind === 'targetless' ? 'the cluster' : formatTarget(config.target);
}

function requireTarget(config: ResolvedConfig, operation: string): NamedTarget {
  if (config.target.kind === 'targetless') {
    throw new ConfigError(`${operation} needs a target, and none is set (targetless)`, {
      keyPath: 'target',
      hint: 'Pass `target` (-t deploy/api), set MIRRORD_IMPERSONATED_TARGET, or set `target` in the config file.',
    });
  }
  return config.target;
}

/** Loads the config and runs `work` with a connected client (for commands that need no target). */
export async function withConfiguredSession<T>(
  options: FetchRemoteEnvOptions,
  work: (session: Session) => Promise<T>,
): Promise<T> {
  const startedAt = monotonicMs();
  return withSession(await loadConfig(options), options, startedAt, work);
}

/** resolveTarget's body. */
export async function runResolveTarget(options: FetchRemoteEnvOptions): Promise<ResolvedTarget> {
  const startedAt = monotonicMs();
  const config = await loadConfig(options);
  const target = requireTarget(config, 'resolveTarget');
  return withSession(config, options, startedAt, async ({ client, namespace, signal }) => {
    const resolution = await resolveWithClient(target, namespace, client, signal);
    return resolution.resolved;
  });
}

/** What reading one target (or several, merged) gives. */
export interface ReadResult {
  readonly remote: Record<string, string>;
  readonly origins: Record<string, EnvOrigin>;
  readonly warnings: readonly string[];
  readonly source: UsedSource;
  readonly sourceReason: string;
  readonly resolved: ResolvedTarget | undefined;
}

/** fetchRemoteEnv's body. */
export async function runFetchRemoteEnv(options: FetchRemoteEnvOptions): Promise<RemoteEnv> {
  const startedAt = monotonicMs();
  const config = await loadConfig(options);
  const local = options.env ?? process.env;
  // Read the env_file before touching the cluster: a typo fails fast and nothing half-happens.
  const envFileOrigin = config.origins.envFile;
  // dotenv is only imported when there is an env_file (it costs a cold process ~4 ms otherwise).
  const envFile = config.envFile
    ? await (await import('../pipeline/dotenv')).readEnvFile(config.envFile, {
        file: envFileOrigin.file,
        variable: envFileOrigin.variable,
        keyPath:
          envFileOrigin.layer === 'file'
            ? 'feature.env.env_file'
            : envFileOrigin.layer === 'explicit'
              ? 'envFile'
              : undefined,
      })
    : undefined;

  const read = await readRemote(config, options, startedAt);
  const multi = 'targets' in read ? (read as MultiTargetRead) : undefined;
  const pipeline = await runEnvPipeline(read.remote, local, {
    // With `targets`, each target was filtered on its own: keep every merged name (written
    // exactly, they also keep default-excluded names a target's include brought back).
    include: multi ? Object.keys(read.remote) : config.include,
    exclude: multi ? undefined : config.exclude,
    envFile,
    mapping: config.mapping,
    override: config.override,
    localWins: config.localWins,
    unset: config.unset,
  });
  const origins = new Map<string, EnvOrigin | 'env-file' | 'mapping' | 'override'>();
  for (const name of Object.keys(pipeline.remote)) origins.set(name, ownValue(read.origins, name) ?? 'unknown');
  const setOrigin = (names: readonly string[], origin: 'env-file' | 'mapping' | 'override') => {
    for (const name of names) if (origins.has(name)) origins.set(name, origin);
  };
  setOrigin(pipeline.changed.envFile, 'env-file');
  setOrigin(pipeline.changed.mapping, 'mapping');
  setOrigin(pipeline.changed.override, 'override');
  const secretNames = Object.keys(pipeline.remote)
    .filter((name) => origins.get(name) === 'secret' || origins.get(name) === 'unknown')
    .sort();
  return createRemoteEnv(
    { env: { ...pipeline.merged }, remote: { ...pipeline.remote } },
    {
      target: read.resolved,
      source: read.source,
      sourceReason: read.sourceReason,
      secretNames,
      warnings: read.warnings,
      dropped: multi ? { ...pipeline.dropped, ...multi.dropped } : pipeline.dropped,
      targets: multi?.targets,
      changed: pipeline.changed,
      configFile: config.configFile,
    },
    envRecordFrom(origins),
  );
}

async function readRemote(
  config: ResolvedConfig,
  options: FetchRemoteEnvOptions,
  startedAt: number,
): Promise<ReadResult> {
  if (!config.envEnabled || (config.target.kind === 'targetless' && !config.targets)) {
    // No cluster contact at all.
    const why = !config.envEnabled
      ? 'the env feature is disabled (feature.env: false)'
      : 'targetless: no remote environment';
    return { remote: {}, origins: {}, warnings: [], source: 'none', sourceReason: why, resolved: undefined };
  }
  const env = options.env ?? process.env;
  const entries = config.targets;
  if (entries) {
    const { readTargets } = await import('./multi-target');
    return withSession(config, options, startedAt, (session) =>
      readTargets(config, entries, session, async (entryConfig, entrySession, entry, namespace) => {
        const resolution = await resolveWithClient(entry.target, namespace, entrySession.client, entrySession.signal);
        return readThroughSource(entryConfig, entrySession.client, resolution, entrySession.signal, env);
      }),
    );
  }
  const target = requireTarget(config, 'fetchRemoteEnv');
  return withSession(config, options, startedAt, async ({ client, namespace, signal }) => {
    const resolution = await resolveWithClient(target, namespace, client, signal);
    return readThroughSource(config, client, resolution, signal, env);
  });
}

async function readThroughSource(
  config: ResolvedConfig,
  client: KubeClient,
  resolution: Resolution,
  signal: AbortSignal,
  env: Readonly<Record<string, string | undefined>>,
): Promise<ReadResult> {
  const resolved = resolution.resolved;
  if (config.source === 'spec') {
    const spec = await readSpec(client, resolution, signal, config.imageEnv === true ? env : undefined);
    return {
      remote: spec.env,
      origins: spec.origins,
      warnings: spec.warnings,
      source: 'spec',
      sourceReason: `spec (asked for): ${spec.how}`,
      resolved,
    };
  }
  try {
    const exec = await readByExec(client, resolution, signal);
    const container = resolution.pod?.spec.containers.find((c) => c.name === resolved.container);
    return {
      remote: exec.env,
      origins: originsFromDeclaredEnv(Object.keys(exec.env), container),
      warnings: exec.warnings,
      source: 'exec',
      sourceReason: `exec: ${exec.how}`,
      resolved,
    };
  } catch (error) {
    const why = config.source === 'auto' ? fallbackReason(error) : undefined;
    if (why === undefined) throw error;
    const spec = await readSpec(client, resolution, signal, config.imageEnv !== false ? env : undefined);
    return {
      remote: spec.env,
      origins: spec.origins,
      warnings: [
        spec.image
          ? `exec was not possible (${why}); the spec source was used, with the ENV of ${spec.image} from its registry: entrypoint exports stay unknown`
          : `exec was not possible (${why}); the spec source was used: it does not see image ENV or entrypoint exports`,
        ...spec.warnings,
      ],
      source: 'spec',
      sourceReason: `spec (auto fallback: ${why}): ${spec.how}`,
      resolved,
    };
  }
}

/**
 * The spec source, with the image's ENV under it when `imageEnvFrom` is given (the environment
 * the registry's proxy settings are read from); both read in parallel.
 */
async function readSpec(
  client: KubeClient,
  resolution: Resolution,
  signal: AbortSignal,
  imageEnvFrom: Readonly<Record<string, string | undefined>> | undefined,
) {
  // Loaded on first use (a quarter of the fetch code): a read by exec needs neither.
  const [{ readBySpec }, imageSource] = await Promise.all([
    import('../sources/spec/spec-source'),
    imageEnvFrom ? import('../sources/image-env') : undefined,
  ]);
  const [spec, image] = await Promise.all([
    readBySpec(client, resolution, signal),
    imageEnvFrom && imageSource ? imageSource.readImageEnv(client, resolution, signal, imageEnvFrom) : undefined,
  ]);
  if (!image || !imageSource) return { ...spec, image: undefined };
  const layered = imageSource.layerImageEnv(spec, image);
  return {
    ...layered,
    warnings: [...image.warnings, ...spec.warnings],
    how: image.image ? `${spec.how}, over the ENV of image ${image.image}` : spec.how,
    image: image.image,
  };
}

const EXEC_FALLBACK_REASONS: Readonly<Record<ExecUnavailableError['reason'], string>> = {
  'no-reader': 'the image has no `cat`: distroless or scratch',
  'not-running': 'the container is not running',
  'exec-failed': 'the exec failed',
  'stream-cut': 'the exec stream was cut twice',
};

/** Why auto falls back from exec to spec, or undefined when it must not. */
function fallbackReason(error: unknown): string | undefined {
  if (isKubenvError(error, 'FORBIDDEN')) return 'pods/exec is forbidden';
  if (isKubenvError(error, 'EXEC_UNAVAILABLE')) return EXEC_FALLBACK_REASONS[error.reason];
  if (isKubenvError(error, 'NO_POD')) return 'no pod is running';
  return undefined;
}
