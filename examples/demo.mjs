#!/usr/bin/env node
// `npm run demo`: what kubenv does, end to end, in a few seconds.
//
//   npm run demo                                  kubenv's simulated cluster, no setup needed
//   npm run demo -- -t deploy/api -n staging      a real cluster, from your kubeconfig
//
// Values that may be secret (from a Secret, or of unknown origin) are never printed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs, styleText } from 'node:util';
import { fetchRemoteEnv, isKubenvError, withRemoteEnv } from 'kubenv';

const usage = `Usage: npm run demo [-- -t <target> [-n <namespace>] [--context <name>] [--source auto|exec|spec]]

Without -t, the demo starts kubenv's simulated cluster (kubenv/testing) and reads deploy/checkout
in namespace shop. With -t, it reads that target from the cluster of your kubeconfig.`;

let args;
try {
  args = parseArgs({
    options: {
      target: { type: 'string', short: 't' },
      namespace: { type: 'string', short: 'n' },
      context: { type: 'string' },
      source: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  }).values;
} catch (error) {
  console.error(`${error.message}\n\n${usage}`);
  process.exit(2);
}
if (args.help) {
  console.log(usage);
  process.exit(0);
}
if (args.target === undefined && (args.namespace !== undefined || args.context !== undefined)) {
  console.error(`-n and --context choose where a target lives: give a target too (-t deploy/api).\n\n${usage}`);
  process.exit(2);
}

const bold = (text) => styleText('bold', text);
const dim = (text) => styleText('dim', text);
const heading = (text) => console.log(`\n${styleText(['bold', 'cyan'], `== ${text}`)}\n`);
const MAX_VALUE = 60;

try {
  if (args.target === undefined) await simulatedDemo();
  else await realDemo();
} catch (error) {
  if (!isKubenvError(error)) throw error;
  // kubenv errors name the target and the next step, never a value: safe to show as they are.
  console.error(`\n${styleText('red', 'kubenv error:')} ${error.summary}`);
  if (error.hint) console.error(`${dim('hint:')} ${error.hint}`);
  process.exit(1);
}

/** Against a real cluster: the kubeconfig (KUBECONFIG, ~/.kube/config), its context and namespace. */
async function realDemo() {
  const options = { target: args.target, namespace: args.namespace, context: args.context, source: args.source };
  const given = Object.entries(options).filter(([, value]) => value !== undefined);
  const flags = { target: '-t', namespace: '-n', context: '--context', source: '--source' };
  const label = given.map(([key, value]) => `${flags[key]} ${value}`).join(' ');
  console.log(bold('kubenv demo') + dim(`  (the cluster of your kubeconfig: ${label})`));
  heading(`fetchRemoteEnv({ ${given.map(([key, value]) => `${key}: '${value}'`).join(', ')} })`);
  const started = performance.now();
  const remote = await fetchRemoteEnv(options);
  report(remote, { ms: performance.now() - started });
  console.log(
    `\nThe same from the shell: ${bold(`npx kubenv print ${label}`)} ${dim('(in this repository: node dist/cli.cjs)')}`,
  );
}

/** Against the simulated cluster, loaded with the demo fixtures. */
async function simulatedDemo() {
  const { demoFixtures, startSimulatedCluster } = await import('kubenv/testing');
  console.log(bold('kubenv demo') + dim('  (simulated cluster)'));
  console.log(
    `\nNo target given, so this runs against kubenv's simulated Kubernetes API server (kubenv/testing),\n` +
      `loaded with demo workloads. Against your own cluster: ${bold('npm run demo -- -t deploy/api -n staging')}`,
  );
  const started = performance.now();
  const cluster = await startSimulatedCluster({ fixtures: demoFixtures() });
  console.log(dim(`Simulated API server at ${cluster.url}, started in ${Math.round(performance.now() - started)} ms`));
  // Isolated from the developer's setup: no config file is found from an empty directory, and
  // MIRRORD_* variables of this shell do not apply (env: {}).
  const project = mkdtempSync(path.join(tmpdir(), 'kubenv-demo-'));
  const isolated = { kubeconfig: cluster.kubeconfigPath, cwd: project, env: {}, source: args.source };
  try {
    heading(`fetchRemoteEnv({ target: 'deploy/checkout', namespace: 'shop' })`);
    console.log(
      dim(
        'deployment/checkout is mid-rollout: two pods of the old revision, one Ready and one starting pod of the new.',
      ),
    );
    await measured(cluster, () => fetchRemoteEnv({ ...isolated, target: 'deploy/checkout', namespace: 'shop' }));

    heading(`The auto fallback: pod/catalog-api in namespace distroless`);
    console.log(dim('Its image is distroless: no cat, no shell, so exec cannot read the environment.'));
    await measured(cluster, () => fetchRemoteEnv({ ...isolated, target: 'pod/catalog-api', namespace: 'distroless' }));

    heading(`withRemoteEnv: borrow the env for one function, then restore process.env`);
    // No `env` option here: withRemoteEnv merges onto (and restores) the real process.env.
    const { env: _local, ...scoped } = isolated;
    const options = { ...scoped, target: 'deploy/checkout', namespace: 'shop', include: 'DATABASE_URL' };
    const before = process.env.DATABASE_URL;
    await withRemoteEnv(() => {
      const url = new URL(process.env.DATABASE_URL);
      console.log(`  inside:  DATABASE_URL is set (a ${url.protocol.slice(0, -1)} URL for host ${url.hostname})`);
    }, options);
    const after = process.env.DATABASE_URL === before ? 'as before' : 'CHANGED (a bug)';
    console.log(`  after:   DATABASE_URL is ${process.env.DATABASE_URL === undefined ? 'unset' : 'set'}, ${after}`);

    const next = [
      ['npm run cluster', 'keep a simulated cluster running for kubectl and kubenv (it prints its KUBECONFIG)'],
      ['node dist/cli.cjs print -t deploy/checkout -n shop', 'the same from the shell (`npx kubenv` once installed)'],
      ['npm run demo -- -t deploy/api -n staging', 'this demo against the cluster of your kubeconfig'],
    ];
    console.log(`\n${bold('Next')}`);
    for (const [command, what] of next) console.log(`  ${command.padEnd(50)} ${dim(what)}`);
  } finally {
    await cluster.stop();
    rmSync(project, { recursive: true, force: true });
  }
}

async function measured(cluster, fetch) {
  const requests = cluster.requests.length;
  const started = performance.now();
  const remote = await fetch();
  report(remote, { ms: performance.now() - started, requests: cluster.requests.length - requests });
}

/** What a user wants to know about a fetch: which pod and container and why, which source, the variables. */
function report(remote, cost) {
  const target = remote.target;
  if (target === undefined) {
    console.log(`  ${remote.sourceReason}`);
    return;
  }
  const row = (name, value) => console.log(`  ${bold(name.padEnd(10))} ${value}`);
  row('Target', `${target.target} in namespace ${target.namespace}`);
  if (target.pod === undefined) row('Pod', 'none running: the pod template of the current revision was read');
  else {
    const why = [
      target.revision,
      target.podState,
      target.workload && target.candidates > 1 ? `chosen among ${target.candidates} pods of that revision` : undefined,
    ].filter(Boolean);
    row('Pod', `${target.pod}${why.length > 0 ? dim(`  (${why.join('; ')})`) : ''}`);
  }
  row('Container', `${target.container}${dim(`  (${target.containerChoice})`)}`);
  row('Source', remote.sourceReason);
  row('Took', `${Math.round(cost.ms)} ms${cost.requests === undefined ? '' : `, ${cost.requests} API requests`}`);

  const masked = new Set(remote.secretNames);
  for (const name of remote.names) {
    const origin = remote.origins[name];
    if (origin === 'secret' || origin === 'unknown') masked.add(name);
  }
  console.log(
    `\n  ${bold(`${remote.names.length} variables`)} ${dim(`(${masked.size} masked: from a Secret, or of unknown origin)`)}`,
  );
  // Service-link variables (`<SERVICE>_SERVICE_HOST`, `<SERVICE>_PORT_...`) are many and alike: one line per service.
  const listed = remote.names.filter((name) => remote.origins[name] !== 'service-link');
  const links = remote.names.filter((name) => remote.origins[name] === 'service-link');
  const width = Math.min(32, Math.max(0, ...listed.map((name) => name.length)));
  for (const name of listed) {
    const origin = remote.origins[name] ?? 'unknown';
    const value = masked.has(name) ? styleText('yellow', '•••••••• (masked)') : shown(remote.remote[name] ?? '');
    console.log(`    ${name.padEnd(width)}  ${dim(origin.padEnd(12))}  ${value}`);
  }
  const services = new Map();
  for (const name of links) {
    const service = name.replace(/_(SERVICE_HOST|SERVICE_PORT|PORT)(_.*)?$/, '');
    services.set(service, (services.get(service) ?? 0) + 1);
  }
  for (const [service, count] of services) {
    const host = remote.remote[`${service}_SERVICE_HOST`];
    const about = host === undefined ? '' : `${service}_SERVICE_HOST=${host}, `;
    console.log(
      `    ${`${service}_*`.padEnd(width)}  ${dim('service-link'.padEnd(12))}  ${dim(`${about}${count} variables`)}`,
    );
  }
  const dropped = remote.dropped.defaultExcludes;
  if (dropped.length > 0)
    console.log(dim(`\n  Left out by the default excludes (as mirrord does): ${dropped.join(', ')}`));
  if (remote.warnings.length === 0) console.log(dim('  Warnings: none'));
  else {
    console.log(`\n  ${styleText('yellow', 'Warnings:')}`);
    for (const warning of remote.warnings) console.log(`    ! ${warning}`);
  }
}

/** A non-secret value on one line: control characters escaped, long values shortened. */
function shown(value) {
  const oneLine = /[\u0000-\u001f\u007f]/.test(value) ? JSON.stringify(value) : value;
  return oneLine.length > MAX_VALUE ? `${oneLine.slice(0, MAX_VALUE - 1)}…` : oneLine;
}
