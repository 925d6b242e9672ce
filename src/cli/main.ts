#!/usr/bin/env -S node --
/**
 * The `kubenv` command line: run, print, ls, resolve. Flags follow mirrord's names.
 *
 * The shebang ends node's own options with `--`: node scans every argument before the first
 * `--` for `--env-file`, so `kubenv print --env-file .env` would otherwise be read (or refused)
 * by node itself instead of reaching kubenv.
 */
import { enableCompileCache } from 'node:module';
import { Command, CommanderError } from 'commander';
// The bundler inlines only this field, so the bin prints the version of the package it came in.
import { version } from '../../package.json';
import { type DiffFlags, splitAgainst } from './commands/diff-args';
import type { CommonFlags } from './options';
import { withCommonFlags } from './options';
import { reportError } from './report-error';

// The CLI is its own process, so it may cache compiled code (in the OS temp dir, as Node's own
// npm does): the commands below are imported after this line and start faster the next time.
// The library never does this: it would change the user's process.
enableCompileCache?.();

// A reader that went away (`kubenv ls | head -1`, `--help | true`) is not an error: exit at once
// and quietly with 141 (128 + SIGPIPE), what a shell reports for a Go CLI such as kubectl that
// SIGPIPE ends. Node ignores SIGPIPE and would otherwise crash on the EPIPE with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(141);
    throw error;
  });
}

const program = new Command('kubenv')
  .description('The environment variables of a Kubernetes workload, for a local process.')
  .enablePositionalOptions()
  .showHelpAfterError('(add --help for usage)')
  .version(version, '-V, --version', 'print the kubenv version')
  .exitOverride();

let debug = false;
let exitCode = 0;

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
).action(async (command: string[], flags: CommonFlags & { quiet?: boolean; input?: boolean; masking?: boolean }) => {
  debug = Boolean(flags.debug);
  const { runCommand } = await import('./commands/run');
  exitCode = await runCommand(command, flags);
});

withCommonFlags(
  program
    .command('print')
    .description('print the remote variables after the pipeline (not merged with the local env)')
    .option('--format <format>', 'dotenv, json, sh, docker or compose', 'dotenv')
    .option('-o, --output <file>', 'write to a file (mode 0600) instead of stdout')
    .option('--no-input', 'never ask: with no target, print targetless instead of showing the picker'),
).action(async (flags: CommonFlags & { format?: string; output?: string; input?: boolean }) => {
  debug = Boolean(flags.debug);
  const { printCommand } = await import('./commands/print');
  exitCode = await printCommand(flags);
});

withCommonFlags(
  program
    .command('ls')
    .description('list targets in a namespace: a table on a terminal, target strings when piped')
    .option('-o, --output <format>', 'table, wide (with the pod each target resolves to), name or json')
    .option('--json', 'print a JSON array of target strings (as -o json)'),
).action(async (flags: CommonFlags & { json?: boolean; output?: string }) => {
  debug = Boolean(flags.debug);
  const { lsCommand } = await import('./commands/ls');
  exitCode = await lsCommand(flags);
});

withCommonFlags(
  program
    .command('resolve')
    .description('show which pod and container a target resolves to, and why')
    .option('--json', 'print JSON'),
).action(async (flags: CommonFlags & { json?: boolean }) => {
  debug = Boolean(flags.debug);
  const { resolveCommand } = await import('./commands/resolve');
  exitCode = await resolveCommand(flags);
});

// `kubenv diff <flags> --against <flags>`: commander parses the left side; the diff command the other.
const { argv, against } = splitAgainst(process.argv);
withCommonFlags(
  program
    .command('diff')
    .description('compare the remote env with another namespace, target or context: diff <flags> --against <flags>')
    .option('--format <format>', 'text or json', 'text'),
).action(async (flags: DiffFlags) => {
  debug = Boolean(flags.debug);
  const { diffCommand } = await import('./commands/diff');
  exitCode = await diffCommand(flags, against);
});

try {
  await program.parseAsync(argv);
  process.exitCode = exitCode;
} catch (error) {
  if (error instanceof CommanderError) {
    // Help and version exit 0; usage errors were already printed by commander.
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else {
    process.exitCode = reportError(error, { debug, write: (text) => process.stderr.write(text) });
  }
}
