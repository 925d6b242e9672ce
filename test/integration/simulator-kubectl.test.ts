// The simulated cluster against the REAL kubectl: every command runs asynchronously (a
// synchronous child would block the event loop that serves it), with a fresh KUBECACHEDIR.
import { execFile } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  deploymentMidRollout,
  distrolessPod,
  largeNamespaceFixture,
  type SimulatedCluster,
  startSimulatedCluster,
  statefulSetFixture,
} from '../../src/testing/index';

function findKubectl(): string | undefined {
  for (const directory of (process.env['PATH'] ?? '').split(path.delimiter)) {
    const candidate = path.join(directory, 'kubectl');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

const kubectlPath = findKubectl();
const ci = process.env['CI'] === 'true' || process.env['CI'] === '1';

interface KubectlResult {
  readonly code: number;
  readonly stdout: Buffer;
  readonly stderr: string;
}

describe.skipIf(kubectlPath === undefined)('the real kubectl against the simulated cluster', () => {
  let cluster: SimulatedCluster;
  let cacheDir: string;

  function kubectl(
    args: readonly string[],
    kubeconfig = cluster.kubeconfigPath,
    cache = cacheDir,
  ): Promise<KubectlResult> {
    return new Promise((resolve) => {
      execFile(
        kubectlPath ?? 'kubectl',
        ['--kubeconfig', kubeconfig, ...args],
        {
          encoding: 'buffer',
          maxBuffer: 64 * 1024 * 1024,
          env: { ...process.env, KUBECACHEDIR: cache },
          timeout: 20_000,
        },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
          resolve({ code, stdout, stderr: stderr.toString('utf8') });
        },
      );
    });
  }

  beforeAll(async () => {
    cacheDir = mkdtempSync(path.join(tmpdir(), 'kubenv-kubectl-cache-'));
    cluster = await startSimulatedCluster({
      namespace: 'shop',
      fixtures: [deploymentMidRollout(), statefulSetFixture(), distrolessPod()],
    });
  });
  afterAll(async () => {
    await cluster?.stop();
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it('kubectl get pod prints the pod table', async () => {
    const result = await kubectl(['get', 'pod', 'checkout-5c9d8f6b7d-p4t7r']);
    expect(result.stderr).toBe('');
    const [header, row] = result.stdout.toString().trim().split('\n');
    expect(header?.split(/\s+/)).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
    expect(row?.split(/\s+/).slice(0, 4)).toEqual(['checkout-5c9d8f6b7d-p4t7r', '1/1', 'Running', '0']);
  });

  it('kubectl get deploy -o json returns the stored deployment', async () => {
    const result = await kubectl(['get', 'deploy', 'checkout', '-o', 'json']);
    expect(result.code).toBe(0);
    const deployment = JSON.parse(result.stdout.toString());
    expect(deployment).toMatchObject({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'checkout', namespace: 'shop', annotations: { 'deployment.kubernetes.io/revision': '2' } },
      spec: { replicas: 3 },
    });
    expect(deployment).toEqual(cluster.get('deployments', 'shop', 'checkout'));
  });

  it('kubectl get sts shows READY replicas', async () => {
    const result = await kubectl(['get', 'sts', '-n', 'data']);
    const rows = result.stdout
      .toString()
      .trim()
      .split('\n')
      .map((line) => line.split(/\s+/));
    expect(rows[0]).toEqual(['NAME', 'READY', 'AGE']);
    expect(rows[1]?.slice(0, 2)).toEqual(['redis', '3/3']);
  });

  it('kubectl get pods -l filters with equality and set-based selectors', async () => {
    const names = async (selector: string) =>
      (await kubectl(['get', 'pods', '-l', selector, '-o', 'name'])).stdout.toString().trim().split('\n').sort();
    expect(await names('pod-template-hash=5c9d8f6b7d')).toEqual([
      'pod/checkout-5c9d8f6b7d-p4t7r',
      'pod/checkout-5c9d8f6b7d-zq9vh',
    ]);
    expect(await names('app=checkout,pod-template-hash!=5c9d8f6b7d')).toEqual([
      'pod/checkout-6d8f7b9c4d-8xkqz',
      'pod/checkout-6d8f7b9c4d-w5n2m',
    ]);
    expect(await names('pod-template-hash in (6d8f7b9c4d),!canary')).toHaveLength(2);
    expect(await names('pod-template-hash notin (6d8f7b9c4d,5c9d8f6b7d)')).toEqual(['']);
    const listed = cluster.requests.last({ resource: 'pods', verb: 'list' });
    expect(listed?.query.get('labelSelector')).toBe('pod-template-hash notin (6d8f7b9c4d,5c9d8f6b7d)');
  });

  it('kubectl shows the server message for a bad selector', async () => {
    const result = await kubectl(['get', 'pods', '-l', 'app in']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("unable to parse requirement: found '' expected: '('");
  });

  it('kubectl get po works through the discovered short name', async () => {
    const result = await kubectl(['get', 'po', '-o', 'name']);
    expect(result.stdout.toString().trim().split('\n')).toHaveLength(4);
  });

  it('kubectl exec cat /proc/1/environ is byte-identical to the container environ', async () => {
    const expected = deploymentMidRollout().containers.find((entry) => entry.pod === 'checkout-5c9d8f6b7d-p4t7r');
    const result = await kubectl(['exec', 'checkout-5c9d8f6b7d-p4t7r', '-c', 'app', '--', 'cat', '/proc/1/environ']);
    expect(result.code).toBe(0);
    expect(result.stdout.toString('utf8')).toContain('HOSTNAME=checkout-5c9d8f6b7d-p4t7r\0');
    const environ = expected?.runtime.environ;
    const text = Object.entries((environ as Record<string, string>) ?? {})
      .map(([name, value]) => `${name}=${value}\0`)
      .join('');
    expect(result.stdout.equals(Buffer.from(text))).toBe(true);
  });

  it('kubectl exec passes 1 MiB of environ with NULs, newlines and unicode through unchanged', async () => {
    const parts: Buffer[] = [];
    let size = 0;
    for (let index = 0; size < 1024 * 1024; index++) {
      const entry = Buffer.from(`VAR_${index}=line one\nline two ✓ 日本語 ${'x'.repeat(index % 200)}\0`);
      parts.push(entry);
      size += entry.length;
    }
    const environ = Buffer.concat(parts).subarray(0, 1024 * 1024);
    cluster.setContainer('shop', 'checkout-6d8f7b9c4d-8xkqz', 'app', { environ });
    const result = await kubectl(['exec', 'checkout-6d8f7b9c4d-8xkqz', '-c', 'app', '--', 'cat', '/proc/1/environ']);
    expect(result.code).toBe(0);
    expect(result.stdout.length).toBe(1024 * 1024);
    expect(result.stdout.equals(environ)).toBe(true);
  });

  it("propagates a non-zero exit code as kubectl's exit code", async () => {
    const result = await kubectl(['exec', 'checkout-5c9d8f6b7d-p4t7r', '--', 'sh', '-c', 'exit 3']);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('command terminated with exit code 3');
  });

  it("shows containerd's error for a missing executable (distroless)", async () => {
    const result = await kubectl(['exec', '-n', 'distroless', 'catalog-api', '--', 'cat', '/proc/1/environ']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^error: Internal error occurred: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "[0-9a-f]{64}": OCI runtime exec failed: exec failed: unable to start container process: exec: "cat": executable file not found in \$PATH: unknown\n$/,
    );
  });

  it('answers 401 to a wrong token: kubectl says "You must be logged in to the server"', async () => {
    const wrong = cluster.writeKubeconfig({ token: 'not-the-token' });
    // With discovery cached by an earlier run (an expired token on a known cluster), the
    // refused request is the GET itself:
    await kubectl(['get', 'ns']);
    const warm = await kubectl(['get', 'pods'], wrong);
    expect(warm.code).toBe(1);
    expect(warm.stderr.trim().split('\n').at(-1)).toBe('error: You must be logged in to the server (Unauthorized)');
    // Cold cache: discovery itself is refused first.
    const coldCache = mkdtempSync(path.join(tmpdir(), 'kubenv-kubectl-cold-'));
    try {
      const cold = await kubectl(['get', 'pods'], wrong, coldCache);
      expect(cold.code).toBe(1);
      expect(cold.stderr).toContain('error: You must be logged in to the server');
    } finally {
      rmSync(coldCache, { recursive: true, force: true });
    }
  });

  it('answers 403 from an RBAC rule with the API server message', async () => {
    cluster.faults.deny({ verb: 'create', resource: 'pods/exec', namespace: 'shop' });
    try {
      const result = await kubectl(['exec', 'checkout-5c9d8f6b7d-p4t7r', '--', 'env']);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        `Error from server (Forbidden): pods "checkout-5c9d8f6b7d-p4t7r" is forbidden: User "${cluster.user}" cannot create resource "pods/exec" in API group "" in the namespace "shop"`,
      );
      const list = await kubectl(['get', 'pods']);
      expect(list.code).toBe(0);
    } finally {
      cluster.faults.clear();
    }
  });

  it('authenticates kubectl with a client certificate (CN = user)', async () => {
    const kubeconfig = cluster.writeKubeconfig({ auth: 'client-certificate', user: 'jane' });
    cluster.faults.deny({ verb: 'list', resource: 'pods' });
    try {
      const result = await kubectl(['get', 'pods'], kubeconfig);
      expect(result.stderr).toContain(
        'Error from server (Forbidden): pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "shop"',
      );
    } finally {
      cluster.faults.clear();
    }
  });

  it('pages a 1,000-pod selector in a 10,000-pod namespace with limit/continue', async () => {
    cluster.load(largeNamespaceFixture());
    cluster.requests.clear();
    const result = await kubectl(['get', 'pods', '-n', 'load', '-l', 'app=web', '-o', 'name']);
    expect(result.code).toBe(0);
    expect(result.stdout.toString().trim().split('\n')).toHaveLength(1000);
    const pages = cluster.requests.filter({ resource: 'pods', verb: 'list', namespace: 'load' });
    expect(pages.map((page) => page.query.get('limit'))).toEqual(['500', '500']);
    expect(pages[1]?.query.get('continue')).toBeTruthy();
  });
});

describe.runIf(kubectlPath === undefined && ci)('kubectl on CI', () => {
  it('is installed (CI must run the kubectl tests)', () => {
    expect.fail('kubectl was not found on PATH; CI must run the simulated-cluster tests against the real kubectl.');
  });
});
