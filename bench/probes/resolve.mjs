// Resolves a target twice in a fresh process: the first call pays for loading and connecting,
// the second is the steady state. Prints timings and the peak RSS of this process as JSON.
import { resolveTarget } from '../dist/index.js';

const [target, namespace, kubeconfig, cwd] = process.argv.slice(2);
const options = { target, namespace, kubeconfig, cwd };
const started = performance.now();
const first = await resolveTarget(options);
const firstDone = performance.now();
await resolveTarget(options);
const secondDone = performance.now();
process.stdout.write(
  `${JSON.stringify({
    firstMs: firstDone - started,
    secondMs: secondDone - firstDone,
    maxRssKb: process.resourceUsage().maxRSS,
    pod: first.pod,
    candidates: first.candidates,
  })}\n`,
);
