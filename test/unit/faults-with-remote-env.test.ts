/**
 * Attacks on withRemoteEnv's process-wide lock and on process.env restoration: leftover callbacks
 * of a finished `fn`, and variable names that are also members of every JavaScript object.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { withRemoteEnv } from '../../src/apply/apply';
import { EMPTY_PROJECT } from '../support/cluster';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
// Targetless: `override` plays the remote env, no cluster is contacted.
const remote = (override: Record<string, string>) => ({ target: 'targetless', override, cwd: EMPTY_PROJECT });

afterEach(() => {
  delete process.env['KF_X'];
});

describe('withRemoteEnv: nesting means inside a call that is still running', () => {
  it('a call from a leftover timer of a finished fn waits for the lock like any other', async () => {
    let leftover: Promise<unknown> | undefined;
    await withRemoteEnv(
      () => {
        setTimeout(() => {
          leftover = withRemoteEnv(() => sleep(80), remote({ KF_X: 'leftover' }));
        }, 10);
      },
      remote({ KF_X: 'first' }),
    );
    const seen: Array<string | undefined> = [];
    await withRemoteEnv(
      async () => {
        for (let i = 0; i < 10; i++) {
          seen.push(process.env['KF_X']);
          await sleep(5);
        }
      },
      remote({ KF_X: 'second' }),
    );
    await leftover;
    // The second call never sees the leftover's value, and nothing stays set afterwards.
    expect(seen).toEqual(Array(10).fill('second'));
    expect(process.env['KF_X']).toBeUndefined();
  });

  it('a leftover `.then` of a finished nested call still layers on its running parent', async () => {
    const seen: Array<string | undefined> = [];
    await withRemoteEnv(
      async () => {
        let leftover: Promise<unknown> | undefined;
        await withRemoteEnv(
          () => {
            void sleep(5).then(() => {
              leftover = withRemoteEnv(
                () => {
                  seen.push(process.env['KF_X']);
                },
                remote({ KF_X: 'leftover' }),
              );
            });
          },
          remote({ KF_X: 'inner' }),
        );
        await sleep(15);
        await leftover;
        seen.push(process.env['KF_X']);
      },
      remote({ KF_X: 'outer' }),
    );
    expect(seen).toEqual(['leftover', 'outer']);
    expect(process.env['KF_X']).toBeUndefined();
  });
});
