/**
 * The shared flags mapped to fetch options. Loaded by the commands, not by main.ts: checking
 * values pulls in the config module.
 */
import { toOptionalTimeout } from '../config/values';
import type { FetchRemoteEnvOptions } from '../fetch/run';
import type { CommonFlags } from './options';

/** Maps flags to fetch options; flags not given stay undefined so lower layers can set them. */
export function fetchOptionsFrom(flags: CommonFlags): FetchRemoteEnvOptions {
  return {
    target: flags.target,
    namespace: flags.targetNamespace,
    include: flags.include?.join(';'),
    exclude: flags.exclude?.join(';'),
    envFile: flags.envFile,
    configFile: flags.configFile,
    context: flags.context,
    kubeconfig: flags.kubeconfig,
    source: flags.source as FetchRemoteEnvOptions['source'],
    timeout: toOptionalTimeout(flags.timeout, { keyPath: '--timeout' }, true),
    localWins: flags.localWins,
  };
}
