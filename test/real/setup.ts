/**
 * Global setup of the `real` test project: a real one-node Kubernetes (cluster/up.sh), the
 * workloads of test/real/manifests, and the in-between states the tests need (a deployment and a
 * statefulset mid-update, a Job started from a CronJob).
 *
 * With KUBENV_REAL_KUBECONFIG set, that running cluster is used (its restricted.kubeconfig beside
 * it) and left running; otherwise cluster/up.sh is started here and stopped at the end.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { getJson, kubectl, kubectlRaw } from './support/kubectl';
import { dockerConfigJson, pushImage, registryOf } from './support/registry';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The admin kubeconfig of the real cluster. */
    realKubeconfig: string;
    /** A ServiceAccount that may get/list workloads, pods and ConfigMaps: no exec, no Secrets. */
    restrictedKubeconfig: string;
  }
}

const ROOT = path.resolve(import.meta.dirname, '../..');
const MANIFESTS = path.join(import.meta.dirname, 'manifests');
/** Cold Go builds happen in .ci/run's own step; this covers start-up and a cached build. */
const START_TIMEOUT_MS = Number(process.env['KUBENV_REAL_START_TIMEOUT_MS'] ?? 20 * 60_000);

interface Pod {
  metadata: { name: string; labels?: Record<string, string> };
  status: {
    phase?: string;
    containerStatuses?: Array<{ name: string; ready: boolean; state?: { running?: unknown } }>;
  };
}

let cluster: ChildProcess | undefined;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = Date.now();
  const admin = process.env['KUBENV_REAL_KUBECONFIG'] ?? (await startCluster());
  // The workers (started after this setup) trust the cluster CA, which also signed its registry.
  process.env['NODE_EXTRA_CA_CERTS'] = path.join(path.dirname(admin), 'pki/ca.crt');
  const restricted = path.join(path.dirname(admin), 'restricted.kubeconfig');
  if (!existsSync(restricted)) throw new Error(`${restricted} is missing: start the cluster with npm run cluster:real`);
  const ready = Date.now();
  try {
    await createWorkloads(admin);
  } catch (error) {
    await stopCluster();
    throw error;
  }
  console.log(
    `real cluster: ready in ${((ready - started) / 1000).toFixed(1)} s, workloads in ${((Date.now() - ready) / 1000).toFixed(1)} s`,
  );
  project.provide('realKubeconfig', admin);
  project.provide('restrictedKubeconfig', restricted);
  return stopCluster;
}

/** Starts cluster/up.sh and resolves with the admin kubeconfig it prints on its READY line. */
function startCluster(): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [path.join(ROOT, 'cluster/up.sh')], { stdio: ['ignore', 'pipe', 'inherit'] });
    cluster = child;
    const timer = setTimeout(() => {
      reject(new Error(`cluster/up.sh printed no READY line within ${START_TIMEOUT_MS / 1000} s`));
      child.kill('SIGTERM');
    }, START_TIMEOUT_MS);
    let buffered = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      const match = /^READY (.+)$/m.exec(buffered);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`cluster/up.sh exited (${code}) before the cluster was ready; its reasons are above`));
    });
  });
}

async function stopCluster(): Promise<void> {
  const child = cluster;
  if (!child || child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await exited;
}

const NAMESPACES = [
  'kubenv-resolve',
  'kubenv-containers',
  'kubenv-env',
  'kubenv-fallback',
  'kubenv-access',
  'kubenv-image',
  'shop',
];

/**
 * Builds the workloads once per cluster: a ConfigMap records the hash of the manifests and of this
 * file, so a second run against the same cluster (KUBENV_REAL_KUBECONFIG) starts at once, and a
 * changed manifest rebuilds from empty namespaces (re-applying over a patched Deployment would
 * keep the patch's fields).
 */
async function createWorkloads(admin: string): Promise<void> {
  const files = readdirSync(MANIFESTS)
    .filter((file) => file.endsWith('.yaml'))
    .sort()
    .map((file) => path.join(MANIFESTS, file));
  const hash = createHash('sha256');
  for (const file of [...files, import.meta.filename]) hash.update(readFileSync(file));
  const digest = hash.digest('hex').slice(0, 16);
  const marker = await kubectlRaw(admin, [
    'get',
    'configmap',
    '-n',
    'kubenv-system',
    'real-setup',
    '-o',
    'jsonpath={.data.hash}',
  ]);
  if (marker.code === 0 && marker.stdout.toString() === digest) return;
  await kubectl(admin, ['delete', 'namespace', '--ignore-not-found', '--wait', ...NAMESPACES]);
  await buildWorkloads(admin, files);
  await kubectl(admin, [
    'create',
    'configmap',
    '-n',
    'kubenv-system',
    'real-setup',
    `--from-literal=hash=${digest}`,
    '--dry-run=client',
    '-o',
    'yaml',
  ]).then((yaml) => kubectl(admin, ['apply', '-f', '-'], { input: yaml }));
}

async function buildWorkloads(admin: string, files: readonly string[]): Promise<void> {
  const namespaces = NAMESPACES;
  // Namespaces first, then wait for their default ServiceAccount: the ServiceAccount admission
  // plugin refuses pods in a namespace that has none yet.
  for (const namespace of namespaces) {
    await kubectl(admin, ['create', 'namespace', namespace, '--dry-run=client', '-o', 'yaml']).then((yaml) =>
      kubectl(admin, ['apply', '-f', '-'], { input: yaml }),
    );
  }
  await waitFor('default ServiceAccounts', async () => {
    const accounts = await getJson<{ items: Array<{ metadata: { namespace: string } }> }>(admin, [
      'serviceaccounts',
      '-A',
      '--field-selector=metadata.name=default',
    ]);
    const have = new Set(accounts.items.map((account) => account.metadata.namespace));
    return namespaces.every((namespace) => have.has(namespace));
  });
  await pushRegistryImages(admin);
  await kubectl(admin, ['apply', ...files.flatMap((file) => ['-f', file])]);

  // Revision 1 everywhere first, so that the second revisions below are real updates.
  await kubectl(admin, ['rollout', 'status', '-n', 'kubenv-resolve', 'deployment/web', '--timeout=180s']);
  await kubectl(admin, ['rollout', 'status', '-n', 'kubenv-resolve', 'statefulset/db', '--timeout=180s']);
  const job = await kubectl(admin, [
    ...['create', 'job', '-n', 'kubenv-resolve', '--from=cronjob/nightly', 'nightly-manual'],
    ...['--dry-run=client', '-o', 'yaml'],
  ]);
  await kubectl(admin, ['apply', '-f', '-'], { input: job });

  // deployment/web revision 2: its pods never become Ready, so the rollout stops with one new
  // (unready) pod beside the two Ready pods of revision 1.
  await kubectl(admin, [
    'patch',
    '-n',
    'kubenv-resolve',
    'deployment/web',
    '--type=strategic',
    '-p',
    JSON.stringify({
      spec: {
        template: {
          spec: {
            containers: [
              {
                name: 'app',
                env: [{ name: 'REVISION', value: '2' }],
                readinessProbe: { exec: { command: ['false'] }, periodSeconds: 1 },
              },
            ],
          },
        },
      },
    }),
  ]);
  // statefulset/db revision 2: the partition (1) lets only db-1 move to it.
  await kubectl(admin, [
    'patch',
    '-n',
    'kubenv-resolve',
    'statefulset/db',
    '--type=strategic',
    '-p',
    JSON.stringify({
      spec: { template: { spec: { containers: [{ name: 'app', env: [{ name: 'REVISION', value: '2' }] }] } } },
    }),
  ]);

  await waitFor('the web rollout to stop at one unready pod of revision 2', async () => {
    const pods = await podsOf(admin, 'kubenv-resolve', 'app=web');
    const running = pods.filter((pod) => pod.status.phase === 'Running');
    return running.length === 3 && running.filter((pod) => isReady(pod)).length === 2;
  });
  await waitFor('db-1 to run revision 2', async () => {
    const statefulSet = await getJson<{ status: { updateRevision?: string } }>(admin, [
      '-n',
      'kubenv-resolve',
      'statefulset/db',
    ]);
    const pods = await podsOf(admin, 'kubenv-resolve', 'app=db');
    const updated = pods.find((pod) => pod.metadata.name === 'db-1');
    return (
      pods.length === 2 &&
      pods.every(isReady) &&
      updated?.metadata.labels?.['controller-revision-hash'] === statefulSet.status.updateRevision
    );
  });
  for (const namespace of namespaces) {
    await waitFor(`the pods of ${namespace} to run`, async () => {
      const pods = await podsOf(admin, namespace);
      // not-running never starts; the runs of cronjob/minutely finish at once.
      const waitedFor = pods.filter((pod) => pod.metadata.name !== 'not-running' && pod.status.phase !== 'Succeeded');
      return waitedFor.length > 0 && waitedFor.every(isRunning);
    });
  }
}

/** Pushes the images of manifests/70-image.yaml to the cluster's registry, and the Secret to pull them. */
async function pushRegistryImages(admin: string): Promise<void> {
  const state = path.dirname(admin);
  const access = registryOf(state);
  await pushImage(access, state, 'kubenv/registry-app', 'v1', [
    {
      architecture: 'amd64',
      layerFrom: 'app',
      env: [
        'PATH=/bin',
        'FROM_IMAGE=amd64',
        'SHARED=image',
        'JAVA_OPTS=-Xmx1g -Dfile.encoding=UTF-8',
        'HOSTNAME=from-image',
      ],
      entrypoint: ['/bin/sleep', 'infinity'],
    },
    {
      architecture: 'arm64',
      layerFrom: 'app',
      env: ['PATH=/bin', 'FROM_IMAGE=arm64'],
      entrypoint: ['/bin/sleep', 'infinity'],
    },
  ]);
  await pushImage(access, state, 'kubenv/registry-distroless', 'v1', [
    {
      architecture: 'amd64',
      layerFrom: 'distroless',
      env: ['MODE=registry-distroless', 'NODE_ENV=production', 'APP_HOME=/srv'],
      entrypoint: ['/app'],
    },
  ]);
  const secret = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'regcred', namespace: 'kubenv-image' },
    type: 'kubernetes.io/dockerconfigjson',
    data: { '.dockerconfigjson': Buffer.from(dockerConfigJson(access)).toString('base64') },
  };
  await kubectl(admin, ['apply', '-f', '-'], { input: JSON.stringify(secret) });
}

const podsOf = async (admin: string, namespace: string, selector?: string): Promise<Pod[]> =>
  (await getJson<{ items: Pod[] }>(admin, ['pods', '-n', namespace, ...(selector ? ['-l', selector] : [])])).items;

const isRunning = (pod: Pod): boolean =>
  pod.status.phase === 'Running' && (pod.status.containerStatuses ?? []).every((status) => status.state?.running);

const isReady = (pod: Pod): boolean =>
  isRunning(pod) && (pod.status.containerStatuses ?? []).every((status) => status.ready);

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
