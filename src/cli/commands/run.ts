/**
 * `kubenv run [flags] -- cmd args...`: run a command with the remote env. The child's exit code
 * passes through; SIGINT, SIGTERM and SIGHUP reach the child; a child killed by a signal makes
 * kubenv die of the same signal, as a shell would report it. Secret values are concealed in the
 * child's output where it is not a terminal (../masking/masked-output.ts).
 */
import { spawn } from 'node:child_process';
import { fetchRemoteEnv } from '../../fetch/fetch-remote-env';
import { maskedOutput } from '../masking/masked-output';
import { type CommonFlags, fetchOptionsFrom } from '../options';
import { targetLines } from '../target-lines';

const FORWARDED_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** Runs the command; resolves with the exit code to use. */
export async function runCommand(
  command: readonly string[],
  flags: CommonFlags & { quiet?: boolean; masking?: boolean },
): Promise<number> {
  const [file, ...args] = command;
  if (!file) {
    process.stderr.write('kubenv: error: no command to run\nhint: kubenv run -t deploy/api -- npm test\n');
    return 2;
  }
  const remote = await fetchRemoteEnv({ ...fetchOptionsFrom(flags), env: process.env });
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
    const child = spawn(file, args, { stdio: output.stdio, env: remote.env });
    output.attach(child);
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    for (const signal of FORWARDED_SIGNALS) process.on(signal, forward);
    const detach = () => {
      for (const signal of FORWARDED_SIGNALS) process.off(signal, forward);
    };
    child.on('error', (error: NodeJS.ErrnoException) => {
      detach();
      const notFound = error.code === 'ENOENT';
      process.stderr.write(
        `kubenv: error: cannot run ${JSON.stringify(file)}: ${notFound ? 'command not found' : (error.code ?? error.message)}\n`,
      );
      resolve(notFound ? 127 : 126);
    });
    child.on('exit', async (code, signal) => {
      detach();
      await output.drained();
      if (signal) {
        // Die of the same signal so the caller sees what the child saw.
        process.kill(process.pid, signal);
        resolve(128 + (signalNumber(signal) ?? 1));
        return;
      }
      resolve(code ?? 1);
    });
  });
}

function signalNumber(signal: NodeJS.Signals): number | undefined {
  const numbers: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };
  return numbers[signal];
}
