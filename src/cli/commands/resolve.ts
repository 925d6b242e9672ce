/**
 * `kubenv resolve`: which pod and container a target resolves to, and why.
 */
import { resolveTarget } from '../../fetch/fetch-remote-env';
import { fetchOptionsFrom } from '../fetch-options';
import type { CommonFlags } from '../options';

/** Prints the resolution; resolves with the exit code. */
export async function resolveCommand(flags: CommonFlags & { json?: boolean }): Promise<number> {
  const resolved = await resolveTarget({ ...fetchOptionsFrom(flags), env: process.env });
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(resolved, null, 2)}\n`);
    return 0;
  }
  const rows: Array<[string, string | undefined]> = [
    ['target', resolved.target],
    ['namespace', resolved.namespace],
    ['pod', resolved.pod ?? '(none: pod template)'],
    ['container', `${resolved.container} (${resolved.containerChoice})`],
    ['revision', resolved.revision],
    ['state', resolved.podState],
    ['candidates', String(resolved.candidates)],
    ['why', resolved.reason],
  ];
  for (const [key, value] of rows) if (value !== undefined) process.stdout.write(`${key.padEnd(11)}${value}\n`);
  return 0;
}
