/**
 * Shared checks of the fuzz suites: an input gives a result or a KubenvError, never another
 * throw, and no message, hint, cause or dump of the error shows a secret.
 */
import { inspect } from 'node:util';
import { expect } from 'vitest';
import { isKubenvError } from '../../src/errors';

/** Planted in values the fuzzers generate; it must never appear in an error. */
export const SECRET = 'S3CR3T-7f4e9a';

/** Bounded runs: the whole `npm test` must stay within a few minutes on two cores. */
export const RUNS = { numRuns: 150 } as const;

/** Fails unless `error` is a KubenvError whose message, cause chain and dump hide SECRET. */
export function expectSafeKubenvError(error: unknown): void {
  expect(isKubenvError(error), `not a KubenvError: ${inspect(error)}`).toBe(true);
  expect(inspect(error, { depth: 20 })).not.toContain(SECRET);
  // Control characters are escaped, so an error cannot act on a terminal.
  expect((error as Error).message).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
}

/** Runs `work`; a thrown error must be a safe KubenvError. Returns the result or undefined. */
export function resultOrSafeError<T>(work: () => T): T | undefined {
  try {
    return work();
  } catch (error) {
    expectSafeKubenvError(error);
    return undefined;
  }
}

/** The async form of {@link resultOrSafeError}. */
export async function resultOrSafeErrorAsync<T>(work: () => Promise<T>): Promise<T | undefined> {
  try {
    return await work();
  } catch (error) {
    expectSafeKubenvError(error);
    return undefined;
  }
}
