/**
 * A command on a real pseudo-terminal, driven by keystrokes: util-linux `script` allocates the
 * pty and copies our pipe to it, so the program sees a terminal on stdin, stdout and stderr.
 */
import { spawn } from 'node:child_process';
import { inTestTmp } from './spawn';

/** A running terminal session. */
export interface PtySession {
  /** Everything the terminal showed so far, ANSI escapes removed. */
  screen(): string;
  /** Waits until the screen matches, or fails with what it showed. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Types keys (`\r` is Enter, `\x03` Ctrl-C, `\x1b[B` arrow down). */
  type(keys: string): void;
  /** Resolves with the exit code once the program ends. */
  readonly exited: Promise<number | null>;
}

const ANSI = /\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\x1b[=>]/g;

function shellQuote(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/** Starts `command` on a 120×40 pty with exactly `env` (plus TERM and the test run's TMPDIR). */
export function startPty(command: readonly string[], options: { env: NodeJS.ProcessEnv; cwd?: string }): PtySession {
  const line = `stty cols 120 rows 40; exec ${command.map(shellQuote).join(' ')}`;
  const child = spawn('script', ['--quiet', '--flush', '--return', '--command', line, '/dev/null'], {
    env: inTestTmp({ TERM: 'xterm-256color', ...options.env }),
    cwd: options.cwd,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const screen = () => output.replace(ANSI, '');
  return {
    screen,
    exited,
    type: (keys) => {
      child.stdin.write(keys);
    },
    waitFor: async (pattern, timeoutMs = 10_000) => {
      const deadline = Date.now() + timeoutMs;
      while (!pattern.test(screen())) {
        if (Date.now() > deadline || child.exitCode !== null) {
          child.kill();
          throw new Error(`the terminal never showed ${pattern}; it showed:\n${screen()}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
  };
}
