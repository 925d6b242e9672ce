/**
 * The in-cluster endpoint: the pod's service account, used when no kubeconfig file exists (as
 * client-go's rest.InClusterConfig).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { KubeEndpoint } from './kubeconfig';

/** Where the in-cluster service account is mounted. */
export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/** The service-account endpoint when running inside a pod, else undefined. */
export function inClusterEndpoint(env: Readonly<Record<string, string | undefined>>): KubeEndpoint | undefined {
  const host = env['KUBERNETES_SERVICE_HOST'];
  const port = env['KUBERNETES_SERVICE_PORT'];
  if (!host || !port) return undefined;
  const tokenPath = path.join(SERVICE_ACCOUNT_DIR, 'token');
  if (!existsSync(tokenPath)) return undefined;
  let namespace: string | undefined;
  try {
    namespace = readFileSync(path.join(SERVICE_ACCOUNT_DIR, 'namespace'), 'utf8').trim() || undefined;
  } catch {
    namespace = undefined;
  }
  const hostPart = host.includes(':') ? `[${host}]` : host;
  return {
    server: `https://${hostPart}:${port}`,
    contextName: undefined,
    userName: undefined,
    namespace,
    tls: { ca: readFileSync(path.join(SERVICE_ACCOUNT_DIR, 'ca.crt')), rejectUnauthorized: true },
    // The projected token rotates: read it per request.
    credentials: { type: 'token-file', path: tokenPath },
    impersonate: {},
    origin: ['in-cluster'],
  };
}
