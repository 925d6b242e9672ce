/**
 * Masking for `kubenv run`: which of the child's output streams go through a SecretMasker, and
 * the piping itself. A stream that is a terminal is left to the child (a person is watching, and
 * the child keeps its colours and line editing) unless masking is forced; anything else (a CI log,
 * a file, a pipe) is masked unless turned off. The values masked are those of `secretNames`: from
 * Secrets, or of an origin kubenv cannot tell (src/sources/origins.ts).
 */
import type { ChildProcess, StdioOptions } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import type { RemoteEnv } from '../../fetch/remote-env';
import { SecretMasker } from './secret-masker';

/** `true`: on terminals too; `false`: never; undefined: when the stream is not a terminal. */
export type MaskingChoice = boolean | undefined;

/**
 * Values shorter than this are not masked: concealing every `1` or `on` in the output would make
 * it unreadable and protect nothing. Names from Secrets are reported (names only); short values of
 * unknown origin (image ENV such as `PYTHONUNBUFFERED=1`) are left alone silently.
 */
export const MIN_MASKED_LENGTH = 4;

/** How long to wait, after the child exits, for output still in the pipes (a grandchild may hold them). */
const DRAIN_AFTER_EXIT_MS = 1000;

export interface MaskedOutput {
  /** For spawn: stdin inherited, stdout/stderr piped where masked. */
  readonly stdio: StdioOptions;
  /** Names of Secret values too short to mask. */
  readonly unmaskedShort: readonly string[];
  /** Pipes the child's masked streams to ours. */
  attach(child: ChildProcess): void;
  /** Resolves once the masked output is written out (bounded wait after the child's exit). */
  drained(): Promise<void>;
}

interface Out {
  readonly isTTY?: boolean | undefined;
}

/** Decides, per stream, and prepares the pipes. */
export function maskedOutput(
  remote: Pick<RemoteEnv, 'secretNames' | 'remote' | 'origins'>,
  options: {
    readonly masking: MaskingChoice;
    readonly stdout: Writable & Out;
    readonly stderr: Writable & Out;
  },
): MaskedOutput {
  const values: string[] = [];
  const unmaskedShort: string[] = [];
  for (const name of remote.secretNames) {
    const value = remote.remote[name];
    if (value === undefined || value === '') continue;
    if (value.length >= MIN_MASKED_LENGTH) values.push(value);
    else if (remote.origins[name] === 'secret') unmaskedShort.push(name);
  }
  const wanted = (out: Out) => values.length > 0 && options.masking !== false && (options.masking || !out.isTTY);
  const maskOut = wanted(options.stdout);
  const maskErr = wanted(options.stderr);
  const pipes: MaskedPipe[] = [];
  return {
    stdio: ['inherit', maskOut ? 'pipe' : 'inherit', maskErr ? 'pipe' : 'inherit'],
    unmaskedShort: maskOut || maskErr ? unmaskedShort : [],
    attach(child) {
      if (maskOut && child.stdout) pipes.push(pipeMasked(child.stdout, options.stdout, new SecretMasker(values)));
      if (maskErr && child.stderr) pipes.push(pipeMasked(child.stderr, options.stderr, new SecretMasker(values)));
    },
    async drained() {
      if (pipes.length === 0) return;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), DRAIN_AFTER_EXIT_MS);
      });
      const outcome = await Promise.race([Promise.all(pipes.map((pipe) => pipe.done)), timeout]);
      clearTimeout(timer);
      // A grandchild still holds the pipe: write what is held and stop reading, as the child is gone.
      if (outcome === 'timeout') for (const pipe of pipes) pipe.abandon();
    },
  };
}

interface MaskedPipe {
  readonly done: Promise<void>;
  abandon(): void;
}

/** Copies `from` to `to` through the masker, with backpressure; `done` when `from` ends. */
function pipeMasked(from: Readable, to: Writable, masker: SecretMasker): MaskedPipe {
  let finished = false;
  const write = (bytes: Buffer) => {
    if (bytes.length === 0) return;
    if (!to.write(bytes)) {
      from.pause();
      to.once('drain', () => from.resume());
    }
  };
  const finish = () => {
    if (finished) return;
    finished = true;
    write(masker.end());
  };
  const done = new Promise<void>((resolve) => {
    from.on('data', (chunk: Buffer) => {
      if (!finished) write(masker.write(chunk));
    });
    from.once('end', () => {
      finish();
      resolve();
    });
    // Our own side closing (`kubenv run ... | head`) is main.ts's: it exits 141 at once, and the
    // child's next write then finds the pipe closed, as it would without kubenv in between.
    from.once('error', () => resolve());
  });
  return {
    done,
    abandon() {
      finish();
      from.destroy();
    },
  };
}
