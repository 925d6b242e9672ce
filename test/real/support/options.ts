/** kubenv options aimed at the real cluster, isolated from the developer's env and config files. */
import { inject } from 'vitest';
import type { FetchRemoteEnvOptions } from '../../../src/index';
import { EMPTY_PROJECT } from '../../support/cluster';

export const admin = (): string => inject('realKubeconfig');
export const restricted = (): string => inject('restrictedKubeconfig');

export function realOptions(options: FetchRemoteEnvOptions & { kubeconfig?: string } = {}): FetchRemoteEnvOptions {
  return {
    cwd: EMPTY_PROJECT,
    timeout: 30_000,
    ...options,
    env: { KUBECONFIG: options.kubeconfig ?? admin(), ...options.env },
  };
}
