/**
 * `kubenv ls [-n ns] [--json]`: targets in a namespace.
 */
import { listTargets } from '../../fetch/list-targets';
import { fetchOptionsFrom } from '../fetch-options';
import type { CommonFlags } from '../options';

/** Prints the targets; resolves with the exit code. */
export async function lsCommand(flags: CommonFlags & { json?: boolean }): Promise<number> {
  const listing = await listTargets({ ...fetchOptionsFrom(flags), env: process.env });
  for (const note of listing.skipped) process.stderr.write(`kubenv: skipped ${note}\n`);
  if (flags.json) process.stdout.write(`${JSON.stringify(listing.targets, null, 2)}\n`);
  else for (const target of listing.targets) process.stdout.write(`${target}\n`);
  return 0;
}
