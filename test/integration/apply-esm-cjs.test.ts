/**
 * The built package loaded twice in one process, as ESM (dist/index.js) and as CommonJS
 * (dist/index.cjs), as happens when a Vitest config imports kubenv and a CommonJS helper requires
 * it: writes to process.env must still be serialized across both copies.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { deploymentMidRollout } from '../../src/testing/index';
import { EMPTY_PROJECT, useCluster } from '../support/cluster';

type Kubenv = typeof import('../../src/index');

const DIST = path.resolve(import.meta.dirname, '../../dist');
const cluster = useCluster(() => [deploymentMidRollout()]);
let esm: Kubenv;
let cjs: Kubenv;

beforeAll(async () => {
  if (!existsSync(path.join(DIST, 'index.cjs'))) throw new Error('dist/ is missing: run `npm run build` first');
  esm = (await import(pathToFileURL(path.join(DIST, 'index.js')).href)) as Kubenv;
  cjs = createRequire(import.meta.url)(path.join(DIST, 'index.cjs')) as Kubenv;
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('withRemoteEnv across the ESM and the CommonJS copy of the built package', () => {
  it('loads two distinct copies', () => {
    expect(esm.withRemoteEnv).not.toBe(cjs.withRemoteEnv);
  });

  it('serializes overlapping calls from both copies: no fn ever sees another call’s env', async () => {
    const before = { ...process.env };
    const events: string[] = [];
    const call = (kubenv: Kubenv, name: string, fromCluster: boolean) =>
      kubenv.withRemoteEnv(
        async () => {
          events.push(`start ${name}`);
          const seen = [process.env['KUBENV_COPY']];
          await sleep(30);
          seen.push(process.env['KUBENV_COPY']);
          if (fromCluster) seen.push(process.env['APP_VERSION']);
          events.push(`end ${name} saw ${seen.join(',')}`);
        },
        {
          cwd: EMPTY_PROJECT,
          override: { KUBENV_COPY: name },
          ...(fromCluster
            ? { target: 'deploy/checkout', namespace: 'shop', kubeconfig: cluster().kubeconfigPath }
            : { target: 'targetless' }),
        },
      );
    await Promise.all([
      call(esm, 'esm-1', true),
      call(cjs, 'cjs-1', true),
      call(esm, 'esm-2', false),
      call(cjs, 'cjs-2', false),
    ]);
    // Each start is directly followed by its own end, having seen only its own env throughout.
    const pairs = [];
    for (let i = 0; i < events.length; i += 2) pairs.push([events[i], events[i + 1]]);
    const expected: Record<string, string> = {
      'esm-1': 'esm-1,esm-1,1.5.0',
      'cjs-1': 'cjs-1,cjs-1,1.5.0',
      'esm-2': 'esm-2,esm-2',
      'cjs-2': 'cjs-2,cjs-2',
    };
    expect(pairs).toHaveLength(4);
    for (const [start, end] of pairs) {
      const name = start?.slice('start '.length) ?? '';
      expect(end).toBe(`end ${name} saw ${expected[name]}`);
    }
    expect({ ...process.env }).toEqual(before);
  });

  it('lets a call nested in fn use the other copy: it layers on top instead of deadlocking', async () => {
    const before = { ...process.env };
    const seen: string[] = [];
    await esm.withRemoteEnv(
      async () => {
        seen.push(`outer ${process.env['LAYER']} ${process.env['OUTER_ONLY']}`);
        await cjs.withRemoteEnv(
          () => {
            seen.push(`inner ${process.env['LAYER']} ${process.env['OUTER_ONLY']}`);
          },
          { cwd: EMPTY_PROJECT, target: 'targetless', override: { LAYER: 'inner' } },
        );
        seen.push(`outer again ${process.env['LAYER']}`);
      },
      { cwd: EMPTY_PROJECT, target: 'targetless', override: { LAYER: 'outer', OUTER_ONLY: 'yes' } },
    );
    expect(seen).toEqual(['outer outer yes', 'inner inner yes', 'outer again outer']);
    expect({ ...process.env }).toEqual(before);
  });
});
