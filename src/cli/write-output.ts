/**
 * Writing `kubenv print -o PATH`. The text holds secrets, so a regular file is written with mode
 * 0600 and atomically (a temporary file renamed over it): a reader never sees half a file, and a
 * refused write leaves the old one. Anything that is not a regular file (a FIFO, a terminal,
 * `/dev/null`, `/dev/stdout`, `/proc/self/fd/N`) is written into directly: renaming over it would
 * replace the device node or pipe with a regular file full of secrets.
 *
 * Symlinks are followed, as a shell's `>` follows them: the file the link points to is replaced
 * (atomically, next to itself) and the link stays; a dangling link creates its target.
 */
import { fstatSync, type Stats } from 'node:fs';
import { chmod, lstat, open, realpath, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '../errors';

/** How the text was written: into a regular file (mode 0600), or into a device, pipe or stream. */
export type OutputKind = 'file' | 'stream';

/** Writes `text` to `file` as described above. */
export async function writeOutput(file: string, text: string): Promise<OutputKind> {
  const target = await statOrUndefined(file, stat);
  if (target?.isDirectory()) {
    throw outputError(file, 'it is a directory', 'Name a file inside it, e.g. `-o dir/.env`.');
  }
  if (target !== undefined && !target.isFile()) {
    // `/dev/stdout` of a process whose stdout is a socket (as Node's `spawn` pipes are) cannot be
    // opened again (ENXIO): when the path is our own stdout, write to the stream we hold.
    await (isSameNode(target, 1) ? writeToStdout(text) : writeInto(file, text));
    return 'stream';
  }
  const link = await statOrUndefined(file, lstat);
  // A dangling symlink: create its target through the link, as `>` does.
  if (target === undefined && link?.isSymbolicLink()) await writeInto(file, text, 0o600);
  else await replaceAtomically(target === undefined ? file : await realpath(file), text);
  return 'file';
}

async function statOrUndefined(file: string, how: (file: string) => Promise<Stats>): Promise<Stats | undefined> {
  try {
    return await how(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw outputError(
      file,
      `it cannot be inspected (${code ?? 'error'})`,
      'Check the path and its permissions.',
      error,
    );
  }
}

function isSameNode(stats: Stats, fd: number): boolean {
  try {
    const own = fstatSync(fd);
    return own.dev === stats.dev && own.ino === stats.ino;
  } catch {
    return false;
  }
}

function writeToStdout(text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    process.stdout.write(text, (error) => (error ? reject(error) : resolve()));
  });
}

/** Writes into the existing node (device, pipe); `createMode` when it creates a dangling link's target. */
async function writeInto(file: string, text: string, createMode?: number): Promise<void> {
  try {
    const handle = await open(file, 'w', createMode);
    try {
      await handle.writeFile(text);
    } finally {
      await handle.close();
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // The reader of a pipe or terminal went away: nothing more to do, like a shell's EPIPE.
    if (code === 'EPIPE') return;
    throw outputError(file, `it cannot be written (${code ?? 'error'})`, 'Check the path and its permissions.', error);
  }
}

async function replaceAtomically(file: string, text: string): Promise<void> {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    const handle = await open(temporary, 'wx', 0o600);
    try {
      await handle.writeFile(text);
    } finally {
      await handle.close();
    }
    // The umask cannot widen 0600, but a stricter one could narrow it: set it exactly.
    await chmod(temporary, 0o600);
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw outputError(
      file,
      `it cannot be written (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      'Check that the directory exists and is writable.',
      error,
    );
  }
}

function outputError(file: string, problem: string, hint: string, cause?: unknown): ConfigError {
  return new ConfigError(`cannot write ${file}: ${problem}`, { keyPath: '--output', hint, cause });
}
