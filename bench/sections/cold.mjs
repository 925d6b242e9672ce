// Sections 1 and 4: a fresh `node` fetching through the built package, the `kubenv print` CLI and
// the Node floor, against a fresh kubectl.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execArgs } from '../lib/kubectl.mjs';
import { alternate, median, timeProcess } from '../lib/measure.mjs';
import { binOf, printCliArgs, withNodeOnPath } from './targets.mjs';

/**
 * Medians per target of: each kubenv build through the library probe and through `kubenv print`,
 * the Node floor (probes/floor.mjs), kubectl through the dispatcher with a warm and a cold
 * discovery cache, the direct kubectl binary with a warm cache and (without latency) the library
 * probe with Node's compile cache turned on by the user (NODE_COMPILE_CACHE). With `latencyMs`,
 * every process talks through the latency relay (lib/latency-proxy.mjs): that much each way.
 */
export async function measureColdProcess(context, { targets, latencyMs = 0 }) {
  const { runs, subjects, env, kubectl } = context;
  const compileCache = mkdtempSync(path.join(tmpdir(), 'kubenv-bench-compile-cache-'));
  const link = await context.link(latencyMs);
  const rows = [];
  try {
    for (const target of targets) {
      context.progress(`cold process: ${target.target}${latencyMs ? ` (+${latencyMs} ms each way)` : ''}`);
      const fetchArgs = (subject) => [
        subject.probe('fetch.mjs'),
        target.target,
        target.namespace,
        link.kubeconfig,
        context.emptyDir,
      ];
      const [kind, name] = target.target.split('/');
      const floorArgs = [subjects[0].probe('floor.mjs'), kind, name, target.namespace, link.kubeconfig];
      const args = execArgs({ kubeconfig: link.kubeconfig, namespace: target.namespace, ...kubectlNames(target) });
      const variants = [
        ...subjects.flatMap((subject) => [
          {
            label: subject.label,
            run: async () =>
              expectExec(await timeProcess(context.node, fetchArgs(subject), { env, cwd: context.emptyDir })),
          },
          {
            // The bin itself, through its shebang, as a user's shell starts `kubenv`.
            label: `${subject.label} print`,
            run: async () =>
              (
                await timeProcess(binOf(subject), printCliArgs(target, link.kubeconfig), {
                  env: withNodeOnPath(env, context.node),
                  cwd: context.emptyDir,
                })
              ).ms,
          },
        ]),
        {
          label: 'node-floor',
          run: async () => (await timeProcess(context.node, floorArgs, { env, cwd: context.emptyDir })).ms,
        },
        ...(latencyMs === 0
          ? [
              {
                label: 'kubenv+compile-cache',
                run: async () =>
                  expectExec(
                    await timeProcess(context.node, fetchArgs(subjects[0]), {
                      env: { ...env, NODE_COMPILE_CACHE: compileCache },
                      cwd: context.emptyDir,
                    }),
                  ),
              },
            ]
          : []),
        { label: 'kubectl-warm', run: async () => (await kubectl.warm.run(args)).ms },
        { label: 'kubectl-cold', run: async () => (await kubectl.cold.run(args)).ms },
        ...(kubectl.direct ? [{ label: 'kubectl-direct', run: async () => (await kubectl.direct.run(args)).ms }] : []),
      ];
      const samples = await alternate(runs, variants);
      rows.push({ target, medians: Object.fromEntries([...samples].map(([label, s]) => [label, median(s)])) });
    }
  } finally {
    await link.close();
    rmSync(compileCache, { recursive: true, force: true });
  }
  return rows;
}

/** The probe's ms, after checking it read the env by exec (a fallback to spec would skew the figures). */
function expectExec({ ms, stdout }) {
  if (!/^exec [1-9]/.test(stdout)) throw new Error(`the fetch probe did not read by exec: ${stdout.trim()}`);
  return ms;
}

/** kubectl's spelling of a target. */
export function kubectlNames(target) {
  return { target: target.kubectl, container: target.container };
}
