/**
 * Retrying a request to the API server, apart from making it (as client-go keeps it in
 * rest/with_retry.go): which failures are worth another try, the backoff, Retry-After, and one
 * retry with fresh credentials after a 401.
 */
import type { Authenticator, RequestAuth } from './auth';
import { HttpStatusError, NetworkError } from './transport-errors';

/** Retry policy: attempts in all, and the backoff. */
export interface RetryPolicy {
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

/** Default retry policy: four attempts, 100 ms doubling, at most 2 s between tries (Retry-After may ask up to 10 s). */
export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 100, maxDelayMs: 2_000 };
const MAX_RETRY_AFTER_MS = 10_000;
// Throttling, and the 5xx of a restarting server or a gateway in front of it; a 501 or a 505
// would not change on a second try.
const RETRIED_STATUS = new Set([429, 500, 502, 503, 504]);

/**
 * Runs `once` with credentials, retrying with backoff; a 401 is retried once with fresh
 * credentials when they may differ (an exec plugin's expired token, a rotated token file).
 */
export async function withRetry<T>(
  authenticator: Authenticator,
  policy: RetryPolicy,
  signal: AbortSignal,
  once: (auth: RequestAuth) => Promise<T>,
): Promise<T> {
  let refreshed = false;
  for (let attempt = 1; ; attempt++) {
    const auth = await authenticator.authFor(signal);
    try {
      return await once(auth);
    } catch (error) {
      if (error instanceof HttpStatusError && error.status === 401 && !refreshed && !signal.aborted) {
        refreshed = true;
        if (authenticator.refresh(auth)) continue;
      }
      const delay = retryDelay(policy, error, attempt);
      if (delay === undefined || signal.aborted) throw error;
      await sleep(delay, signal);
    }
  }
}

/** How long to wait before the next attempt; undefined: do not retry. */
function retryDelay(policy: RetryPolicy, error: unknown, attempt: number): number | undefined {
  if (attempt >= policy.attempts) return undefined;
  const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const jittered = backoff / 2 + Math.random() * (backoff / 2);
  if (error instanceof HttpStatusError && RETRIED_STATUS.has(error.status)) {
    return error.retryAfterMs === undefined ? jittered : Math.min(error.retryAfterMs, MAX_RETRY_AFTER_MS);
  }
  // A reset on a read is safe to repeat.
  if (error instanceof NetworkError && error.problem.startsWith('connection reset')) return jittered;
  return undefined;
}

/** Waits `ms`, or rejects with the reason of an abort. Called only while `signal` is not aborted. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
