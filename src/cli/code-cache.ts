/**
 * Runs the command line's bundle (dist/cli-main.cjs) through a V8 code cache written after the
 * command ran (src/util/code-cache.ts). A cache holds what one run compiled, so one file per shape
 * of command line: the command, the flags given and the kind of target (`print -t deploy/… -n …`
 * and `ls` run different code); a user repeats a few shapes.
 */
import { loadCompiledBundle } from '../util/code-cache';

/** The commands whose compiled code differs enough to be cached apart. */
const CACHED_COMMANDS = new Set(['print', 'run', 'resolve', 'ls', 'diff']);

interface CommandLineModule {
  /** Resolves to whether the command went its whole way (no usage or kubenv error). */
  main(argv: string[]): Promise<boolean>;
}

/**
 * Loads `bundlePath` (a CommonJS bundle exporting `main`, with no `import()`: see tsup.config.ts)
 * with `require` (resolving from the bundle's folder) and runs `main(argv)`; then exits once
 * stdout and stderr have handed their last bytes to the system.
 */
export async function runCommandLine(bundlePath: string, argv: string[], require: NodeJS.Require): Promise<void> {
  const commandLine = loadCompiledBundle<CommandLineModule>(bundlePath, commandLineShape(argv), require);
  // Only a run that went the whole way has compiled what the next run of the command needs
  // (a first `print --bogus` would otherwise leave a cache without the fetch).
  if (await commandLine.exports.main(argv)) commandLine.saveCache();
  exitWhenWritten();
}

/**
 * The command is done: exit as soon as what it wrote is out, without waiting for the sockets it
 * used to finish closing and for Node to free the heap (about 1 ms of a `kubenv print`,
 * bench/sections/cold.mjs). A pipe's writes are asynchronous in Node, so the exit waits for each
 * stream's (empty) last write to be flushed: its callback runs after the bytes before it. A write
 * that failed (the reader went away) is left to the streams' error handler (./main.ts: exit 141).
 */
function exitWhenWritten(): void {
  process.stdout.write('', (stdoutError) => {
    if (!stdoutError) process.stderr.write('', (stderrError) => stderrError || process.exit());
  });
}

/**
 * The shape of a command line: the command, the flag names (values left out) and the target's
 * kind, e.g. `print -n --source target:deploy`. Everything after `--` (the command `run` starts) is
 * left out.
 */
export function commandLineShape(argv: readonly string[]): string {
  const [command = '', ...rest] = argv;
  const end = rest.indexOf('--');
  const flags = new Set<string>();
  for (const [index, token] of (end === -1 ? rest : rest.slice(0, end)).entries()) {
    if (!token.startsWith('-')) continue;
    const [name = token, inlineValue] = token.split(/=(.*)/s, 2);
    const isTarget = name === '-t' || name === '--target';
    const value = inlineValue ?? rest[index + 1] ?? '';
    flags.add(isTarget ? `target:${value.split('/')[0]}` : name);
  }
  const commandName = CACHED_COMMANDS.has(command) ? command : 'other';
  return [commandName, ...[...flags].sort()].join(' ');
}
