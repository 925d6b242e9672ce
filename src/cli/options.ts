/**
 * The flags every command shares (mirrord's names). How they map to fetch options is in
 * ./fetch-options.ts, which only the commands load (it checks values: `--help` need not pay).
 */
import type { Command } from 'commander';

/** Parsed shared flags. */
export interface CommonFlags {
  readonly target?: string;
  readonly targetNamespace?: string;
  readonly include?: string[];
  readonly exclude?: string[];
  readonly envFile?: string;
  readonly configFile?: string;
  readonly context?: string;
  readonly kubeconfig?: string;
  readonly source?: string;
  readonly timeout?: string;
  readonly localWins?: boolean;
  readonly debug?: boolean;
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Adds the shared flags to a command. */
export function withCommonFlags(command: Command): Command {
  return command
    .option('-t, --target <target>', 'target: deploy/api, pod/x/container/c, label/app=api, targetless')
    .option('-n, --target-namespace <namespace>', 'namespace of the target')
    .option('-s, --include <patterns>', 'only these variables (globs, `;`-separated; repeatable)', collect)
    .option('-x, --exclude <patterns>', 'not these variables (globs, `;`-separated; repeatable)', collect)
    .option('--env-file <file>', 'dotenv file laid over the remote env')
    .option('-f, --config-file <file>', 'config file (kubenv or mirrord) instead of searching')
    .option('--context <context>', 'kubeconfig context')
    .option('--kubeconfig <file>', 'kubeconfig file')
    .option('--source <source>', 'how to read the env: auto, exec or spec')
    .option('--timeout <ms>', 'overall timeout in milliseconds')
    .option('--local-wins', 'keep local values where a name exists locally and remotely')
    .option('--debug', 'on error, show the cause chain');
}
