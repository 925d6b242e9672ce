/**
 * Serializes writers of `process.env` across the whole process. The state lives on `globalThis`
 * under a registered symbol, so the ESM and the CommonJS copy of kubenv (both can be loaded at
 * once, e.g. by a Vitest config and a CommonJS helper) share one queue.
 *
 * Locks nest: a call made inside a held lock's callback (same async context) does not wait for
 * the outer lock, which would deadlock; it takes the outer lock's own child lock, so sibling
 * nested calls still run one at a time and each layers on top of its parent's state.
 *
 * "Inside" means inside a callback that is still running. AsyncLocalStorage hands its store to
 * everything started in the callback, also to a timer or a `.then` that fires after the callback
 * settled; such a leftover call must queue like any other, or it would skip the lock and write
 * over another call's env. So each level knows whether its holder is still running, and a call
 * from a finished level climbs to the nearest level that is.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { untilAborted } from '../fetch/deadline';

interface Lock {
  /** Resolves when every holder queued so far at this level is done. */
  tail: Promise<void>;
  /** The level this one is nested in; undefined for the root. */
  readonly parent: Lock | undefined;
  /** False once the callback that opened this level has settled (the root never settles). */
  open?: boolean;
}

interface SharedState {
  readonly root: Lock;
  readonly storage: AsyncLocalStorage<Lock>;
}

const STATE_KEY = Symbol.for('kubenv.processEnvLock.v1');

function sharedState(): SharedState {
  const global = globalThis as Record<symbol, SharedState | undefined>;
  global[STATE_KEY] ??= {
    root: { tail: Promise.resolve(), parent: undefined, open: true },
    storage: new AsyncLocalStorage<Lock>(),
  };
  return global[STATE_KEY];
}

/**
 * Runs `work` holding the process-env lock of the current nesting level. Inside `work`, further
 * calls take a child lock instead of the outer one. When `signal` aborts while the call is still
 * queued, it rejects with the signal's reason at once and `work` never runs.
 */
export async function withEnvLock<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  const { root, storage } = sharedState();
  let level = storage.getStore() ?? root;
  // `=== false`: a root made by an older copy of kubenv has no `open` and is always open.
  while (level.open === false) level = level.parent ?? root;
  const previous = level.tail;
  let release!: () => void;
  const done = new Promise<void>((resolve) => {
    release = resolve;
  });
  // The next caller waits for the holder before us as well as for us: a call that gives up its
  // place (aborted while queued) releases early without letting the next one in too soon.
  level.tail = previous.then(() => done);
  try {
    await untilAborted(previous, signal);
  } catch (error) {
    release();
    throw error;
  }
  const child: Lock = { tail: Promise.resolve(), parent: level, open: true };
  try {
    return await storage.run(child, work);
  } finally {
    child.open = false;
    release();
  }
}
