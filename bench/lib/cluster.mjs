// Starts a simulated cluster in a child process (bench/cluster-process.mjs) and talks to it.
import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const childScript = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'cluster-process.mjs');

/**
 * Starts `scenario` ('main' or 'scale') with the testing entry of a kubenv build.
 * @returns {Promise<{ url: string, kubeconfig: string, latency(ms: number): Promise<void>,
 *   clearLog(): Promise<void>, log(): Promise<object[]>, stop(): Promise<void> }>}
 */
export async function startClusterProcess({ testingPath, scenario, kubeconfig }) {
  const child = fork(childScript, [testingPath, scenario, kubeconfig], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    // A clean environment: the server should not pick up the bench's NODE_OPTIONS.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
  });
  const pending = new Map();
  let nextId = 0;
  const ready = new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the cluster process (${scenario}) exited with ${code}`)));
    child.on('message', (message) => {
      if (message.ready) return resolve(message);
      const call = pending.get(message.id);
      if (!call) return;
      pending.delete(message.id);
      if (message.ok) call.resolve(message.result);
      else call.reject(new Error(message.error));
    });
  });
  const { url } = await ready;
  const call = (command, args) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      child.send({ id, command, args });
    });
  return {
    url,
    kubeconfig,
    latency: (ms) => call('latency', { ms }),
    clearLog: () => call('clearLog'),
    log: () => call('log'),
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await call('stop').catch(() => {});
      await exited;
    },
  };
}
