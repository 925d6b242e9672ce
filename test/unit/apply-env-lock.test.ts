/**
 * The process-env lock's contract (src/apply/env-lock.ts): a call aborted while it waits for its
 * turn rejects with the signal's reason at once, and its work never runs.
 */
import { expect, it } from 'vitest';
import { withEnvLock } from '../../src/apply/env-lock';

it('a call aborted while queued rejects with the reason, and its work never runs', async () => {
  let holderStarted!: () => void;
  const started = new Promise<void>((resolve) => {
    holderStarted = resolve;
  });
  let releaseHolder!: () => void;
  const holding = new Promise<void>((resolve) => {
    releaseHolder = resolve;
  });
  const holder = withEnvLock(async () => {
    holderStarted();
    await holding;
  });
  await started;
  const controller = new AbortController();
  let ran = false;
  const queued = withEnvLock(async () => {
    ran = true;
  }, controller.signal);
  const reason = new Error('gave up');
  controller.abort(reason);
  await expect(queued).rejects.toBe(reason);
  releaseHolder();
  await holder;
  expect(ran).toBe(false);
});
