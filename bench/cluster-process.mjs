// The simulated cluster, in its own process: the processes the bench measures (and the bench's
// own in-process fetches) never share an event loop with the server, so a busy server cannot
// stall a measured client and a measured client's GC cannot stall the server. Driven over IPC
// by lib/cluster.mjs. argv: <path of kubenv's testing.js> <scenario> <kubeconfig path>
import { pathToFileURL } from 'node:url';

const [testingPath, scenario, kubeconfigPath] = process.argv.slice(2);
const testing = await import(pathToFileURL(testingPath).href);

/** The fixtures of each scenario, and the namespace of the kubeconfig context. */
const scenarios = {
  // pod/x (container c), deployment/checkout mid-rollout (ns shop), statefulset/redis (ns data).
  main: () => [
    testing.podFixture({ name: 'x', namespace: 'bench', container: 'c' }),
    testing.deploymentMidRollout(),
    testing.statefulSetFixture(),
  ],
  // Deployment `web` in a 10-pod namespace, in a 10,000-pod namespace with the same 10 replicas
  // (namespace size alone), and in a 10,000-pod namespace with 1,000 replicas.
  scale: () => [
    testing.largeNamespaceFixture({ namespace: 'small', pods: 10, deploymentReplicas: 10 }),
    testing.largeNamespaceFixture({ namespace: 'wide', pods: 10_000, deploymentReplicas: 10 }),
    testing.largeNamespaceFixture({ namespace: 'load', pods: 10_000, deploymentReplicas: 1_000 }),
  ],
};

const fixtures = scenarios[scenario];
if (!fixtures) throw new Error(`unknown scenario ${scenario}`);
const cluster = await testing.startSimulatedCluster({ namespace: 'bench', fixtures: fixtures() });
cluster.writeKubeconfig({ path: kubeconfigPath });

const commands = {
  latency: ({ ms }) => {
    cluster.faults.clear();
    if (ms > 0) cluster.faults.latency(ms);
  },
  clearLog: () => cluster.requests.clear(),
  log: () =>
    cluster.requests.toArray().map((entry) => ({
      method: entry.method,
      path: entry.path,
      query: entry.query.toString(),
      status: entry.status,
      userAgent: entry.userAgent,
      durationMs: entry.durationMs,
    })),
  memory: () => process.memoryUsage(),
  stop: async () => {
    await cluster.stop();
    setImmediate(() => process.exit(0));
  },
};

process.on('message', async ({ id, command, args }) => {
  try {
    const result = await commands[command](args ?? {});
    process.send({ id, ok: true, result });
  } catch (error) {
    process.send({ id, ok: false, error: String(error?.stack ?? error) });
  }
});
// The bench died: do not linger.
process.on('disconnect', () => process.exit(0));
process.send({ ready: true, url: cluster.url, kubeconfigPath });
