// What the bench reads, in the `main` scenario of cluster-process.mjs.

import path from 'node:path';

/** The targets compared with kubectl. `kubectl` is how kubectl names the same object. */
export const TARGETS = {
  pod: { kind: 'pod', target: 'pod/x', namespace: 'bench', kubectl: 'x', container: 'c' },
  deployment: { kind: 'deployment', target: 'deployment/checkout', namespace: 'shop', kubectl: 'deploy/checkout' },
  statefulset: { kind: 'statefulset', target: 'statefulset/redis', namespace: 'data', kubectl: 'sts/redis' },
};

/** `node` arguments for a cold `kubenv print` of `target` by exec, with one build of kubenv. */
export function printArgs(subject, target, kubeconfig) {
  const where = ['-t', target.target, '-n', target.namespace, '--kubeconfig', kubeconfig];
  return [path.join(subject.dist, 'cli.js'), 'print', ...where, '--source', 'exec'];
}
