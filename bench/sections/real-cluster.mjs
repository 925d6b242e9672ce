// Section 6: the cold-process and in-process fetches of sections 1 and 2 against the real
// one-node cluster (npm run cluster:real), when KUBENV_REAL_KUBECONFIG points at its admin
// kubeconfig. kubectl there is the plain binary nearest the server's minor: the dispatcher has
// none for 1.34, so kubectl 1.33 (within the supported skew) stands in.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { directKubectl, kubectlRunner } from '../lib/kubectl.mjs';
import { measureColdProcess } from './cold.mjs';
import { measureInProcess } from './in-process.mjs';

const MANIFEST = path.join(import.meta.dirname, '../real-cluster.yaml');

export const REAL_TARGETS = {
  pod: { kind: 'pod', target: 'pod/x', namespace: 'kubenv-bench', kubectl: 'x', container: 'c' },
  deployment: {
    kind: 'deployment',
    target: 'deployment/checkout',
    namespace: 'kubenv-bench',
    kubectl: 'deploy/checkout',
  },
};

function kubectlOnce(binary, args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let errors = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (errors += chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(output) : reject(new Error(`kubectl ${args.join(' ')}: ${errors}`)),
    );
  });
}

export async function measureRealCluster(context, { kubeconfig }) {
  const env = context.env;
  const version = JSON.parse(await kubectlOnce('kubectl', ['--kubeconfig', kubeconfig, 'version', '-o', 'json'], env));
  const serverMinor = Number.parseInt(version.serverVersion.minor, 10);
  const minor = [serverMinor, serverMinor - 1].find((candidate) => directKubectl(candidate));
  if (minor === undefined) throw new Error(`no kubectl.1.${serverMinor} or 1.${serverMinor - 1} beside the dispatcher`);
  const binary = directKubectl(minor);
  context.progress(`real cluster ${version.serverVersion.gitVersion}: workloads, against kubectl 1.${minor}`);
  await kubectlOnce(binary, ['--kubeconfig', kubeconfig, 'apply', '-f', MANIFEST], env);
  await kubectlOnce(
    binary,
    ['--kubeconfig', kubeconfig, '-n', 'kubenv-bench', 'rollout', 'status', 'deploy/checkout', '--timeout=120s'],
    env,
  );
  await kubectlOnce(
    binary,
    ['--kubeconfig', kubeconfig, '-n', 'kubenv-bench', 'wait', '--for=condition=Ready', 'pod/x', '--timeout=120s'],
    env,
  );

  const runner = (cache) => kubectlRunner({ binary, cache, env, cwd: context.emptyDir, progress: context.progress });
  const kubectl = { warm: runner('warm'), cold: runner('cold'), direct: undefined };
  const realContext = {
    ...context,
    kubectl,
    cluster: { kubeconfig },
    link: async () => ({ kubeconfig, close: async () => {} }),
  };
  const targets = [REAL_TARGETS.pod, REAL_TARGETS.deployment];
  try {
    return {
      kubectlName: `kubectl 1.${minor}`,
      serverVersion: version.serverVersion.gitVersion,
      cold: await measureColdProcess(realContext, { targets }),
      inProcess: await measureInProcess(realContext, { targets }),
    };
  } finally {
    kubectl.warm.dispose();
    kubectl.cold.dispose();
  }
}
