// What `globalSetup: ['kubenv/vitest']` adds to a one-test `vitest run` configured through
// variables (MIRRORD_IMPERSONATED_TARGET, MIRRORD_TARGET_NAMESPACE, KUBECONFIG): the same project
// run with and without it, alternating. kubenv is installed in the project's node_modules as a
// real folder, as npm installs it (Vite treats a linked package outside node_modules as source
// and transforms it, which a user never sees); the other packages are links to the repo's.
import { cpSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { alternate, median, timeProcess } from '../lib/measure.mjs';
import { TARGETS } from './targets.mjs';

const VITEST_RUNS_FACTOR = 4;

/**
 * Medians of the plain run, of a run whose global setup is the Node floor (a minimal client doing
 * the same requests, probes/vitest-floor-setup.mjs), and of each build's run with kubenv's.
 */
export async function measureVitestSetup(context) {
  const { runs, subjects, env, repoDir } = context;
  context.progress('vitest global setup');
  const projects = subjects.map((subject) => ({ subject, dir: makeProject(context, subject) }));
  const vitest = path.join(repoDir, 'node_modules', 'vitest', 'vitest.mjs');
  const target = TARGETS.pod;
  const variables = {
    ...env,
    KUBECONFIG: context.cluster.kubeconfig,
    MIRRORD_IMPERSONATED_TARGET: `${target.target}/container/${target.container}`,
    MIRRORD_TARGET_NAMESPACE: target.namespace,
  };
  const vitestRun = (dir, config) => async () =>
    (await timeProcess(context.node, [vitest, 'run', '--config', config], { env: variables, cwd: dir })).ms;
  // A `vitest run` (its workers included) varies by tens of ms from run to run: medians of 15
  // put kubenv's addition anywhere from 19 to 34 ms within one hour on the same build
  // (2026-11-30). Four times the runs here.
  const samples = await alternate(runs * VITEST_RUNS_FACTOR, [
    { label: 'vitest', run: vitestRun(projects[0].dir, 'vitest.plain.config.mjs') },
    { label: 'node-floor', run: vitestRun(projects[0].dir, 'vitest.floor.config.mjs') },
    ...projects.map(({ subject, dir }) => ({ label: subject.label, run: vitestRun(dir, 'vitest.kubenv.config.mjs') })),
  ]);
  return {
    runs: runs * VITEST_RUNS_FACTOR,
    ...Object.fromEntries([...samples].map(([label, s]) => [label, median(s)])),
  };
}

function makeProject(context, subject) {
  const dir = path.join(context.work, `vitest-${subject.label}`);
  const modules = path.join(dir, 'node_modules');
  mkdirSync(path.join(dir, 'test'), { recursive: true });
  mkdirSync(modules);
  const repoModules = path.join(context.repoDir, 'node_modules');
  for (const name of readdirSync(repoModules)) {
    if (name !== 'kubenv' && !name.startsWith('.')) symlinkSync(path.join(repoModules, name), path.join(modules, name));
  }
  cpSync(path.join(subject.dir, 'package.json'), path.join(modules, 'kubenv', 'package.json'));
  cpSync(subject.dist, path.join(modules, 'kubenv', 'dist'), { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), '{ "name": "vitest-probe", "private": true, "type": "module" }\n');
  writeFileSync(
    path.join(dir, 'test', 'one.test.mjs'),
    "import { expect, test } from 'vitest';\ntest('one', () => expect(1).toBe(1));\n",
  );
  const config = (extra) => `export default { test: { include: ['test/*.test.mjs']${extra} } };\n`;
  writeFileSync(path.join(dir, 'vitest.plain.config.mjs'), config(''));
  writeFileSync(path.join(dir, 'vitest.kubenv.config.mjs'), config(", globalSetup: ['kubenv/vitest']"));
  const floorSetup = JSON.stringify(subject.probe('vitest-floor-setup.mjs'));
  writeFileSync(path.join(dir, 'vitest.floor.config.mjs'), config(`, globalSetup: [${floorSetup}]`));
  return dir;
}
