/**
 * `kubenv ls [-n ns] [-o table|wide|name|json] [--json]`: the targets of a namespace. On a
 * terminal a table like `kubectl get`; piped, or with `-o name`, bare target strings (pods once per
 * container, `pod/x/container/c`, as mirrord's `ls` prints them) for scripts; `--json` the same
 * strings as a JSON array.
 */
import { ConfigError } from '../../errors';
import { listTargets, type TargetListing } from '../../fetch/list-targets';
import { formatTarget } from '../../target/format';
import { fetchOptionsFrom } from '../fetch-options';
import type { CommonFlags } from '../options';
import { alignColumns, targetCells, targetHeader } from '../table';

const LS_FORMATS = ['table', 'wide', 'name', 'json'] as const;
type LsFormat = (typeof LS_FORMATS)[number];

/** Flags of `kubenv ls`. */
export interface LsFlags extends CommonFlags {
  readonly json?: boolean;
  readonly output?: string;
}

/** Prints the targets; resolves with the exit code. */
export async function lsCommand(flags: LsFlags): Promise<number> {
  const format = lsFormat(flags, Boolean(process.stdout.isTTY));
  const { namespace, kubeconfig, context, configFile, timeout } = fetchOptionsFrom(flags);
  const listing = await listTargets({ namespace, kubeconfig, context, configFile, timeout, env: process.env });
  for (const skip of listing.skipped) process.stderr.write(`kubenv: skipped ${skip.message}\n`);
  for (const warning of listing.warnings) process.stderr.write(`kubenv: warning: ${warning}\n`);
  process.stdout.write(render(listing, format));
  if (listing.targets.length === 0 && (format === 'table' || format === 'wide')) {
    process.stderr.write(`No targets found in namespace "${listing.namespace}".\n`);
  }
  return 0;
}

function lsFormat(flags: LsFlags, terminal: boolean): LsFormat {
  if (flags.json) return 'json';
  if (flags.output === undefined) return terminal ? 'table' : 'name';
  if ((LS_FORMATS as readonly string[]).includes(flags.output)) return flags.output as LsFormat;
  throw new ConfigError(`unknown output format ${JSON.stringify(flags.output)}`, {
    keyPath: '--output',
    expected: LS_FORMATS.join(', '),
    found: JSON.stringify(flags.output),
    hint: "Use `kubenv ls -o name` for target strings, `-o wide` for the table with each target's pod.",
  });
}

/** The bare target strings: pods once per container, every other kind once. */
function targetStrings(listing: TargetListing): string[] {
  return listing.targets.flatMap((entry) =>
    entry.kind === 'pod'
      ? entry.containers.map((container) => formatTarget({ kind: 'pod', name: entry.name, container }))
      : [entry.target],
  );
}

function render(listing: TargetListing, format: LsFormat): string {
  if (format === 'json') return `${JSON.stringify(targetStrings(listing), null, 2)}\n`;
  if (format === 'name')
    return targetStrings(listing)
      .map((target) => `${target}\n`)
      .join('');
  if (listing.targets.length === 0) return '';
  const wide = format === 'wide';
  const rows = [targetHeader({ wide }), ...listing.targets.map((entry) => targetCells(entry, { wide }))];
  return alignColumns(rows)
    .map((line) => `${line}\n`)
    .join('');
}
