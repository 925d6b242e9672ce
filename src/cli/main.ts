/**
 * The `kubenv` command line: run, print, ls, resolve, diff. Flags follow mirrord's names.
 * `print`, `run` and `resolve` with the shared flags take the fast path (./fast-argv.ts); the
 * rest, help and errors go through commander (./program.ts). Bundled on its own as CommonJS
 * (dist/cli-main.cjs), which ./bin.ts runs through ./code-cache.ts.
 */
import { parseFastArgv } from './fast-argv';
import type { LsFlags, PrintFlags, ResolveFlags, RunFlags } from './program';
import { reportError } from './report-error';

// A reader that went away (`kubenv ls | head -1`, `--help | true`) is not an error: exit at once
// and quietly with 141 (128 + SIGPIPE), what a shell reports for a Go CLI such as kubectl that
// SIGPIPE ends. Node ignores SIGPIPE and would otherwise crash on the EPIPE with a stack trace.
function exitQuietlyOnClosedPipes(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(141);
      throw error;
    });
  }
}

let debug = false;
let exitCode = 0;

const actions = {
  async run(command: string[], flags: RunFlags) {
    debug = Boolean(flags.debug);
    const { runCommand } = await import('./commands/run');
    exitCode = await runCommand(command, flags);
  },
  async print(flags: PrintFlags) {
    debug = Boolean(flags.debug);
    const { printCommand } = await import('./commands/print');
    exitCode = await printCommand(flags);
  },
  async ls(flags: LsFlags) {
    debug = Boolean(flags.debug);
    const { lsCommand } = await import('./commands/ls');
    exitCode = await lsCommand(flags);
  },
  async resolve(flags: ResolveFlags) {
    debug = Boolean(flags.debug);
    const { resolveCommand } = await import('./commands/resolve');
    exitCode = await resolveCommand(flags);
  },
};

/**
 * Runs the command line on `argv` (without node and the script) and sets `process.exitCode`.
 * Resolves to false when kubenv stopped on an error (a usage error included): the run did not
 * go the command's whole way, so its compiled code is not worth caching (./code-cache.ts).
 */
export async function main(argv: string[]): Promise<boolean> {
  exitQuietlyOnClosedPipes();
  try {
    await dispatch(argv);
    process.exitCode = exitCode;
    return true;
  } catch (error) {
    const { CommanderError } = await import('commander');
    if (error instanceof CommanderError) {
      // Help and version exit 0; usage errors were already printed by commander.
      process.exitCode = error.exitCode === 0 ? 0 : 2;
    } else {
      process.exitCode = reportError(error, { debug, write: (text) => process.stderr.write(text) });
    }
    return false;
  }
}

async function dispatch(argv: string[]): Promise<void> {
  const fast = parseFastArgv(argv);
  if (fast?.name === 'run') await actions.run(fast.command, fast.flags);
  else if (fast?.name === 'print') await actions.print(fast.flags);
  else if (fast?.name === 'resolve') await actions.resolve(fast.flags);
  else await parseWithCommander();
}

async function parseWithCommander(): Promise<void> {
  const [{ buildProgram }, { splitAgainst }] = await Promise.all([import('./program'), import('./commands/diff-args')]);
  // `kubenv diff <flags> --against <flags>`: commander parses the left side; the diff command the other.
  const { argv, against } = splitAgainst(process.argv);
  const program = buildProgram({
    ...actions,
    async diff(flags) {
      debug = Boolean(flags.debug);
      const { diffCommand } = await import('./commands/diff');
      exitCode = await diffCommand(flags, against);
    },
  });
  await program.parseAsync(argv);
}
