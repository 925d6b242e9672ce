// What the bench reads, in the `main` scenario of cluster-process.mjs.

/** The targets compared with kubectl. `kubectl` is how kubectl names the same object. */
export const TARGETS = {
  pod: { kind: 'pod', target: 'pod/x', namespace: 'bench', kubectl: 'x', container: 'c' },
  deployment: { kind: 'deployment', target: 'deployment/checkout', namespace: 'shop', kubectl: 'deploy/checkout' },
  statefulset: { kind: 'statefulset', target: 'statefulset/redis', namespace: 'data', kubectl: 'sts/redis' },
};
