/**
 * withRemoteEnv / applyRemoteEnv against the simulated cluster: what process.env looks like
 * inside, after, and when things go wrong (fn throws, the fetch fails half-way, abort).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyRemoteEnv, type FetchRemoteEnvOptions, isKubenvError, withRemoteEnv } from '../../src/index';
import { deploymentMidRollout } from '../../src/testing/index';
import { EMPTY_PROJECT, useCluster } from '../support/cluster';

const cluster = useCluster(() => [deploymentMidRollout()]);
const DATABASE_URL = 'postgres://checkout:s3cr3t@postgres.shop.svc:5432/checkout';

/** Aimed at the cluster through options only: withRemoteEnv merges onto the real process.env. */
const checkout = (extra: Omit<FetchRemoteEnvOptions, 'env'> = {}) => ({
  cwd: EMPTY_PROJECT,
  kubeconfig: cluster().kubeconfigPath,
  target: 'deploy/checkout',
  namespace: 'shop',
  ...extra,
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let before: Record<string, string | undefined>;

beforeEach(() => {
  // A local value the remote one must win over, and put back afterwards.
  process.env['LOG_LEVEL'] = 'local-debug';
  before = { ...process.env };
});
afterEach(() => {
  cluster().faults.clear();
  delete process.env['LOG_LEVEL'];
});

describe('withRemoteEnv', () => {
  it('applies the remote env inside fn, returns its result, and restores process.env exactly', async () => {
    const result = await withRemoteEnv((remote) => {
      expect(process.env['DATABASE_URL']).toBe(DATABASE_URL);
      expect(process.env['LOG_LEVEL']).toBe('info');
      expect(process.env['APP_VERSION']).toBe('1.5.0');
      return remote.target?.pod;
    }, checkout());
    expect(result).toBe('checkout-5c9d8f6b7d-p4t7r');
    expect({ ...process.env }).toEqual(before);
  });

  it('restores process.env exactly when fn throws, and rethrows the same error', async () => {
    const failure = new Error('migration failed');
    const call = withRemoteEnv(() => {
      expect(process.env['DATABASE_URL']).toBe(DATABASE_URL);
      throw failure;
    }, checkout());
    await expect(call).rejects.toBe(failure);
    expect({ ...process.env }).toEqual(before);
  });

  it.each([
    {
      how: 'reading a Secret is forbidden after the pod was resolved (spec source)',
      options: { source: 'spec' as const },
      fault: () => cluster().faults.deny({ verb: 'get', resource: 'secrets', namespace: 'shop' }),
      code: 'FORBIDDEN' as const,
    },
    {
      how: 'the exec stream is cut mid-way (exec source)',
      options: { source: 'exec' as const },
      fault: () => cluster().faults.cutExec({ afterBytes: 64 }),
      code: 'EXEC_UNAVAILABLE' as const,
    },
  ])('applies nothing and never calls fn when the fetch fails half-way: $how', async ({ options, fault, code }) => {
    fault();
    cluster().requests.clear();
    let called = false;
    const error = await withRemoteEnv(() => {
      called = true;
    }, checkout(options)).catch((caught: unknown) => caught);
    expect(isKubenvError(error, code)).toBe(true);
    // Half-way: the target was resolved (pods were read) before the failing step.
    expect(cluster().requests.count({ resource: 'pods', verb: 'list' })).toBeGreaterThan(0);
    expect(called).toBe(false);
    expect({ ...process.env }).toEqual(before);
  });

  it('applies nothing when aborted during the fetch, and rejects promptly with the reason', async () => {
    cluster().faults.hang({ match: { resource: 'pods' } });
    const controller = new AbortController();
    const reason = new Error('user pressed Ctrl-C');
    setTimeout(() => controller.abort(reason), 50);
    let called = false;
    const started = performance.now();
    const error = await withRemoteEnv(
      () => {
        called = true;
      },
      checkout({ signal: controller.signal }),
    ).catch((caught: unknown) => caught);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(error).toBe(reason);
    expect(called).toBe(false);
    expect({ ...process.env }).toEqual(before);
  });

  it('gives up a call still waiting for its turn when aborted, without breaking the queue', async () => {
    let firstStarted!: () => void;
    const started = new Promise<void>((resolve) => {
      firstStarted = resolve;
    });
    let releaseFirst!: () => void;
    const holding = new Promise<void>((resolve) => {
      releaseFirst = resolve;
    });
    const order: string[] = [];
    const targetless = { target: 'targetless', cwd: EMPTY_PROJECT };
    const first = withRemoteEnv(
      async () => {
        order.push('first');
        firstStarted();
        await holding;
      },
      { ...targetless, override: { KUBENV_CALL: 'first' } },
    );
    const controller = new AbortController();
    const queued = withRemoteEnv(() => order.push('aborted one ran'), { ...targetless, signal: controller.signal });
    const third = withRemoteEnv(
      () => {
        order.push(`third saw ${process.env['KUBENV_CALL']}`);
      },
      { ...targetless, override: { KUBENV_CALL: 'third' } },
    );
    await started;
    const reason = new Error('gave up');
    controller.abort(reason);
    await expect(queued).rejects.toBe(reason);
    // The first call still holds process.env: the third must wait for it, not slip in.
    await sleep(20);
    expect(order).toEqual(['first']);
    releaseFirst();
    await Promise.all([first, third]);
    expect(order).toEqual(['first', 'third saw third']);
    expect({ ...process.env }).toEqual(before);
  });

  it('keeps what other code writes to process.env while the fetch is in flight', async () => {
    // The pods request waits 300 ms on the server: write as soon as it has arrived.
    cluster().faults.latency(300, { resource: 'pods' });
    cluster().requests.clear();
    const writer = setInterval(() => {
      if (cluster().requests.count({ resource: 'pods' }) > 0) {
        process.env['WRITTEN_DURING_FETCH'] = 'kept';
        clearInterval(writer);
      }
    }, 5);
    try {
      await withRemoteEnv(() => {
        expect(process.env['WRITTEN_DURING_FETCH']).toBe('kept');
        expect(process.env['DATABASE_URL']).toBe(DATABASE_URL);
      }, checkout());
      expect(process.env['WRITTEN_DURING_FETCH']).toBe('kept');
      expect(process.env['DATABASE_URL']).toBeUndefined();
    } finally {
      clearInterval(writer);
      delete process.env['WRITTEN_DURING_FETCH'];
    }
  });
});

describe('applyRemoteEnv', () => {
  it('applies until restore(), which puts back exactly what it changed, once', async () => {
    const applied = await applyRemoteEnv(checkout({ include: ['DATABASE_URL', 'LOG_LEVEL'] }));
    expect(process.env['DATABASE_URL']).toBe(DATABASE_URL);
    expect(process.env['LOG_LEVEL']).toBe('info');
    expect(process.env['APP_VERSION']).toBeUndefined();
    applied.restore();
    expect({ ...process.env }).toEqual(before);
    // A second restore() is a no-op: it does not undo what was written since.
    process.env['LOG_LEVEL'] = 'changed-after-restore';
    applied.restore();
    expect(process.env['LOG_LEVEL']).toBe('changed-after-restore');
  });

  it('changes nothing when the fetch fails', async () => {
    const error = await applyRemoteEnv(checkout({ target: 'deploy/nope' })).catch((caught: unknown) => caught);
    expect(isKubenvError(error, 'NOT_FOUND')).toBe(true);
    expect({ ...process.env }).toEqual(before);
  });
});
