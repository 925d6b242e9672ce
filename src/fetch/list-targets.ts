/**
 * Listing targets in a namespace, for `kubenv ls`: pods (one entry per container, as mirrord
 * lists them) and every workload kind. Kinds the user may not list, or that the cluster does
 * not serve (no Argo Rollouts CRD), are skipped with a note.
 */
import { isKubenvError } from '../errors';
import type { KubeClient } from '../kube/client';
import type { Pod } from '../kube/objects';
import { formatTarget } from '../target/format';
import { KIND_LIST } from '../target/kinds';
import { type FetchRemoteEnvOptions, withConfiguredSession } from './run';

/** Targets found, and what could not be listed. */
export interface TargetListing {
  readonly namespace: string;
  readonly targets: readonly string[];
  readonly skipped: readonly string[];
}

/** Lists targets in the configured namespace. */
export async function listTargets(options: FetchRemoteEnvOptions): Promise<TargetListing> {
  return withConfiguredSession(options, async ({ client, namespace, signal }) => {
    const skipped: string[] = [];
    const groups = await Promise.all(
      KIND_LIST.map(async (info) => {
        try {
          return await namesOf(client, info.kind, info.resource, namespace, signal);
        } catch (error) {
          if (isKubenvError(error, 'FORBIDDEN')) skipped.push(`${info.resource} (forbidden)`);
          else if (isKubenvError(error, 'KUBE_API')) skipped.push(`${info.resource} (not served by this cluster)`);
          else throw error;
          return [];
        }
      }),
    );
    return { namespace, targets: groups.flat(), skipped };
  });
}

async function namesOf(
  client: KubeClient,
  kind: (typeof KIND_LIST)[number]['kind'],
  resource: (typeof KIND_LIST)[number]['resource'],
  namespace: string,
  signal: AbortSignal,
): Promise<string[]> {
  const items = await client.list<Pod>(resource, namespace, {}, signal);
  const names = items.map((item) => item.metadata.name).sort();
  if (kind !== 'pod') return names.map((name) => formatTarget({ kind, name }));
  const byName = new Map(items.map((pod) => [pod.metadata.name, pod]));
  return names.flatMap((name) =>
    (byName.get(name)?.spec.containers ?? []).map((container) =>
      formatTarget({ kind: 'pod', name, container: container.name }),
    ),
  );
}
