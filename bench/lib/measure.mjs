// Timing: spawn-to-exit wall time of a process, side-by-side alternation, medians.
import { spawn } from 'node:child_process';

/**
 * Runs a process to its end and measures wall time from spawn to exit (both streams closed).
 * Never synchronous: the bench's own event loop stays free.
 * @returns {Promise<{ ms: number, stdout: string, stderr: string }>}
 */
export function timeProcess(command, args, { env, cwd } = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout = [];
    const stderr = [];
    child.stdout.on('data', (chunk) => stdout.push(chunk));
    child.stderr.on('data', (chunk) => stderr.push(chunk));
    child.once('error', reject);
    child.once('close', (code, signal) => {
      const ms = performance.now() - started;
      const out = Buffer.concat(stdout).toString('utf8');
      const err = Buffer.concat(stderr).toString('utf8');
      if (code !== 0) {
        const tail = err.trim().split('\n').slice(-3).join(' | ');
        return reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? code}): ${tail}`));
      }
      resolve({ ms, stdout: out, stderr: err });
    });
  });
}

/**
 * Measures several variants side by side: each round runs every variant once, the starting
 * variant rotating from round to round so that none always runs first (or right after another).
 * @param {number} runs rounds
 * @param {Array<{ label: string, run: () => Promise<number> }>} variants each resolves to ms
 * @param {{ warmup?: number }} options warm-up rounds, not recorded
 * @returns {Promise<Map<string, number[]>>} samples per label
 */
export async function alternate(runs, variants, { warmup = 1 } = {}) {
  const samples = new Map(variants.map((variant) => [variant.label, []]));
  for (let round = -warmup; round < runs; round++) {
    const offset = ((round % variants.length) + variants.length) % variants.length;
    for (let index = 0; index < variants.length; index++) {
      const variant = variants[(index + offset) % variants.length];
      const ms = await variant.run();
      if (round >= 0) samples.get(variant.label).push(ms);
    }
  }
  return samples;
}

/** The q-quantile (0..1) of samples, interpolated. */
export function quantile(samples, q) {
  const sorted = [...samples].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}

/** The median of samples. */
export function median(samples) {
  return quantile(samples, 0.5);
}
