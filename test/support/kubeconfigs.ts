/**
 * One-context kubeconfigs for the simulated cluster, written as JSON (valid YAML): one cluster
 * `sim` (its URL and CA unless overridden), one user, one context with a namespace.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

type RawMap = Record<string, unknown>;

/** Writes the kubeconfig to `file` and returns `file`. */
export function writeKubeconfig(
  file: string,
  cluster: { readonly url: string; readonly ca: string },
  options: { cluster?: RawMap; user: RawMap; namespace?: string },
): string {
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: 'sim',
        cluster: {
          server: cluster.url,
          'certificate-authority-data': Buffer.from(cluster.ca).toString('base64'),
          ...options.cluster,
        },
      },
    ],
    users: [{ name: 'sso', user: options.user }],
    contexts: [{ name: 'sso', context: { cluster: 'sim', user: 'sso', namespace: options.namespace ?? 'shop' } }],
    'current-context': 'sso',
  };
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(config, null, 2), { mode: 0o600 });
  return file;
}
