// The real kubectl. /usr/bin/kubectl on the dev machines is a dispatcher: it sends GET /version,
// then runs the kubectl binary of the server's minor version. Both are measured: the dispatcher
// (what a user there runs) and that binary directly (what a user with one kubectl runs).
import { existsSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { timeProcess } from './measure.mjs';

export const KUBECTL = process.env.KUBENV_BENCH_KUBECTL ?? '/usr/bin/kubectl';

/** The version-specific binary next to the dispatcher, when there is one. */
export function directKubectl(minor) {
  try {
    const candidate = path.join(path.dirname(realpathSync(KUBECTL)), `kubectl.1.${minor}`);
    return existsSync(candidate) ? candidate : undefined;
  } catch {
    return undefined;
  }
}

/** `kubectl exec` reading the main process's environ, as kubenv's exec source does. */
export function execArgs({ kubeconfig, namespace, target, container }) {
  return [
    '--kubeconfig',
    kubeconfig,
    '-n',
    namespace,
    'exec',
    target,
    ...(container ? ['-c', container] : []),
    '--',
    'cat',
    '/proc/1/environ',
  ];
}

/** `kubectl set env --list --resolve`: kubectl's nearest thing to the spec source. */
export function specArgs({ kubeconfig, namespace, target }) {
  return ['--kubeconfig', kubeconfig, '-n', namespace, 'set', 'env', target, '--list', '--resolve'];
}

/**
 * A kubectl runner with one discovery cache policy: `warm` shares one KUBECACHEDIR (filled by a
 * first run, as on a developer's machine), `cold` gets a fresh one per run (CI, a new machine).
 */
export function kubectlRunner({ binary = KUBECTL, cache, env, cwd, progress = () => {} }) {
  const shared = mkdtempSync(path.join(tmpdir(), 'kubenv-bench-kubecache-'));
  const once = async (args) => {
    const dir = cache === 'warm' ? shared : mkdtempSync(path.join(tmpdir(), 'kubenv-bench-kubecache-'));
    try {
      return await timeProcess(binary, args, { env: { ...env, KUBECACHEDIR: dir }, cwd });
    } finally {
      if (dir !== shared) rmSync(dir, { recursive: true, force: true });
    }
  };
  return {
    // kubectl's WebSocket exec through the latency relay fails now and then ("Unknown stream id
    // 1, discarding message ... closed all streams", seen once in a full run): that sample is
    // measured again, once, and the failure said, rather than the whole bench lost.
    async run(args) {
      try {
        return await once(args);
      } catch (error) {
        progress(`kubectl failed once, measured again: ${error.message.split('\n')[0].slice(0, 200)}`);
        return once(args);
      }
    },
    dispose: () => rmSync(shared, { recursive: true, force: true }),
  };
}
