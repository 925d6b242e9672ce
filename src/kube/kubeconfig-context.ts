/**
 * Choosing a context in the merged kubeconfig and turning it into the endpoint kubenv connects
 * to (as client-go's clientcmd/client_config.go does): cluster, user, TLS material, credentials,
 * impersonation and proxy. Relative paths resolve against the file that holds them.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../errors';
import type { KubeEndpoint } from './kubeconfig';
import type { MergedConfig, RawMap } from './kubeconfig-loader';
import { credentialsOf, impersonationOf } from './kubeconfig-user';
import { parseProxyUrl, proxyFromEnvironment } from './proxy';

/** The endpoint of context `wanted` (else the current-context); a ConfigError says what is missing. */
export function selectContext(
  merged: MergedConfig,
  wanted: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): KubeEndpoint {
  const contextName = wanted ?? merged.currentContext;
  const where = merged.files.join(path.delimiter);
  const available = [...merged.contexts.keys()];
  if (contextName === undefined) {
    throw new ConfigError('the kubeconfig has no current-context and no context was given', {
      file: where,
      hint:
        available.length > 0
          ? `Pick one with the \`context\` option (--context) or MIRRORD_KUBE_CONTEXT: ${available.join(', ')}.`
          : 'Add a context with `kubectl config set-context`.',
    });
  }
  const context = merged.contexts.get(contextName);
  if (!context) {
    throw new ConfigError(`context "${contextName}" is not in the kubeconfig`, {
      file: where,
      hint:
        available.length > 0
          ? `Contexts there: ${available.join(', ')}.`
          : 'The kubeconfig defines no contexts; add one with `kubectl config set-context`.',
    });
  }
  const clusterName = str(context.value['cluster']);
  const cluster = clusterName === undefined ? undefined : merged.clusters.get(clusterName);
  if (!cluster) {
    throw new ConfigError(`context "${contextName}" refers to cluster "${clusterName ?? ''}", which is not defined`, {
      file: context.file,
      hint: 'Fix the context with `kubectl config set-context`.',
    });
  }
  const server = str(cluster.value['server']);
  if (!server) {
    throw new ConfigError(`cluster "${cluster.name}" has no server URL`, {
      file: cluster.file,
      keyPath: `clusters[${cluster.name}].cluster.server`,
      expected: 'an https:// URL',
    });
  }
  const userName = str(context.value['user']);
  const user = userName === undefined ? undefined : merged.users.get(userName);
  const userValue: RawMap = user?.value ?? {};
  const userDir = user?.dir ?? cluster.dir;
  const userFile = user?.file ?? cluster.file;
  const insecure = cluster.value['insecure-skip-tls-verify'] === true;
  const clusterWhere = `clusters[${cluster.name}]`;
  if (insecure && (str(cluster.value['certificate-authority']) || str(cluster.value['certificate-authority-data']))) {
    // kubectl refuses this too: "specifying a root certificates file with the insecure flag is not allowed".
    throw new ConfigError(`cluster "${cluster.name}" sets both insecure-skip-tls-verify and a certificate authority`, {
      file: cluster.file,
      keyPath: `${clusterWhere}.cluster.insecure-skip-tls-verify`,
      hint: 'Remove one of them: keep the CA to verify the server (recommended), or drop it to skip verification.',
    });
  }
  const ca = dataOrFile(cluster.value, 'certificate-authority', cluster.dir, cluster.file, clusterWhere);
  const proxyUrl = str(cluster.value['proxy-url']);
  const trimmed = server.replace(/\/+$/, '');
  return {
    server: trimmed,
    contextName,
    userName,
    namespace: str(context.value['namespace']) || undefined,
    tls: {
      ca,
      cert: dataOrFile(userValue, 'client-certificate', userDir, userFile, `users[${userName}]`),
      key: dataOrFile(userValue, 'client-key', userDir, userFile, `users[${userName}]`),
      rejectUnauthorized: !insecure,
      servername: str(cluster.value['tls-server-name']) || undefined,
    },
    credentials: credentialsOf(userValue, {
      user: userName,
      file: userFile,
      dir: userDir,
      cluster: cluster.value,
      server,
      ca,
    }),
    impersonate: impersonationOf(userValue, { file: userFile, user: userName }),
    proxy: proxyUrl
      ? parseProxyUrl(proxyUrl, { file: cluster.file, cluster: cluster.name })
      : proxyFromEnvironment(trimmed, env),
    origin: merged.files,
  };
}

function dataOrFile(map: RawMap, key: string, dir: string, file: string, where: string): Buffer | undefined {
  const data = str(map[`${key}-data`]);
  if (data) return Buffer.from(data, 'base64');
  const ref = str(map[key]);
  if (!ref) return undefined;
  const target = path.resolve(dir, ref);
  try {
    return readFileSync(target);
  } catch (cause) {
    throw new ConfigError(`cannot read ${key} file ${target}`, {
      file,
      keyPath: `${where}.${key}`,
      hint: 'Fix the path in the kubeconfig (relative paths resolve against the kubeconfig file).',
      cause,
    });
  }
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
