// What the bench reads, in the `main` scenario of cluster-process.mjs.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The targets compared with kubectl. `kubectl` is how kubectl names the same object. */
export const TARGETS = {
  pod: { kind: 'pod', target: 'pod/x', namespace: 'bench', kubectl: 'x', container: 'c' },
  deployment: { kind: 'deployment', target: 'deployment/checkout', namespace: 'shop', kubectl: 'deploy/checkout' },
  statefulset: { kind: 'statefulset', target: 'statefulset/redis', namespace: 'data', kubectl: 'sts/redis' },
};

/** The bin of one build of kubenv: dist/cli.cjs (dist/cli.js in the builds before it was CommonJS). */
export function binOf(subject) {
  const bin = path.join(subject.dist, 'cli.cjs');
  return existsSync(bin) ? bin : path.join(subject.dist, 'cli.js');
}

/** The node options of a bin's shebang (`#!/usr/bin/env -S node <options> --`), without the `--`. */
export function shebangNodeOptions(bin) {
  const [line = ''] = readFileSync(bin, 'utf8').split('\n', 1);
  const words = line
    .replace(/^#!\s*\S+\s+(-S\s+)?/, '')
    .split(/\s+/)
    .filter(Boolean);
  return words.slice(1).filter((word) => word !== '--');
}

/** The arguments of a `kubenv print` of `target` by exec. */
export function printCliArgs(target, kubeconfig) {
  return ['print', '-t', target.target, '-n', target.namespace, '--kubeconfig', kubeconfig, '--source', 'exec'];
}

/**
 * `node` arguments for the same: the bin's shebang options, then the bin, as `env` starts it (for
 * the instruction counts, which count one node process).
 */
export function printArgs(subject, target, kubeconfig) {
  const bin = binOf(subject);
  return [...shebangNodeOptions(bin), '--', bin, ...printCliArgs(target, kubeconfig)];
}

/**
 * The environment under which the bin, run as a user runs it (the file itself, through its
 * shebang: `env` finds `node` on PATH), gets `node`: the bench's own.
 */
export function withNodeOnPath(env, node) {
  return { ...env, PATH: `${path.dirname(node)}${path.delimiter}${env.PATH ?? ''}` };
}
