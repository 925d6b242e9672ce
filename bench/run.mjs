// `npm run bench`: kubenv against kubectl on the same simulated cluster. See README ("Performance").
//
//   node bench/run.mjs [--runs N] [--compare <label>=<dist dir>]... [--no-readme] [--only <section>,...]
//
// --only runs some sections (cold, cold-latency, in-process, vitest, instructions) and prints their medians as
// JSON, for a quick look while working; the README is then left alone.
// --compare measures other builds (e.g. a copy of dist/ from before a change) side by side with
// ./dist, in the same run and the same alternation; the README is then left alone.
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startClusterProcess } from './lib/cluster.mjs';
import { evaluateGoals } from './lib/goals.mjs';
import { directKubectl, KUBECTL, kubectlRunner } from './lib/kubectl.mjs';
import { startLatencyProxy } from './lib/latency-proxy.mjs';
import { machineLine, renderReport, writeReadmeSection } from './lib/report.mjs';
import { snapshotPackage } from './lib/snapshot.mjs';
import { measureColdProcess } from './sections/cold.mjs';
import { measureCredentials } from './sections/credentials.mjs';
import { measureFootprint } from './sections/footprint.mjs';
import { measureImportCost } from './sections/import-cost.mjs';
import { measureInProcess } from './sections/in-process.mjs';
import { measureInstructions } from './sections/instructions.mjs';
import { measureMasking } from './sections/masking.mjs';
import { measureRealCluster } from './sections/real-cluster.mjs';
import { measureRoundTrips } from './sections/round-trips.mjs';
import { measureScale } from './sections/scale.mjs';
import { TARGETS } from './sections/targets.mjs';
import { measureVitestSetup } from './sections/vitest-setup.mjs';

const repoDir = path.join(import.meta.dirname, '..');
const { values: flags } = parseArgs({
  options: {
    runs: { type: 'string', default: '15' },
    compare: { type: 'string', multiple: true, default: [] },
    'no-readme': { type: 'boolean', default: false },
    only: { type: 'string' },
  },
});
const loadAverage = loadavg();
const runs = Number(flags.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, got ${flags.runs}`);

try {
  accessSync(KUBECTL, constants.X_OK);
} catch {
  throw new Error(`kubectl is not at ${KUBECTL}: install it, or point KUBENV_BENCH_KUBECTL at it.`);
}

const work = mkdtempSync(path.join(tmpdir(), 'kubenv-bench-'));
const emptyDir = mkdtempSync(path.join(work, 'empty-'));
// What every measured process gets: no NODE_OPTIONS, no NODE_EXTRA_CA_CERTS (makes each Node
// process load a CA bundle), no MIRRORD_* or KUBECONFIG from the caller's shell.
const env = { PATH: process.env.PATH ?? '', HOME: work, LANG: 'C.UTF-8' };
const progress = (message) => process.stderr.write(`bench: ${message}\n`);

const subjects = [snapshotPackage('kubenv', path.join(repoDir, 'dist'))];
for (const spec of flags.compare) {
  const [label, dir] = spec.includes('=')
    ? [spec.slice(0, spec.indexOf('=')), spec.slice(spec.indexOf('=') + 1)]
    : [spec, spec];
  subjects.push(snapshotPackage(label.replace(/[^\w.+-]/g, '_'), dir));
}
const testingPath = path.join(subjects[0].dist, 'testing.js');

const cleanups = [() => rmSync(work, { recursive: true, force: true }), ...subjects.map((s) => s.remove)];
try {
  progress('starting the simulated clusters');
  const [mainCluster, scaleCluster] = await Promise.all([
    startClusterProcess({ testingPath, scenario: 'main', kubeconfig: path.join(work, 'main.kubeconfig') }),
    startClusterProcess({ testingPath, scenario: 'scale', kubeconfig: path.join(work, 'scale.kubeconfig') }),
  ]);
  cleanups.unshift(() => Promise.all([mainCluster.stop(), scaleCluster.stop()]));

  // Which kubectl the dispatcher picks, from its user agent.
  const warm = kubectlRunner({ cache: 'warm', env, cwd: emptyDir, progress });
  await mainCluster.clearLog();
  await warm.run(['--kubeconfig', mainCluster.kubeconfig, 'get', 'pods', '-n', 'bench', '-o', 'name']);
  const agent = (await mainCluster.log()).find((entry) => entry.userAgent.startsWith('kubectl/'))?.userAgent ?? '';
  const kubectlVersion = /kubectl\/(v[\d.]+)/.exec(agent)?.[1] ?? 'unknown';
  const minor = /^v1\.(\d+)/.exec(kubectlVersion)?.[1];
  const directPath = minor ? directKubectl(minor) : undefined;
  const kubectl = {
    warm,
    cold: kubectlRunner({ cache: 'cold', env, cwd: emptyDir, progress }),
    direct: directPath ? kubectlRunner({ binary: directPath, cache: 'warm', env, cwd: emptyDir, progress }) : undefined,
  };
  cleanups.push(() => {
    for (const runner of [kubectl.warm, kubectl.cold, kubectl.direct]) runner?.dispose();
  });

  const context = {
    runs,
    subjects,
    env,
    work,
    emptyDir,
    repoDir,
    node: process.execPath,
    kubectl,
    progress,
    cluster: mainCluster,
    // The main cluster as the measured processes reach it: directly, or through a relay that
    // adds `ms` each way (lib/latency-proxy.mjs). Close it after use.
    link: async (ms) =>
      ms
        ? startLatencyProxy({
            kubeconfig: mainCluster.kubeconfig,
            kubeconfigPath: path.join(work, `main-${ms}ms.kubeconfig`),
            delayMs: ms,
          })
        : { kubeconfig: mainCluster.kubeconfig, close: async () => {} },
  };
  const coldTargets = [TARGETS.pod, TARGETS.deployment, TARGETS.statefulset];
  if (flags.only) {
    const quick = {
      cold: () => measureColdProcess(context, { targets: coldTargets }),
      'cold-latency': () => measureColdProcess(context, { targets: coldTargets, latencyMs: 25 }),
      'in-process': () => measureInProcess(context, { targets: coldTargets }),
      vitest: () => measureVitestSetup(context),
      instructions: () => measureInstructions(context),
    };
    const picked = {};
    for (const name of flags.only.split(',')) {
      if (!quick[name]) throw new Error(`--only: no section "${name}" (${Object.keys(quick).join(', ')})`);
      picked[name] = await quick[name]();
    }
    const rows = (value) =>
      Array.isArray(value) ? value.map((row) => ({ ...row, target: row.target.target })) : value;
    process.stdout.write(`${machineLine({ kubectlVersion, runs, loadAverage })}\n`);
    for (const [name, value] of Object.entries(picked))
      process.stdout.write(`${name}: ${JSON.stringify(rows(value), null, 1)}\n`);
    for (const cleanup of cleanups.splice(0)) await cleanup();
    process.exit(0);
  }
  const results = {};
  const cold = await measureColdProcess(context, { targets: coldTargets });
  const coldSlow = await measureColdProcess(context, { targets: coldTargets, latencyMs: 25 });
  results.cold = [...cold, ...coldSlow.map((row) => ({ ...row, latencyMs: 25 }))];
  results.coldCompileCache = cold;
  results.credentials = await measureCredentials(context);
  results.footprint = await measureFootprint(context);
  const inProcess = await measureInProcess(context, { targets: coldTargets });
  const inProcessSlow = await measureInProcess(context, { targets: coldTargets, latencyMs: 25 });
  results.inProcess = [...inProcess, ...inProcessSlow.map((row) => ({ ...row, latencyMs: 25 }))];
  results.roundTrips = await measureRoundTrips(context, [
    { label: 'pod/x (exec)', cluster: mainCluster, target: TARGETS.pod },
    { label: 'deployment/checkout (exec)', cluster: mainCluster, target: TARGETS.deployment },
    { label: 'statefulset/redis (exec)', cluster: mainCluster, target: TARGETS.statefulset },
    { label: 'pod/x (spec)', cluster: mainCluster, target: TARGETS.pod, source: 'spec' },
    { label: 'deployment/checkout (spec)', cluster: mainCluster, target: TARGETS.deployment, source: 'spec' },
    {
      label: 'deployment/web, 1,000 of 10,000 pods (exec)',
      cluster: scaleCluster,
      target: { target: 'deployment/web', namespace: 'load', kubectl: 'deploy/web' },
    },
  ]);
  results.scale = await measureScale({ ...context, scaleCluster });
  results.importCost = await measureImportCost(context);
  results.vitestSetup = await measureVitestSetup(context);
  results.instructions = await measureInstructions(context);
  results.masking = await measureMasking(context);
  const realKubeconfig = process.env.KUBENV_REAL_KUBECONFIG;
  if (realKubeconfig) results.real = await measureRealCluster(context, { kubeconfig: realKubeconfig });
  else progress('real cluster: skipped (start one with `npm run cluster:real` and set KUBENV_REAL_KUBECONFIG)');

  const kubectlDirectName = directPath ? `kubectl ${kubectlVersion}` : 'kubectl';
  const machine = machineLine({ kubectlVersion: `${kubectlVersion} (via ${KUBECTL})`, runs, loadAverage });
  const markdown = renderReport(results, { subjects, machine, kubectlDirectName });
  process.stdout.write(`\n${markdown}\n\n${evaluateGoals(results, subjects[0].label)}\n`);
  for (const row of results.roundTrips) {
    for (const subject of subjects) {
      progress(`${row.label} [${subject.label}]: ${row.kubenv[subject.label].requests.join(' -> ')}`);
    }
    progress(`${row.label} [kubectl]: ${row.kubectlWarm.requests.join(' -> ')}`);
  }
  if (!flags['no-readme'] && subjects.length === 1) {
    writeReadmeSection(path.join(repoDir, 'README.md'), markdown);
    progress('README.md updated between the bench markers');
  }
} finally {
  for (const cleanup of cleanups) await cleanup();
}
