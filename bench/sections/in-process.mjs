// Sections 2 and 4: fetchRemoteEnv in a process that already loaded kubenv, against spawning
// kubectl from Node (asynchronously: this process does not host the server, and must not block).
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { execArgs } from '../lib/kubectl.mjs';
import { alternate, median } from '../lib/measure.mjs';
import { kubectlNames } from './cold.mjs';

/** Medians per target of each build's in-process fetch and of a kubectl run (warm cache). */
export async function measureInProcess(context, { targets, latencyMs = 0 }) {
  const { runs, subjects, kubectl } = context;
  const modules = await Promise.all(
    subjects.map(async (subject) => ({
      subject,
      kubenv: await import(pathToFileURL(path.join(subject.dist, 'index.js')).href),
    })),
  );
  const link = await context.link(latencyMs);
  const rows = [];
  try {
    for (const target of targets) {
      context.progress(`in process: ${target.target}${latencyMs ? ` (+${latencyMs} ms each way)` : ''}`);
      const options = {
        target: target.target,
        namespace: target.namespace,
        kubeconfig: link.kubeconfig,
        cwd: context.emptyDir,
        env: context.env,
      };
      const args = execArgs({ kubeconfig: link.kubeconfig, namespace: target.namespace, ...kubectlNames(target) });
      const variants = [
        ...modules.map(({ subject, kubenv }) => ({
          label: subject.label,
          run: async () => {
            const started = performance.now();
            const result = await kubenv.fetchRemoteEnv(options);
            const ms = performance.now() - started;
            if (result.source !== 'exec')
              throw new Error(`fetchRemoteEnv did not read by exec: ${result.sourceReason}`);
            return ms;
          },
        })),
        { label: 'kubectl-warm', run: async () => (await kubectl.warm.run(args)).ms },
        ...(kubectl.direct ? [{ label: 'kubectl-direct', run: async () => (await kubectl.direct.run(args)).ms }] : []),
      ];
      const samples = await alternate(runs, variants, { warmup: 2 });
      rows.push({ target, medians: Object.fromEntries([...samples].map(([label, s]) => [label, median(s)])) });
    }
  } finally {
    await link.close();
  }
  return rows;
}
