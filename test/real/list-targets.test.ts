/**
 * listTargets against the real API server, with `kubectl get` on the same kubeconfig as the
 * reference: the same objects, the same READY and AGE cells, the template's containers, and for
 * each workload the pod resolveTarget picks. A CronJob here starts a Job every minute, so what
 * kubenv lists is checked against kubectl's view just before and just after.
 */
import { describe, expect, it } from 'vitest';
import { type ListedTarget, listTargets, resolveTarget } from '../../src/index';
import { getJson, kubectl } from './support/kubectl';
import { admin, realOptions, restricted } from './support/options';

const NAMESPACES = ['kubenv-resolve', 'kubenv-containers', 'kubenv-env', 'kubenv-fallback', 'shop', 'kubenv-access'];
const KINDS = 'pods,deployments,statefulsets,daemonsets,replicasets,jobs,cronjobs,services';

interface Item {
  kind: string;
  metadata: { name: string; creationTimestamp: string };
  spec: {
    selector?: Record<string, unknown>;
    containers?: Array<{ name: string }>;
    template?: { spec: { containers: Array<{ name: string }> } };
    jobTemplate?: { spec: { template: { spec: { containers: Array<{ name: string }> } } } };
  };
}

/** `kind/name` of every target kubectl sees (services only with a selector). */
async function kubectlTargets(namespace: string): Promise<Map<string, Item>> {
  const { items } = await getJson<{ items: Item[] }>(admin(), [KINDS, '-n', namespace]);
  const targets = new Map<string, Item>();
  for (const item of items) {
    if (item.kind === 'Service' && Object.keys(item.spec.selector ?? {}).length === 0) continue;
    targets.set(`${item.kind.toLowerCase()}/${item.metadata.name}`, item);
  }
  return targets;
}

/** kubectl's printed cells per `kind/name`: READY (or READY/DESIRED) and AGE. */
async function kubectlCells(namespace: string): Promise<Map<string, { ready: string; age: string }>> {
  const cells = new Map<string, { ready: string; age: string }>();
  const table = async (resource: string) =>
    (await kubectl(admin(), ['get', resource, '-n', namespace, '--no-headers']))
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split(/\s{2,}/));
  for (const row of await table('pods')) cells.set(`pod/${row[0]}`, { ready: row[1] ?? '', age: row[4] ?? '' });
  for (const kind of ['deployment', 'statefulset']) {
    for (const row of await table(kind)) cells.set(`${kind}/${row[0]}`, { ready: row[1] ?? '', age: row.at(-1) ?? '' });
  }
  // NAME DESIRED CURRENT READY ...: kubenv's ready/total is READY/DESIRED.
  for (const kind of ['daemonset', 'replicaset']) {
    for (const row of await table(kind)) {
      cells.set(`${kind}/${row[0]}`, { ready: `${row[3]}/${row[1]}`, age: row.at(-1) ?? '' });
    }
  }
  return cells;
}

/** `2d3h`, `45m`, `9s` to seconds (the lower bound kubectl's rounding leaves). */
function ageSeconds(age: string): number {
  const units: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, y: 365 * 86_400 };
  let total = 0;
  for (const [, amount, unit] of age.matchAll(/(\d+)([smhdy])/g)) total += Number(amount) * (units[unit ?? 's'] ?? 0);
  return total;
}

function templateContainers(item: Item): string[] {
  const spec =
    item.kind === 'CronJob'
      ? item.spec.jobTemplate?.spec.template.spec
      : item.kind === 'Pod'
        ? item.spec
        : item.spec.template?.spec;
  return (spec?.containers ?? []).map((c) => c.name);
}

describe.each(NAMESPACES)('listTargets on the real cluster, namespace %s', (namespace) => {
  it('lists what kubectl get lists, with its READY, AGE and containers', async () => {
    const before = await kubectlTargets(namespace);
    const cellsBefore = await kubectlCells(namespace);
    const listing = await listTargets(realOptions({ namespace }));
    const after = await kubectlTargets(namespace);
    const cellsAfter = await kubectlCells(namespace);

    const ours = new Map(listing.targets.map((t) => [t.target, t] as const));
    for (const name of before.keys()) if (after.has(name)) expect(ours.has(name), `${name} is listed`).toBe(true);
    for (const name of ours.keys()) expect(before.has(name) || after.has(name), `${name} exists`).toBe(true);
    // No Argo Rollouts CRD on this cluster: skipped as not served, nothing else skipped.
    expect(listing.skipped.map((s) => `${s.kind}:${s.reason}`)).toEqual(['rollout:not-served']);

    for (const [name, entry] of ours) {
      const item = before.get(name) ?? after.get(name);
      expect(entry.createdAt).toBe(item?.metadata.creationTimestamp);
      if (entry.kind !== 'service') expect(entry.containers).toEqual(templateContainers(item as Item));
      const printed = [cellsBefore.get(name), cellsAfter.get(name)].filter(Boolean);
      if (printed.length === 0) continue;
      expect(
        printed.map((cell) => cell?.ready),
        `READY of ${name}`,
      ).toContain(`${entry.ready}/${entry.total}`);
      // Ages move on between the two kubectl calls: kubenv's lies between kubectl's before and after.
      const seconds = printed.map((cell) => ageSeconds(cell?.age ?? ''));
      const ours = ageSeconds(entry.age);
      expect(ours, `AGE of ${name}: ${entry.age}`).toBeGreaterThanOrEqual(Math.min(...seconds));
      expect(ours, `AGE of ${name}: ${entry.age}`).toBeLessThanOrEqual(Math.max(...seconds));
    }
  });
});

describe('listTargets on the real cluster: resolution and RBAC', () => {
  it('shows for each workload the pod resolveTarget picks', async () => {
    const namespace = 'kubenv-resolve';
    const listing = await listTargets(realOptions({ namespace }));
    const workloads = listing.targets.filter((t: ListedTarget) => t.kind !== 'pod' && t.kind !== 'job');
    expect(workloads.map((t) => t.target)).toEqual(
      expect.arrayContaining([
        'deployment/web',
        'statefulset/db',
        'daemonset/agent',
        'replicaset/plain',
        'service/web',
      ]),
    );
    for (const entry of workloads) {
      const resolved = await resolveTarget(realOptions({ namespace, target: entry.target })).catch(() => undefined);
      expect({ target: entry.target, pod: entry.pod }).toEqual({ target: entry.target, pod: resolved?.pod });
    }
  });

  it('a user who may not list some kinds gets the rest, and the skipped kinds match kubectl auth can-i', async () => {
    const namespace = 'kubenv-resolve';
    const listing = await listTargets(realOptions({ namespace, kubeconfig: restricted() }));
    for (const skip of listing.skipped.filter((s) => s.reason === 'forbidden')) {
      const resource =
        { cronjob: 'cronjobs.batch', job: 'jobs.batch', service: 'services' }[skip.kind as string] ?? `${skip.kind}s`;
      // can-i exits 1 for "no" (and for a resource the server does not have: RBAC answers 403 first).
      const canI = await kubectl(restricted(), ['auth', 'can-i', 'list', resource, '-n', namespace]).catch(() => 'no');
      expect(canI.trim(), `${skip.kind}`).toBe('no');
    }
    expect(listing.targets.some((t) => t.kind === 'pod')).toBe(true);
  });
});
