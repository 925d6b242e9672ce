import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { withRemoteEnv } from '../../src/apply/apply';
import { isKubenvError } from '../../src/errors';

// Targetless fetches read no cluster: `override` plays the remote env and `unset` removes names,
// through the real config layering, pipeline and process.env application.
const KEYS = ['KP_A', 'KP_B', 'KP_C', 'KP_D'];

type Call = {
  readonly remote: Record<string, string>;
  readonly unset: string[];
  readonly delayMs: number;
  readonly throws: boolean;
  /** The fetch fails (include and exclude both set): nothing may be applied. */
  readonly failsToFetch: boolean;
  readonly nested: Call[];
};

const valueArb = fc.constantFrom('', 'x', 'remote', 'with space', 'multi\nline', 'ünï');
const callArb: fc.Memo<Call> = fc.memo((depth) =>
  fc.record({
    remote: fc.dictionary(fc.constantFrom(...KEYS), valueArb, { maxKeys: 3 }),
    unset: fc.subarray(KEYS, { maxLength: 2 }),
    delayMs: fc.integer({ min: 0, max: 3 }),
    throws: fc.boolean(),
    failsToFetch: fc.boolean().map((b) => b && Math.random() < 0.3),
    nested: depth > 1 ? fc.array(callArb(depth - 1), { maxLength: 2 }) : fc.constant([]),
  }),
);

function snapshot(): Record<string, string | undefined> {
  return Object.fromEntries(KEYS.map((key) => [key, process.env[key]]));
}

function expected(outer: Record<string, string | undefined>, call: Call): Record<string, string | undefined> {
  const next = { ...outer, ...call.remote };
  for (const key of call.unset) next[key] = undefined;
  return next;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs one call; `outer` is the env it must find when it takes the lock (its parent's, or the initial one). */
async function run(call: Call, outer: Record<string, string | undefined>, problems: string[]): Promise<void> {
  const options = call.failsToFetch
    ? { target: 'targetless', include: 'A', exclude: 'B' }
    : { target: 'targetless', override: call.remote, unset: call.unset };
  await withRemoteEnv(async () => {
    const want = expected(outer, call);
    const seen = snapshot();
    if (JSON.stringify(seen) !== JSON.stringify(want))
      problems.push(`saw ${JSON.stringify(seen)}, wanted ${JSON.stringify(want)}`);
    await sleep(call.delayMs);
    await Promise.all(call.nested.map((nested) => run(nested, want, problems)));
    if (JSON.stringify(snapshot()) !== JSON.stringify(want))
      problems.push('nested calls did not restore the outer state');
    if (call.throws) throw new Error('fn failed');
  }, options as never).catch((error: unknown) => {
    if (call.failsToFetch) {
      if (!isKubenvError(error, 'CONFIG')) problems.push(`unexpected fetch error ${String(error)}`);
    } else if (!(error instanceof Error && error.message === 'fn failed')) {
      problems.push(`unexpected error ${String(error)}`);
    }
  });
}

describe('withRemoteEnv restores process.env exactly under overlap, nesting and failures', () => {
  const before = { ...process.env };
  afterEach(() => {
    for (const key of KEYS) delete process.env[key];
  });

  it('fast-check: process.env ends as it began, and every fn saw its env', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.constantFrom(...KEYS), valueArb),
        fc.array(callArb(3), { minLength: 1, maxLength: 4 }),
        async (initial, calls) => {
          for (const key of KEYS) delete process.env[key];
          Object.assign(process.env, initial);
          const start = { ...process.env };
          const problems: string[] = [];
          const initialKeys = snapshot();
          await Promise.all(calls.map((call) => run(call, initialKeys, problems)));
          expect(problems).toEqual([]);
          expect({ ...process.env }).toEqual(start);
        },
      ),
      { numRuns: 60 },
    );
    for (const key of KEYS) delete process.env[key];
    expect({ ...process.env }).toEqual(before);
  });
});
