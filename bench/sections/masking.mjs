// Throughput of `kubenv run` output with secret masking (the default when stdout is not a
// terminal) against `--no-masking` (the child writes to the pipe itself), alternating. The child
// writes 128 MiB of 80-byte log lines, a secret value (DATABASE_URL of deployment/checkout) in one
// line of every thousand; MB/s is counted from the first byte the bench reads to the last, so the
// fetch before the child starts is not in it.
import { spawn } from 'node:child_process';
import { alternate, median } from '../lib/measure.mjs';
import { binOf, TARGETS, withNodeOnPath } from './targets.mjs';

const MIB = 1024 * 1024;
const TOTAL_MIB = 128;

// The child: 1 MiB blocks of log lines, the secret in every 1000th line, with backpressure.
const WRITER = `const secret = process.env.DATABASE_URL; const lines = [];
for (let i = 0; i * 80 < ${MIB}; i++) lines.push((i % 1000 === 0 ? 'db ' + secret : 'info request served in 12 ms').padEnd(79, '.') + '\\n');
const block = Buffer.from(lines.join('')).subarray(0, ${MIB}); let left = ${TOTAL_MIB};
const next = () => { while (left > 0) { left--; if (!process.stdout.write(block)) return process.stdout.once('drain', next); } }; next();`;

/** Runs `kubenv run` and returns MB/s of its stdout (first byte to end). */
function throughput(context, extraArgs) {
  const target = TARGETS.deployment;
  const args = ['run', '-q', '-t', target.target, '-n', target.namespace, ...extraArgs];
  return new Promise((resolve, reject) => {
    const child = spawn(binOf(context.subjects[0]), [...args, '--', context.node, '-e', WRITER], {
      env: withNodeOnPath({ ...context.env, KUBECONFIG: context.cluster.kubeconfig }, context.node),
      cwd: context.emptyDir,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let first = 0;
    let bytes = 0;
    child.stdout.on('data', (chunk) => {
      if (bytes === 0) first = performance.now();
      bytes += chunk.length;
    });
    child.once('error', reject);
    child.once('close', (code) => {
      if (code !== 0 || bytes === 0) return reject(new Error(`kubenv run ${extraArgs.join(' ')} failed (${code})`));
      resolve(bytes / 1e6 / ((performance.now() - first) / 1000));
    });
  });
}

export async function measureMasking(context) {
  context.progress(`kubenv run output throughput, masked vs --no-masking (${TOTAL_MIB} MiB per run)`);
  const samples = await alternate(Math.min(context.runs, 7), [
    { label: 'masked', run: () => throughput(context, []) },
    { label: 'unmasked', run: () => throughput(context, ['--no-masking']) },
  ]);
  return { totalMib: TOTAL_MIB, masked: median(samples.get('masked')), unmasked: median(samples.get('unmasked')) };
}
