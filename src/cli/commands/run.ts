/**
 * `kubenv run [flags] -- cmd args...`: run a command with the remote env. The child's exit code
 * passes through; SIGINT, SIGTERM and SIGHUP reach the child. A child killed by a signal gives
 * 128 + its number, as a shell reports it (SIGPIPE 141, SIGUSR1 138, SIGQUIT 131); kubenv dies
 * of the signal itself only where that is safe (RERAISED_SIGNALS). Re-raising any other would be
 * wrong: Node ignores SIGPIPE, SIGUSR1 opens its inspector on 127.0.0.1:9229
 * (https://nodejs.org/api/process.html#signal-events) in the process that holds the secrets, and
 * SIGQUIT, SIGABRT or SIGSEGV would dump that process's memory to a core file.
 * Secret values are concealed in the child's output where it is not a terminal
 * (../masking/masked-output.ts).
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { fetchRemoteEnv } from '../../fetch/fetch-remote-env';
import { fetchOptionsFrom } from '../fetch-options';
import { maskedOutput } from '../masking/masked-output';
import type { CommonFlags } from '../options';
import { withPickedTarget } from '../picker';
import { targetLines } from '../target-lines';

const FORWARDED_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
// Signals kubenv may die of itself: they terminate without a core dump (a core of kubenv would
// hold the secrets) and Node leaves their default action alone.
const RERAISED_SIGNALS: readonly NodeJS.Signals[] = [...FORWARDED_SIGNALS, 'SIGKILL', 'SIGALRM', 'SIGUSR2'];

/** Runs the command; resolves with the exit code to use. */
export async function runCommand(
  command: readonly string[],
  flags: CommonFlags & { quiet?: boolean; input?: boolean; masking?: boolean },
): Promise<number> {
  const [file, ...args] = command;
  if (!file) {
    process.stderr.write('kubenv: error: no command to run\nhint: kubenv run -t deploy/api -- npm test\n');
    return 2;
  }
  // No target anywhere and a person at the terminal: let them pick one (src/cli/picker.ts).
  const chosen = await withPickedTarget(flags);
  if (!chosen) return 130;
  const remote = await fetchRemoteEnv({ ...fetchOptionsFrom(chosen), env: process.env });
  if (!flags.quiet && remote.targets) process.stderr.write(targetLines(remote));
  else if (!flags.quiet) {
    const where = remote.target
      ? `${remote.target.target} -> ${remote.target.pod ?? 'pod template'}/${remote.target.container}`
      : 'targetless';
    process.stderr.write(`kubenv: ${where}, ${remote.names.length} variables via ${remote.source}\n`);
  }
  for (const warning of remote.warnings) process.stderr.write(`kubenv: warning: ${warning}\n`);
  const output = maskedOutput(remote, { masking: flags.masking, stdout: process.stdout, stderr: process.stderr });
  if (output.unmaskedShort.length > 0) {
    process.stderr.write(
      `kubenv: warning: not masking ${output.unmaskedShort.join(', ')}: values this short would conceal ordinary output\n`,
    );
  }

  return new Promise<number>((resolve) => {
    const failed = (error: NodeJS.ErrnoException) => {
      process.stderr.write(`kubenv: error: cannot run ${JSON.stringify(file)}: ${spawnProblem(error, remote.env)}\n`);
      if (error.code === 'E2BIG') {
        process.stderr.write('hint: leave large variables out with -x NAME (or --include only what you need)\n');
      }
      resolve(error.code === 'ENOENT' ? 127 : 126);
    };
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(file, args, { stdio: output.stdio, env: remote.env });
    } catch (error) {
      // Some failures (E2BIG: the environment is over the kernel's limit) throw instead of emitting.
      failed(error as NodeJS.ErrnoException);
      return;
    }
    output.attach(child);
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    for (const signal of FORWARDED_SIGNALS) process.on(signal, forward);
    const detach = () => {
      for (const signal of FORWARDED_SIGNALS) process.off(signal, forward);
    };
    child.on('error', (error: NodeJS.ErrnoException) => {
      detach();
      failed(error);
    });
    child.on('exit', async (code, signal) => {
      detach();
      await output.drained();
      if (signal) {
        // With our listeners gone, the default action ends kubenv like the child.
        if (RERAISED_SIGNALS.includes(signal)) process.kill(process.pid, signal);
        resolve(128 + (constants.signals[signal] ?? 0));
        return;
      }
      resolve(code ?? 1);
    });
  });
}

function spawnProblem(error: NodeJS.ErrnoException, env: Readonly<Record<string, string>>): string {
  if (error.code === 'ENOENT') return 'command not found';
  if (error.code === 'E2BIG') {
    const bytes = Object.entries(env).reduce((sum, [name, value]) => sum + name.length + value.length + 2, 0);
    return `the environment is too large to start a process (E2BIG: ${Object.keys(env).length} variables, ${Math.ceil(bytes / 1024)} KiB; Linux also limits one variable to 128 KiB)`;
  }
  return error.code ?? 'the process could not be started';
}
