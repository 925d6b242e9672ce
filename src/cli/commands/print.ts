/**
 * `kubenv print [--format F] [-o FILE]`: the remote variables after the pipeline, not merged with
 * the local env. A file is written atomically with mode 0600: it holds secrets.
 */
import { chmod, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '../../errors';
import { fetchRemoteEnv } from '../../fetch/fetch-remote-env';
import { formatEnv, OUTPUT_FORMATS, type OutputFormat } from '../formats';
import { type CommonFlags, fetchOptionsFrom } from '../options';
import { targetLines } from '../target-lines';

/** Prints or writes the remote env; resolves with the exit code. */
export async function printCommand(flags: CommonFlags & { format?: string; output?: string }): Promise<number> {
  const format = (flags.format ?? 'dotenv') as OutputFormat;
  if (!OUTPUT_FORMATS.includes(format)) {
    throw new ConfigError(`unknown output format ${JSON.stringify(flags.format)}`, {
      keyPath: '--format',
      expected: OUTPUT_FORMATS.join(', '),
      found: JSON.stringify(flags.format),
      hint: `Use --format with one of: ${OUTPUT_FORMATS.join(', ')}.`,
    });
  }
  const remote = await fetchRemoteEnv({ ...fetchOptionsFrom(flags), env: process.env });
  // Format everything before writing anything: a refused value leaves no half-written file.
  const text = formatEnv(remote.remote, format);
  process.stderr.write(targetLines(remote));
  for (const warning of remote.warnings) process.stderr.write(`kubenv: warning: ${warning}\n`);
  if (flags.output) {
    await writePrivateFile(path.resolve(flags.output), text);
    process.stderr.write(`kubenv: wrote ${remote.names.length} variables to ${flags.output} (mode 0600)\n`);
  } else {
    process.stdout.write(text);
  }
  return 0;
}

async function writePrivateFile(file: string, text: string): Promise<void> {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    await writeFile(temporary, text, { mode: 0o600, flag: 'wx' });
    await chmod(temporary, 0o600);
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new ConfigError(`cannot write ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`, {
      keyPath: '--output',
      hint: 'Check that the directory exists and is writable.',
      cause: error,
    });
  }
}
