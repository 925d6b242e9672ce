/**
 * The simulated cluster (`kubenv/testing`) against the real API server: one corpus of requests
 * replayed against both, with the same objects in both (the real cluster's, copied into the
 * simulator), compared on what a client sees: status code, Status reason and message, list kind,
 * item names in order, continue tokens, exec statuses. The agreement figure is printed; every
 * request must agree.
 */
import { readFileSync } from 'node:fs';
import https from 'node:https';
import { load as parseYaml } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubeClient } from '../../src/kube/client';
import type { KubeObject } from '../../src/kube/objects';
import { type SimulatedCluster, startSimulatedCluster } from '../../src/testing/index';
import { getJson } from './support/kubectl';
import { admin, restricted } from './support/options';

const NS = 'kubenv-resolve';
const FALLBACK = 'kubenv-fallback';
const RESTRICTED_USER = 'system:serviceaccount:kubenv-system:restricted';

/** What a client sees of one answer. */
interface Seen {
  status: number;
  kind?: string | undefined;
  reason?: string | undefined;
  message?: string | undefined;
  details?: unknown;
  items?: string[] | undefined;
  hasContinue?: boolean | undefined;
  resources?: string[] | undefined;
}

interface Endpoint {
  request(path: string, identity: 'admin' | 'restricted' | 'bad-token'): Promise<{ status: number; body: unknown }>;
  client(identity: 'admin' | 'restricted'): Promise<KubeClient>;
}

interface KubeconfigUser {
  server: string;
  ca: string;
  token?: string | undefined;
  cert?: string | undefined;
  key?: string | undefined;
}

function readKubeconfig(file: string): KubeconfigUser {
  const config = parseYaml(readFileSync(file, 'utf8')) as {
    clusters: Array<{ cluster: { server: string; 'certificate-authority-data': string } }>;
    users: Array<{ user: { token?: string; 'client-certificate-data'?: string; 'client-key-data'?: string } }>;
  };
  const cluster = config.clusters[0]?.cluster;
  const user = config.users[0]?.user;
  if (!cluster || !user) throw new Error(`${file}: no cluster or user`);
  const decode = (data: string | undefined) => (data ? Buffer.from(data, 'base64').toString() : undefined);
  return {
    server: cluster.server,
    ca: decode(cluster['certificate-authority-data']) ?? '',
    token: user.token,
    cert: decode(user['client-certificate-data']),
    key: decode(user['client-key-data']),
  };
}

function endpoint(adminFile: string, restrictedFile: string): Endpoint {
  const users = { admin: readKubeconfig(adminFile), restricted: readKubeconfig(restrictedFile) };
  return {
    request(path, identity) {
      const user = identity === 'admin' ? users.admin : users.restricted;
      const token = identity === 'bad-token' ? 'not-a-real-token' : user.token;
      const url = new URL(path, user.server);
      return new Promise((resolve, reject) => {
        const request = https.get(
          url,
          {
            ca: user.ca,
            ...(token ? { headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } } : {}),
            ...(!token && user.cert ? { cert: user.cert, key: user.key, headers: { Accept: 'application/json' } } : {}),
          },
          (response) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('end', () => {
              const text = Buffer.concat(chunks).toString();
              let body: unknown = text;
              try {
                body = JSON.parse(text);
              } catch {}
              resolve({ status: response.statusCode ?? 0, body });
            });
          },
        );
        request.on('error', reject);
      });
    },
    client: (identity) =>
      KubeClient.connect({ kubeconfig: identity === 'admin' ? adminFile : restrictedFile, env: {}, timeoutMs: 30_000 }),
  };
}

function seen(answer: { status: number; body: unknown }): Seen {
  const body = (typeof answer.body === 'object' && answer.body !== null ? answer.body : {}) as Record<string, unknown>;
  const items = Array.isArray(body['items'])
    ? (body['items'] as Array<{ metadata?: { name?: string }; name?: string }>).map(
        (item) => item.metadata?.name ?? item.name ?? '',
      )
    : undefined;
  const metadata = body['metadata'] as { continue?: string } | undefined;
  const result: Seen = { status: answer.status, kind: body['kind'] as string | undefined };
  if (body['kind'] === 'Status') {
    result.reason = body['reason'] as string | undefined;
    result.message = body['message'] as string | undefined;
    result.details = body['details'];
  }
  if (items && body['kind'] !== 'APIGroupList') {
    result.items = items;
    result.hasContinue = Boolean(metadata?.continue);
  }
  if (Array.isArray(body['resources'])) {
    // The resources kubenv and kubectl use; real servers list more (bindings, eviction...).
    const wanted = new Set([
      'pods',
      'pods/exec',
      'services',
      'configmaps',
      'secrets',
      'namespaces',
      'deployments',
      'replicasets',
      'statefulsets',
      'daemonsets',
      'jobs',
      'cronjobs',
    ]);
    result.resources = (body['resources'] as Array<{ name: string }>)
      .map((r) => r.name)
      .filter((name) => wanted.has(name))
      .sort();
  }
  if (body['kind'] === 'APIGroupList') {
    const groups = (body['groups'] as Array<{ name: string }>).map((group) => group.name);
    result.items = ['apps', 'batch'].filter((group) => groups.includes(group));
  }
  return result;
}

/** Exec ids (64 hex digits) differ per run. */
const normalize = (text: string | undefined) => text?.replace(/[0-9a-f]{64}/g, '<id>');

let real: Endpoint;
let simulated: Endpoint;
let simulator: SimulatedCluster;
const outcomes: Array<{ name: string; agree: boolean }> = [];

/**
 * cronjob/minutely (manifests/10-resolve.yaml) starts a Job and its pod at the top of each minute
 * and deletes the oldest: the snapshot below and the comparisons (a few seconds) must fall between
 * two of its runs, or the real lists hold a pod the simulator never got. Waits until second 15 of
 * a minute unless the clock is between 15 and 45.
 */
async function betweenMinutelyRuns(): Promise<void> {
  const second = new Date().getSeconds();
  if (second >= 15 && second < 45) return;
  await new Promise((resolve) => setTimeout(resolve, ((75 - second) % 60) * 1000));
}

beforeAll(async () => {
  await betweenMinutelyRuns();
  // The simulator gets the real cluster's objects, as they are now.
  const objects: KubeObject[] = [];
  for (const namespace of [NS, FALLBACK]) {
    for (const kind of [
      'pods',
      'deployments',
      'replicasets',
      'statefulsets',
      'daemonsets',
      'jobs',
      'cronjobs',
      'services',
      'configmaps',
      'controllerrevisions',
    ]) {
      const list = await getJson<{ items: KubeObject[] }>(admin(), [kind, '-n', namespace]);
      objects.push(...list.items);
    }
  }
  simulator = await startSimulatedCluster({
    fixtures: [{ objects, containers: [] }],
    user: RESTRICTED_USER,
    serverVersion: { major: '1', minor: '34' },
  });
  // The distroless image has no executables at all.
  const distroless = objects.find((object) => object.kind === 'Pod' && object.metadata.name.startsWith('distroless-'));
  if (distroless)
    simulator.setContainer(FALLBACK, distroless.metadata.name, 'app', {
      environ: { MODE: 'distroless' },
      executables: [],
    });
  // The same RBAC as the real restricted identity: reads, no Secrets, no exec.
  real = endpoint(admin(), restricted());
  simulated = {
    ...endpoint(simulator.kubeconfigPath, simulator.kubeconfigPath),
    client: () => KubeClient.connect({ kubeconfig: simulator.kubeconfigPath, env: {}, timeoutMs: 30_000 }),
  };
});

afterAll(async () => {
  const agreed = outcomes.filter((outcome) => outcome.agree).length;
  console.log(`simulator vs real API server: ${agreed}/${outcomes.length} requests agree`);
  for (const outcome of outcomes.filter((o) => !o.agree)) console.log(`  differs: ${outcome.name}`);
  await simulator?.stop();
});

async function compare(name: string, path: string, identity: 'admin' | 'restricted' | 'bad-token' = 'admin') {
  if (identity === 'restricted') simulator.faults.deny({ verb: 'get', resource: 'secrets', namespace: NS });
  try {
    const [fromReal, fromSimulator] = await Promise.all([
      real.request(path, identity),
      simulated.request(path, identity === 'restricted' ? 'admin' : identity),
    ]);
    const expected = seen(fromReal);
    const actual = seen(fromSimulator);
    outcomes.push({ name, agree: JSON.stringify(expected) === JSON.stringify(actual) });
    expect(actual, name).toEqual(expected);
  } finally {
    simulator.faults.clear();
  }
}

const podsPath = `/api/v1/namespaces/${NS}/pods`;
const query = (params: Record<string, string>) => `?${new URLSearchParams(params)}`;

describe('discovery', () => {
  it('/api, /apis, /api/v1, /apis/apps/v1, /apis/batch/v1', async () => {
    await compare('GET /api', '/api');
    await compare('GET /apis', '/apis');
    await compare('GET /api/v1', '/api/v1');
    await compare('GET /apis/apps/v1', '/apis/apps/v1');
    await compare('GET /apis/batch/v1', '/apis/batch/v1');
  });
});

describe('GET and 404', () => {
  it('an existing pod, a missing pod, a missing deployment, a missing namespace', async () => {
    await compare('GET pod db-0', `${podsPath}/db-0`);
    await compare('GET missing pod', `${podsPath}/nope`);
    await compare('GET missing deployment', `/apis/apps/v1/namespaces/${NS}/deployments/nope`);
    await compare('GET pod in a missing namespace', '/api/v1/namespaces/no-such-namespace/pods/x');
  });
});

describe('LIST with selectors, limit and continue', () => {
  it('equality and set-based label selectors', async () => {
    for (const selector of [
      'app=web',
      'app==web',
      'app!=web',
      'app in (web,db)',
      'app notin (web)',
      'tier',
      '!job-name',
      'app=plain,tier=backend',
    ]) {
      await compare(`LIST pods labelSelector=${selector}`, `${podsPath}${query({ labelSelector: selector })}`);
    }
    await compare(
      'LIST replicasets app=web',
      `/apis/apps/v1/namespaces/${NS}/replicasets${query({ labelSelector: 'app=web' })}`,
    );
    await compare('LIST jobs', `/apis/batch/v1/namespaces/${NS}/jobs`);
  });

  it('field selectors', async () => {
    await compare(
      'LIST pods fieldSelector=metadata.name=db-0',
      `${podsPath}${query({ fieldSelector: 'metadata.name=db-0' })}`,
    );
    await compare(
      'LIST pods fieldSelector=status.phase=Running',
      `${podsPath}${query({ fieldSelector: 'status.phase=Running' })}`,
    );
    await compare(
      'LIST pods fieldSelector=status.phase!=Running',
      `${podsPath}${query({ fieldSelector: 'status.phase!=Running' })}`,
    );
  });

  it('limit and continue: the same pages', async () => {
    const first = await Promise.all([
      real.request(`${podsPath}${query({ limit: '2' })}`, 'admin'),
      simulated.request(`${podsPath}${query({ limit: '2' })}`, 'admin'),
    ]);
    outcomes.push({
      name: 'LIST pods limit=2',
      agree: JSON.stringify(seen(first[0])) === JSON.stringify(seen(first[1])),
    });
    expect(seen(first[1])).toEqual(seen(first[0]));
    const token = (answer: { body: unknown }) => (answer.body as { metadata: { continue: string } }).metadata.continue;
    const second = await Promise.all([
      real.request(`${podsPath}${query({ limit: '2', continue: token(first[0]) })}`, 'admin'),
      simulated.request(`${podsPath}${query({ limit: '2', continue: token(first[1]) })}`, 'admin'),
    ]);
    outcomes.push({
      name: 'LIST pods limit=2 continue',
      agree: JSON.stringify(seen(second[0])) === JSON.stringify(seen(second[1])),
    });
    expect(seen(second[1])).toEqual(seen(second[0]));
  });

  it('bad selectors: 400 with the parser’s message', async () => {
    await compare('LIST pods labelSelector=app in (', `${podsPath}${query({ labelSelector: 'app in (' })}`);
    await compare('LIST pods labelSelector=a b', `${podsPath}${query({ labelSelector: 'a b' })}`);
    await compare('LIST pods fieldSelector=spec.foo=bar', `${podsPath}${query({ fieldSelector: 'spec.foo=bar' })}`);
  });
});

describe('401 and 403', () => {
  it('a token the server does not know', async () => {
    await compare('GET pods with a bad token', podsPath, 'bad-token');
  });

  it('RBAC: the restricted identity reads no Secret', async () => {
    await compare('GET secret as restricted', `/api/v1/namespaces/${NS}/secrets/anything`, 'restricted');
  });
});

describe('exec', () => {
  async function execBoth(pod: string, command: string[]) {
    const request = { namespace: FALLBACK, pod, container: 'app', command };
    const outcome = async (endpointOf: Endpoint) => {
      const client = await endpointOf.client('admin');
      try {
        const result = await client.exec(request, AbortSignal.timeout(30_000));
        return {
          exitCode: result.exitCode,
          reason: result.status?.reason,
          code: result.status?.code,
          message: normalize(result.status?.message),
        };
      } catch (error) {
        return { error: (error as Error).name, status: (error as { status?: number }).status };
      } finally {
        client.close();
      }
    };
    return Promise.all([outcome(real), outcome(simulated)]);
  }

  it('a missing executable: the containerd InternalError, word for word', async () => {
    const distroless =
      (
        await getJson<{ items: Array<{ metadata: { name: string } }> }>(admin(), [
          'pods',
          '-n',
          FALLBACK,
          '-l',
          'app=distroless',
        ])
      ).items[0]?.metadata.name ?? '';
    const [fromReal, fromSimulator] = await execBoth(distroless, ['cat', '/proc/1/environ']);
    outcomes.push({
      name: 'exec cat in distroless',
      agree: JSON.stringify(fromReal) === JSON.stringify(fromSimulator),
    });
    expect(fromSimulator).toEqual(fromReal);
  });

  it('a command that exits 3: NonZeroExitCode', async () => {
    const [fromReal, fromSimulator] = await execBoth('plain', ['sh', '-c', 'exit 3']);
    outcomes.push({ name: 'exec exit 3', agree: JSON.stringify(fromReal) === JSON.stringify(fromSimulator) });
    expect(fromSimulator).toEqual(fromReal);
  });

  it('a container that is not running', async () => {
    const [fromReal, fromSimulator] = await execBoth('not-running', ['cat', '/proc/1/environ']);
    outcomes.push({
      name: 'exec in a container not running',
      agree: JSON.stringify(fromReal) === JSON.stringify(fromSimulator),
    });
    expect(fromSimulator).toEqual(fromReal);
  });
});
