// Section 3: API requests per fetch, from the simulated cluster's request log.
import { execArgs, specArgs } from '../lib/kubectl.mjs';
import { timeProcess } from '../lib/measure.mjs';
import { kubectlNames } from './cold.mjs';

/** Sorts a request into dispatcher / discovery / api (reads and exec). */
export function classify(entry) {
  if (entry.userAgent.startsWith('kubectl-dispatcher')) return 'dispatcher';
  if (
    entry.path === '/version' ||
    /^\/(api|apis)(\/[^/]+){0,2}$/.test(entry.path) ||
    entry.path.startsWith('/openapi')
  ) {
    return 'discovery';
  }
  return 'api';
}

/** Short form of a request for the console: `GET pods?labelSelector=...`. */
function describe(entry) {
  const resource = entry.path.replace(/^\/apis?\/(?:[^/]+\/)?v[^/]+\/namespaces\/[^/]+\//, '');
  return `${entry.method} ${resource}${entry.query ? `?${decodeURIComponent(entry.query)}` : ''}`;
}

async function countRequests(cluster, run) {
  await cluster.clearLog();
  await run();
  const log = await cluster.log();
  const counts = { api: 0, discovery: 0, dispatcher: 0 };
  for (const entry of log) counts[classify(entry)]++;
  return { ...counts, requests: log.filter((entry) => classify(entry) === 'api').map(describe) };
}

/**
 * For each case, the requests of one kubenv fetch (a fresh process per build) and of kubectl with
 * a warm and with a cold discovery cache. Spec-source cases compare with `kubectl set env --list --resolve`.
 */
export async function measureRoundTrips(context, cases) {
  const { subjects, env, kubectl } = context;
  const rows = [];
  for (const item of cases) {
    context.progress(`round trips: ${item.label}`);
    const { cluster, target, source } = item;
    const where = { kubeconfig: cluster.kubeconfig, namespace: target.namespace };
    const kubectlArgs =
      source === 'spec'
        ? specArgs({ ...where, target: target.target })
        : execArgs({ ...where, ...kubectlNames(target) });
    const kubenv = {};
    for (const subject of subjects) {
      const args = [
        subject.probe('fetch.mjs'),
        target.target,
        target.namespace,
        cluster.kubeconfig,
        context.emptyDir,
        source ?? '',
      ];
      kubenv[subject.label] = await countRequests(cluster, () =>
        timeProcess(context.node, args, { env, cwd: context.emptyDir }),
      );
    }
    await kubectl.warm.run(kubectlArgs); // fills the shared cache for this server, as a developer's would be
    const kubectlWarm = await countRequests(cluster, () => kubectl.warm.run(kubectlArgs));
    const kubectlCold = await countRequests(cluster, () => kubectl.cold.run(kubectlArgs));
    rows.push({ label: item.label, kubenv, kubectlWarm, kubectlCold });
  }
  return rows;
}
