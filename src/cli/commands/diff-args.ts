/**
 * The arguments of `kubenv diff <flags> --against <flags>`: the CLI entry splits them before
 * commander sees them (commander would let `-n production` overwrite `-n staging`).
 */
import { Command } from 'commander';
import { type CommonFlags, withCommonFlags } from '../options';

export type DiffFlags = CommonFlags & { format?: string };

/** Splits `kubenv diff ... --against ...` at `--against`: commander parses only the left side. */
export function splitAgainst(argv: readonly string[]): { argv: string[]; against: string[] | undefined } {
  const at = argv[2] === 'diff' ? argv.indexOf('--against') : -1;
  if (at === -1) return { argv: [...argv], against: undefined };
  return { argv: argv.slice(0, at), against: argv.slice(at + 1) };
}

/** Parses the `--against` side's flags: the shared flags, and `--format` for the whole diff. */
export function parseAgainst(args: readonly string[]): DiffFlags {
  const command = withCommonFlags(new Command('kubenv diff ... --against'))
    .option('--format <format>', 'text or json (for the whole diff; may stand on either side)')
    .exitOverride()
    .showHelpAfterError('(flags after --against: the shared flags of kubenv diff)');
  command.parse(args, { from: 'user' });
  return command.opts<DiffFlags>();
}
