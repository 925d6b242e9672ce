/**
 * The deadline of one operation. Its signal aborts with a kubenv TimeoutError as the reason, so
 * "our timeout passed" can be told apart from a caller's own signal, even one made with
 * `AbortSignal.timeout()` (whose reason is also named `TimeoutError`): a caller's abort rejects
 * with the caller's reason, never with "timed out after 30000 ms".
 */
import { TimeoutError } from '../errors';

/**
 * Milliseconds on a monotonic clock, for measuring how much of a timeout is spent.
 * `performance.now()` would do the same but loads perf_hooks (about 1 ms of a cold start).
 */
export function monotonicMs(): number {
  return process.uptime() * 1000;
}

/** A running deadline; `dispose()` stops its timer. */
export interface Deadline {
  /** Aborts when the time is up (reason: a TimeoutError) or when the caller's signal aborts (its reason). */
  readonly signal: AbortSignal;
  dispose(): void;
}

/**
 * Starts a deadline of `timeoutMs` for `operation` (a phrase: "Fetching the remote environment"),
 * joined with the caller's `signal`.
 */
export function startDeadline(
  operation: string,
  timeoutMs: number,
  signal?: AbortSignal,
  options: { hint?: string; remainingMs?: number } = {},
): Deadline {
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new TimeoutError(operation, timeoutMs, { hint: options.hint })),
    Math.max(0, options.remainingMs ?? timeoutMs),
  );
  return {
    signal: signal ? AbortSignal.any([signal, controller.signal]) : controller.signal,
    dispose: () => clearTimeout(timer),
  };
}

/** Resolves with `promise`, or rejects with the signal's reason as soon as it aborts. */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
