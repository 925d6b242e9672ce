/**
 * `startSimulatedCluster()`: a simulated Kubernetes API server that the real kubectl and
 * `@kubernetes/client-node` accept, with a CA, a kubeconfig, a request log, faults and simulated
 * containers to exec into.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { KubeObject, Pod } from '../kube/objects';
import { Faults } from './faults';
import { renderKubeconfig } from './kubeconfig';
import { createCertificateAuthority } from './pki/certificates';
import { RequestLogImpl } from './request-log';
import { defaultRuntime } from './runtime/processes';
import { startApiServer } from './server/http-server';
import { lookupResource, resourceDefinitions } from './server/resources';
import { ObjectStore } from './store';
import type {
  Fixture,
  SimulatedCluster,
  SimulatedClusterOptions,
  SimulatedContainer,
  WriteKubeconfigOptions,
} from './types';

const contextName = 'kubenv-simulator';
const clusterAge = 30 * 24 * 60 * 60 * 1000;

function systemObjects(namespace: string): KubeObject[] {
  const created = `${new Date(Date.now() - clusterAge).toISOString().slice(0, 19)}Z`;
  const namespaces = [...new Set(['default', 'kube-node-lease', 'kube-public', 'kube-system', namespace])];
  return [
    ...namespaces.map((name) => ({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name,
        creationTimestamp: name === namespace && !namespaces.slice(0, 4).includes(name) ? undefined : created,
      },
    })),
    // Every cluster has it; its service-link variables are in every container's environment.
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'kubernetes',
        namespace: 'default',
        creationTimestamp: created,
        labels: { component: 'apiserver', provider: 'kubernetes' },
      },
      spec: {
        clusterIP: '10.96.0.1',
        clusterIPs: ['10.96.0.1'],
        internalTrafficPolicy: 'Cluster',
        ipFamilies: ['IPv4'],
        ipFamilyPolicy: 'SingleStack',
        ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }],
        sessionAffinity: 'None',
        type: 'ClusterIP',
      },
      status: { loadBalancer: {} },
    } as KubeObject,
  ];
}

function resourceOrThrow(resource: string) {
  const definition = lookupResource(resource);
  if (definition === undefined) {
    const known = resourceDefinitions.map((candidate) => candidate.resource).join(', ');
    throw new TypeError(`The simulated cluster has no resource "${resource}". Use one of: ${known}.`);
  }
  return definition;
}

/**
 * Starts a simulated Kubernetes API server on 127.0.0.1 and writes a kubeconfig for it.
 *
 * @example
 * ```ts
 * import { startSimulatedCluster, podFixture } from 'kubenv/testing'
 *
 * const cluster = await startSimulatedCluster({
 *   fixtures: [podFixture({ name: 'api-0', env: { DATABASE_URL: 'postgres://db/shop' } })],
 * })
 * // kubectl --kubeconfig cluster.kubeconfigPath exec api-0 -- cat /proc/1/environ
 * await cluster.stop()
 * ```
 * @public
 */
export async function startSimulatedCluster(options: SimulatedClusterOptions = {}): Promise<SimulatedCluster> {
  const namespace = options.namespace ?? 'default';
  const user = options.user ?? 'kubenv-tester';
  const token = options.token ?? randomBytes(24).toString('base64url');
  const version = options.serverVersion ?? { major: '1', minor: '31' };

  const ca = createCertificateAuthority();
  const serverCertificate = ca.issue({
    commonName: 'kube-apiserver',
    usage: 'server',
    dnsNames: ['localhost', 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc'],
    ipAddresses: ['127.0.0.1', '10.96.0.1'],
  });

  const store = new ObjectStore();
  for (const object of systemObjects(namespace)) store.put(object);
  const runtimes = new Map<string, SimulatedContainer>();
  const runtimeKey = (ns: string, pod: string, container: string): string => `${ns}/${pod}/${container}`;
  const faults = new Faults();
  const log = new RequestLogImpl();

  const server = await startApiServer({
    store,
    faults,
    log,
    tokens: new Set([token]),
    tokenUser: user,
    version,
    tls: { key: serverCertificate.keyPem, cert: serverCertificate.certPem, ca: ca.certPem },
    runtimeOf: (ns: string, pod: Pod, container: string) =>
      runtimes.get(runtimeKey(ns, pod.metadata.name, container)) ?? defaultRuntime(pod, container),
  });
  const url = `https://127.0.0.1:${server.port}`;

  const issueClientCertificate = (name: string, groups: readonly string[] = []) => {
    const client = ca.issue({ commonName: name, organizations: groups, usage: 'client' });
    return { certPem: client.certPem, keyPem: client.keyPem };
  };

  const ownsDirectory = options.kubeconfigDir === undefined;
  const directory = options.kubeconfigDir ?? mkdtempSync(path.join(tmpdir(), 'kubenv-cluster-'));
  let written = 0;

  const writeKubeconfig = (write: WriteKubeconfigOptions = {}): string => {
    const userName = write.user ?? user;
    let credentials: { token: string } | { clientCertificatePem: string; clientKeyPem: string };
    if (write.auth === 'client-certificate') {
      const client = issueClientCertificate(userName, ['system:authenticated']);
      credentials = { clientCertificatePem: client.certPem, clientKeyPem: client.keyPem };
    } else credentials = { token: write.token ?? token };
    const text = renderKubeconfig({
      server: url,
      caPem: ca.certPem,
      contextName,
      userName,
      namespace: write.namespace ?? namespace,
      credentials,
    });
    written++;
    const file = write.path ?? path.join(directory, `kubeconfig-${written}.yaml`);
    writeFileSync(file, text, { mode: 0o600 });
    return file;
  };

  const kubeconfigPath = writeKubeconfig({ path: path.join(directory, 'kubeconfig') });
  const kubeconfig = renderKubeconfig({
    server: url,
    caPem: ca.certPem,
    contextName,
    userName: user,
    namespace,
    credentials: { token },
  });

  const apply = (...objects: KubeObject[]): void => {
    for (const object of objects) store.put(object);
  };
  const setContainer = (ns: string, pod: string, container: string, runtime: SimulatedContainer): void => {
    runtimes.set(runtimeKey(ns, pod, container), runtime);
  };
  const load = (fixture: Fixture): void => {
    apply(...fixture.objects);
    for (const entry of fixture.containers) setContainer(entry.namespace, entry.pod, entry.container, entry.runtime);
  };
  for (const fixture of options.fixtures ?? []) load(fixture);

  let stopped: Promise<void> | undefined;
  return {
    url,
    kubeconfigPath,
    kubeconfig,
    contextName,
    token,
    user,
    ca: ca.certPem,
    issueClientCertificate,
    requests: log,
    faults,
    writeKubeconfig,
    apply,
    load,
    setContainer,
    get(resource, ns, name) {
      const record = store.get(resourceOrThrow(resource), ns, name);
      return record === undefined ? undefined : (JSON.parse(record.json) as KubeObject);
    },
    remove(resource, ns, name) {
      const definition = resourceOrThrow(resource);
      const removed = store.delete(definition, ns, name) !== undefined;
      if (removed && definition.resource === 'pods') {
        // A pod re-created under the same name gets new containers.
        for (const key of runtimes.keys()) if (key.startsWith(`${ns}/${name}/`)) runtimes.delete(key);
      }
      return removed;
    },
    stop() {
      stopped ??= server.close().then(() => {
        if (ownsDirectory) rmSync(directory, { recursive: true, force: true });
      });
      return stopped;
    },
  };
}
