/**
 * Test helpers around the simulated cluster: one cluster per test file, and options that point
 * kubenv at it without touching process.env or picking up a config file from the repo.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { FetchRemoteEnvOptions } from '../../src/index';
import { type Fixture, type SimulatedCluster, startSimulatedCluster } from '../../src/testing/index';

/** An empty project directory: no kubenv or mirrord config is found from it. */
export const EMPTY_PROJECT: string = mkdtempSync(path.join(os.tmpdir(), 'kubenv-empty-'));

/** Starts one simulated cluster for the file; `cluster()` returns it inside tests. */
export function useCluster(fixtures: () => Fixture[]): () => SimulatedCluster {
  let cluster: SimulatedCluster | undefined;
  beforeAll(async () => {
    cluster = await startSimulatedCluster({ fixtures: fixtures() });
  });
  afterAll(async () => {
    await cluster?.stop();
  });
  return () => {
    if (!cluster) throw new Error('cluster not started');
    return cluster;
  };
}

/** Options aimed at the cluster, isolated from the developer's env and config files. */
export function optionsFor(cluster: SimulatedCluster, options: FetchRemoteEnvOptions = {}): FetchRemoteEnvOptions {
  return { cwd: EMPTY_PROJECT, ...options, env: { KUBECONFIG: cluster.kubeconfigPath, ...options.env } };
}
