// Instructions executed (valgrind's callgrind), for figures that the machine's load cannot move:
// wall and CPU times on a shared 2-core VM vary by 10-20% between runs, the instruction count of
// the same run by about 2%. For a cold `kubenv print` and a cold library fetch against the Node
// floor and a bare `node -e 0`. Skipped when valgrind is not installed.
//
// Counted without V8's hash-seed setup (`HashSeed::InitializeRoots`): each process searches for
// random primes there, 6 to 15 M instructions that differ from run to run and from process to
// process by chance alone (callgrind of `node -e 0`, Node 24.21). Without it a count repeats
// within 0.3%.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { median } from '../lib/measure.mjs';
import { printArgs, TARGETS } from './targets.mjs';

const CALLGRIND = ['--tool=callgrind', '--smc-check=all-non-file'];
const HASH_SEED_SETUP = 'HashSeed::InitializeRoots';

/** The instructions of a callgrind output file, less the inclusive cost of V8's hash-seed setup. */
function countWithoutHashSeed(outputFile) {
  const annotated = spawnSync('callgrind_annotate', ['--inclusive=yes', '--threshold=100', outputFile], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (annotated.status !== 0) throw new Error(`callgrind_annotate failed: ${annotated.stderr.trim()}`);
  const figure = (line) => Number(line.trim().split(/\s/)[0].replaceAll(',', ''));
  const lines = annotated.stdout.split('\n');
  const total = lines.find((line) => line.includes('PROGRAM TOTALS'));
  if (total === undefined) throw new Error(`no total in ${outputFile}`);
  const seed = lines.find((line) => line.includes(HASH_SEED_SETUP));
  return figure(total) - (seed === undefined ? 0 : figure(seed));
}

/** Median instruction counts (millions) per target and variant; `undefined` without valgrind. */
export async function measureInstructions(context, { runs = 3 } = {}) {
  if (spawnSync('valgrind', ['--version']).status !== 0) {
    context.progress('instructions: skipped (no valgrind)');
    return undefined;
  }
  const { subjects, env, cluster } = context;
  // Asynchronous, as every measured process of the bench: its event loop stays free.
  const runNode = (args, wrap = []) =>
    new Promise((resolve, reject) => {
      const [command, ...rest] = [...wrap, context.node, ...args];
      const child = spawn(command, rest, { env, cwd: context.emptyDir, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (chunk) => {
        stderr += chunk;
      });
      child.once('error', reject);
      child.once('close', (code) =>
        code === 0
          ? resolve(stderr)
          : reject(new Error(`${rest.join(' ')} failed (${code}): ${stderr.trim().split('\n').slice(-3).join(' | ')}`)),
      );
    });
  const outputDir = mkdtempSync(path.join(context.work, 'callgrind-'));
  const outputFile = path.join(outputDir, 'callgrind.out');
  const count = async (args) => {
    await runNode(args, ['valgrind', ...CALLGRIND, `--callgrind-out-file=${outputFile}`]);
    return countWithoutHashSeed(outputFile) / 1e6;
  };
  const rows = [];
  for (const target of [TARGETS.pod, TARGETS.deployment]) {
    context.progress(`instructions: ${target.target}`);
    const [kind, name] = target.target.split('/');
    const variants = [
      { label: 'node -e 0', args: ['-e', '0'] },
      { label: 'node-floor', args: [subjects[0].probe('floor.mjs'), kind, name, target.namespace, cluster.kubeconfig] },
      ...subjects.flatMap((subject) => [
        {
          label: `${subject.label} print`,
          args: printArgs(subject, target, cluster.kubeconfig),
        },
        {
          label: `${subject.label} library`,
          args: [subject.probe('fetch.mjs'), target.target, target.namespace, cluster.kubeconfig, context.emptyDir],
        },
      ]),
    ];
    const samples = new Map(variants.map((variant) => [variant.label, []]));
    // One run first, not counted: it writes the CLI's code cache, as a user's first run does.
    for (const variant of variants) await runNode(variant.args);
    for (let round = 0; round < runs; round++) {
      for (const variant of variants) samples.get(variant.label).push(await count(variant.args));
    }
    rows.push({ target, millions: Object.fromEntries([...samples].map(([label, s]) => [label, median(s)])) });
  }
  rmSync(outputDir, { recursive: true, force: true });
  return rows;
}
