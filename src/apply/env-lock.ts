/**
 * Serializes writers of `process.env` across the whole process. The state lives on `globalThis`
 * under a registered symbol, so the ESM and the CommonJS copy of kubenv (both can be loaded at
 * once, e.g. by a Vitest config and a CommonJS helper) share one queue.
 *
 * Locks nest: a call made inside a held lock's callback (same async context) does not wait for
 * the outer lock, which would deadlock; it takes the outer lock's own child lock, so sibling
 * nested calls still run one at a time and each layers on top of its parent's state.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

interface Lock {
  /** Resolves when the previous holder at this level is done. */
  tail: Promise<void>;
}

interface SharedState {
  readonly root: Lock;
  readonly storage: AsyncLocalStorage<Lock>;
}

const STATE_KEY = Symbol.for('kubenv.processEnvLock.v1');

function sharedState(): SharedState {
  const global = globalThis as Record<symbol, SharedState | undefined>;
  global[STATE_KEY] ??= { root: { tail: Promise.resolve() }, storage: new AsyncLocalStorage<Lock>() };
  return global[STATE_KEY];
}

/**
 * Runs `work` holding the process-env lock of the current nesting level. Inside `work`, further
 * calls take a child lock instead of the outer one.
 */
export async function withEnvLock<T>(work: () => Promise<T>): Promise<T> {
  const { root, storage } = sharedState();
  const level = storage.getStore() ?? root;
  let release!: () => void;
  const previous = level.tail;
  level.tail = new Promise<void>((resolve) => {
    release = resolve;
  });
  await previous;
  try {
    return await storage.run({ tail: Promise.resolve() }, work);
  } finally {
    release();
  }
}
