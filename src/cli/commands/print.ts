/**
 * `kubenv print [--format F] [-o FILE]`: the remote variables after the pipeline, not merged with
 * the local env. How `-o` writes (atomically, mode 0600, into devices and pipes directly) is in
 * ../write-output.ts.
 */
import path from 'node:path';
import { ConfigError } from '../../errors';
import { fetchRemoteEnv } from '../../fetch/fetch-remote-env';
import { fetchOptionsFrom } from '../fetch-options';
import { formatEnv, OUTPUT_FORMATS, type OutputFormat } from '../formats';
import type { CommonFlags } from '../options';
import { withPickedTarget } from '../picker';
import { targetLines } from '../target-lines';

/** Prints or writes the remote env; resolves with the exit code. */
export async function printCommand(
  flags: CommonFlags & { format?: string; output?: string; input?: boolean },
): Promise<number> {
  const format = (flags.format ?? 'dotenv') as OutputFormat;
  if (!OUTPUT_FORMATS.includes(format)) {
    throw new ConfigError(`unknown output format ${JSON.stringify(flags.format)}`, {
      keyPath: '--format',
      expected: OUTPUT_FORMATS.join(', '),
      found: JSON.stringify(flags.format),
      hint: `Use --format with one of: ${OUTPUT_FORMATS.join(', ')}.`,
    });
  }
  // No target anywhere and a person at the terminal: let them pick one (src/cli/picker.ts).
  const chosen = await withPickedTarget(flags);
  if (!chosen) return 130;
  const remote = await fetchRemoteEnv({ ...fetchOptionsFrom(chosen), env: process.env });
  // Format everything before writing anything: a refused value leaves no half-written file.
  const text = formatEnv(remote.remote, format);
  process.stderr.write(targetLines(remote));
  for (const warning of remote.warnings) process.stderr.write(`kubenv: warning: ${warning}\n`);
  if (flags.output) {
    // Imported here: it loads node:fs/promises, which a print to stdout never needs.
    const { writeOutput } = await import('../write-output');
    const kind = await writeOutput(path.resolve(flags.output), text);
    const mode = kind === 'file' ? ' (mode 0600)' : '';
    process.stderr.write(`kubenv: wrote ${remote.names.length} variables to ${flags.output}${mode}\n`);
  } else {
    process.stdout.write(text);
  }
  return 0;
}
