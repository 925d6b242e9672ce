/**
 * The commander program of the `kubenv` command line: every command, flag and help text. The
 * entry (./main.ts) uses it for whatever the fast path (./fast-argv.ts) does not take, and the
 * parity test builds it with recording actions to prove both parse alike.
 */
import { Command } from 'commander';
// The bundler inlines only this field, so the bin prints the version of the package it came in.
import { version } from '../../package.json';
import type { DiffFlags } from './commands/diff-args';
import type { CommonFlags } from './options';
import { withCommonFlags } from './options';

/** Flags of `kubenv run`. */
export type RunFlags = CommonFlags & { quiet?: boolean; input?: boolean; masking?: boolean };
/** Flags of `kubenv print`. */
export type PrintFlags = CommonFlags & { format?: string; output?: string; input?: boolean };
/** Flags of `kubenv ls`. */
export type LsFlags = CommonFlags & { json?: boolean; output?: string };
/** Flags of `kubenv resolve`. */
export type ResolveFlags = CommonFlags & { json?: boolean };

/** What each command does once its argv is parsed. */
export interface ProgramActions {
  run(command: string[], flags: RunFlags): Promise<void>;
  print(flags: PrintFlags): Promise<void>;
  ls(flags: LsFlags): Promise<void>;
  resolve(flags: ResolveFlags): Promise<void>;
  diff(flags: DiffFlags): Promise<void>;
}

/** Builds the program; parse errors throw a CommanderError (exitOverride). */
export function buildProgram(actions: ProgramActions): Command {
  const program = new Command('kubenv')
    .description('The environment variables of a Kubernetes workload, for a local process.')
    .enablePositionalOptions()
    .showHelpAfterError('(add --help for usage)')
    .version(version, '-V, --version', 'print the kubenv version')
    .exitOverride();

  withCommonFlags(
    program
      .command('run')
      .description('run a command with the remote environment (exit code and signals pass through)')
      .argument('<command...>', 'the command and its arguments, after --')
      .option('-q, --quiet', 'do not print the resolution line to stderr')
      .option('--no-input', 'never ask: with no target, run targetless instead of showing the picker')
      .option('--masking', "conceal secret values in the child's output on a terminal too")
      .option('--no-masking', "do not conceal secret values in the child's output")
      .passThroughOptions(),
  ).action((command: string[], flags: RunFlags) => actions.run(command, flags));

  withCommonFlags(
    program
      .command('print')
      .description('print the remote variables after the pipeline (not merged with the local env)')
      .option('--format <format>', 'dotenv, json, sh, docker or compose', 'dotenv')
      .option('-o, --output <file>', 'write to a file (mode 0600) instead of stdout')
      .option('--no-input', 'never ask: with no target, print targetless instead of showing the picker'),
  ).action((flags: PrintFlags) => actions.print(flags));

  withCommonFlags(
    program
      .command('ls')
      .description('list targets in a namespace: a table on a terminal, target strings when piped')
      .option('-o, --output <format>', 'table, wide (with the pod each target resolves to), name or json')
      .option('--json', 'print a JSON array of target strings (as -o json)'),
  ).action((flags: LsFlags) => actions.ls(flags));

  withCommonFlags(
    program
      .command('resolve')
      .description('show which pod and container a target resolves to, and why')
      .option('--json', 'print JSON'),
  ).action((flags: ResolveFlags) => actions.resolve(flags));

  withCommonFlags(
    program
      .command('diff')
      .description('compare the remote env with another namespace, target or context: diff <flags> --against <flags>')
      .option('--format <format>', 'text or json', 'text'),
  ).action((flags: DiffFlags) => actions.diff(flags));

  return program;
}
