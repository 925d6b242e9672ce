/**
 * Retrying a request to the API server (src/kube/retry.ts), on fake timers: which failures are
 * tried again, how many attempts in all, the doubling backoff with its jitter, Retry-After (and
 * its cap), an abort during the wait, and no listener left on the caller's signal.
 */
import { getEventListeners } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Authenticator, RequestAuth } from '../../src/kube/auth';
import { DEFAULT_RETRY, type RetryPolicy, withRetry } from '../../src/kube/retry';
import { networkError, statusError } from '../../src/kube/transport-errors';

const AUTH: RequestAuth = { headers: { authorization: 'Bearer t' } };
const noRefresh: Authenticator = { authFor: async () => AUTH, refresh: () => false };

const status = (code: number, retryAfter?: string) =>
  statusError(code, Buffer.from(JSON.stringify({ kind: 'Status', code })), retryAfter);
const socketError = (code: string) => networkError(Object.assign(new Error(`connect ${code}`), { code }));

/** A request that fails with `failures` in turn, then answers 'ok'; `calls` counts its attempts. */
function scripted(failures: readonly unknown[]) {
  const state = { calls: 0 };
  const once = async () => {
    const failure = failures[state.calls++];
    if (failure !== undefined) throw failure;
    return 'ok';
  };
  return { state, once };
}

/** Starts withRetry; `settled` holds its outcome once it has one. */
function start(
  failures: readonly unknown[],
  options: { policy?: RetryPolicy; signal?: AbortSignal; authenticator?: Authenticator } = {},
) {
  const { state, once } = scripted(failures);
  const outcome: { settled?: { value?: unknown; error?: unknown } } = {};
  const promise = withRetry(
    options.authenticator ?? noRefresh,
    options.policy ?? DEFAULT_RETRY,
    options.signal ?? new AbortController().signal,
    once,
  ).then(
    (value) => {
      outcome.settled = { value };
    },
    (error: unknown) => {
      outcome.settled = { error };
    },
  );
  return { state, outcome, promise };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('which failures are tried again', () => {
  for (const code of [429, 500, 502, 503, 504]) {
    it(`HTTP ${code} is retried`, async () => {
      const run = start([status(code)]);
      await vi.runAllTimersAsync();
      expect(run.outcome.settled).toEqual({ value: 'ok' });
      expect(run.state.calls).toBe(2);
    });
  }

  for (const code of [400, 401, 403, 404, 409, 501, 505]) {
    it(`HTTP ${code} is not retried`, async () => {
      const failure = status(code);
      const run = start([failure]);
      await vi.runAllTimersAsync();
      expect(run.outcome.settled).toEqual({ error: failure });
      expect(run.state.calls).toBe(1);
    });
  }

  it('a connection reset (also a broken pipe) is retried: the GET is safe to repeat', async () => {
    const run = start([socketError('ECONNRESET'), socketError('EPIPE')]);
    await vi.runAllTimersAsync();
    expect(run.outcome.settled).toEqual({ value: 'ok' });
    expect(run.state.calls).toBe(3);
  });

  for (const code of ['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'CERT_HAS_EXPIRED']) {
    it(`${code} is not retried: a second try would meet the same`, async () => {
      const failure = socketError(code);
      const run = start([failure]);
      await vi.runAllTimersAsync();
      expect(run.outcome.settled).toEqual({ error: failure });
      expect(run.state.calls).toBe(1);
    });
  }

  it('an error that is not the transport’s is not retried', async () => {
    const failure = new TypeError('a bug');
    const run = start([failure]);
    await vi.runAllTimersAsync();
    expect(run.outcome.settled).toEqual({ error: failure });
    expect(run.state.calls).toBe(1);
  });

  it('gives up after the policy’s attempts in all, with the last failure', async () => {
    const last = status(503);
    const run = start([status(500), status(502), status(504), last, status(500)]);
    await vi.runAllTimersAsync();
    expect(run.outcome.settled).toEqual({ error: last });
    expect(run.state.calls).toBe(DEFAULT_RETRY.attempts);

    const once = start([status(500)], { policy: { ...DEFAULT_RETRY, attempts: 1 } });
    await vi.runAllTimersAsync();
    expect(once.state.calls).toBe(1);
  });
});

describe('the wait between attempts', () => {
  /** Advances the fake clock to `ms` after the start; returns the attempts made by then. */
  async function callsAt(run: ReturnType<typeof start>, ms: number, now: { ms: number }): Promise<number> {
    await vi.advanceTimersByTimeAsync(ms - now.ms);
    now.ms = ms;
    return run.state.calls;
  }

  it('doubles from 100 ms, each wait between half and all of its step (jitter)', async () => {
    const run = start([status(503), status(503), status(503)]);
    const now = { ms: 0 };
    expect(await callsAt(run, 0, now)).toBe(1);
    expect(await callsAt(run, 49, now)).toBe(1);
    expect(await callsAt(run, 100, now)).toBe(2);
    // The second wait is 100..200 ms after the second attempt (made at 50..100 ms).
    expect(await callsAt(run, 149, now)).toBe(2);
    expect(await callsAt(run, 300, now)).toBe(3);
    // The third, 200..400 ms after the third (made at 150..300 ms).
    expect(await callsAt(run, 349, now)).toBe(3);
    expect(await callsAt(run, 700, now)).toBe(4);
    await run.promise;
    expect(run.outcome.settled).toEqual({ value: 'ok' });
  });

  it('the jitter spans the step: at its top a wait is the full step', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.999);
    const run = start([status(503)]);
    const now = { ms: 0 };
    expect(await callsAt(run, 98, now)).toBe(1);
    expect(await callsAt(run, 100, now)).toBe(2);
  });

  it('a wait is never longer than maxDelayMs', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.999);
    const policy = { attempts: 5, baseDelayMs: 100, maxDelayMs: 150 };
    const run = start([status(503), status(503), status(503)], { policy });
    const now = { ms: 0 };
    expect(await callsAt(run, 100, now)).toBe(2);
    expect(await callsAt(run, 250, now)).toBe(3);
    expect(await callsAt(run, 400, now)).toBe(4);
  });

  it('a Retry-After in seconds is waited out instead of the backoff', async () => {
    const run = start([status(429, '3')]);
    const now = { ms: 0 };
    expect(await callsAt(run, 2_999, now)).toBe(1);
    expect(await callsAt(run, 3_000, now)).toBe(2);
  });

  it('Retry-After: 0 retries at once', async () => {
    const run = start([status(503, '0')]);
    await vi.advanceTimersByTimeAsync(0);
    expect(run.state.calls).toBe(2);
  });

  it('a Retry-After longer than 10 s is cut to 10 s', async () => {
    const run = start([status(429, '3600')]);
    const now = { ms: 0 };
    expect(await callsAt(run, 9_999, now)).toBe(1);
    expect(await callsAt(run, 10_000, now)).toBe(2);
  });

  for (const header of ['-1', 'Infinity', 'soon', 'Wed, 21 Oct 2015 07:28:00 GMT']) {
    it(`a Retry-After of ${JSON.stringify(header)} is ignored: the backoff applies`, async () => {
      const run = start([status(503, header)]);
      const now = { ms: 0 };
      expect(await callsAt(run, 49, now)).toBe(1);
      expect(await callsAt(run, 100, now)).toBe(2);
    });
  }

  it('a Retry-After on a status that is not retried changes nothing', async () => {
    const failure = status(403, '1');
    const run = start([failure]);
    await vi.runAllTimersAsync();
    expect(run.outcome.settled).toEqual({ error: failure });
    expect(run.state.calls).toBe(1);
  });
});

describe('an abort', () => {
  it('during a wait rejects at once with the signal’s reason, with no further attempt', async () => {
    const controller = new AbortController();
    const run = start([status(429, '8')], { signal: controller.signal });
    await vi.advanceTimersByTimeAsync(1_000);
    const reason = new Error('the user gave up');
    controller.abort(reason);
    await vi.advanceTimersByTimeAsync(0);
    expect(run.outcome.settled).toEqual({ error: reason });
    // Nothing of the wait is left: no timer to hold the process up, no listener on the signal.
    expect(vi.getTimerCount()).toBe(0);
    expect(getEventListeners(controller.signal, 'abort')).toEqual([]);
    expect(run.state.calls).toBe(1);
  });

  it('before a retry: the failure itself is thrown, no wait', async () => {
    const controller = new AbortController();
    const failure = status(503);
    const once = async () => {
      controller.abort(new Error('gone'));
      throw failure;
    };
    await expect(withRetry(noRefresh, DEFAULT_RETRY, controller.signal, once)).rejects.toBe(failure);
  });

  it('leaves no listener on the caller’s signal once the retries are over', async () => {
    const controller = new AbortController();
    const run = start([status(503), socketError('ECONNRESET')], { signal: controller.signal });
    await vi.runAllTimersAsync();
    expect(run.outcome.settled).toEqual({ value: 'ok' });
    expect(getEventListeners(controller.signal, 'abort')).toEqual([]);
  });
});

describe('a 401', () => {
  it('is tried once more with fresh credentials when the authenticator may have new ones', async () => {
    const used: RequestAuth[] = [];
    let token = 0;
    const authenticator: Authenticator = {
      authFor: async () => ({ headers: { authorization: `Bearer ${++token}` } }),
      refresh: (auth) => {
        used.push(auth);
        return true;
      },
    };
    const run = start([status(401), status(401)], { authenticator });
    await vi.runAllTimersAsync();
    expect(run.outcome.settled).toMatchObject({ error: { status: 401 } });
    expect(run.state.calls).toBe(2);
    expect(used).toEqual([{ headers: { authorization: 'Bearer 1' } }]);
  });

  it('is not tried again when the credentials cannot change', async () => {
    const failure = status(401);
    const run = start([failure]);
    await vi.runAllTimersAsync();
    expect(run.outcome.settled).toEqual({ error: failure });
    expect(run.state.calls).toBe(1);
  });
});
