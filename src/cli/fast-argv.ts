/**
 * The CLI's fast path: `print`, `run` and `resolve` with their flags parsed without loading
 * commander, which with building the program costs more than the rest of a cold start's
 * JavaScript (issue 12). It accepts only a plain subset (`--flag value`, `--flag=value`,
 * `-t value`, each value flag once, `--include`/`--exclude` repeatable) and gives up, returning
 * undefined, on anything else: `--help`, `--version`, a flag only commander knows, a value that
 * looks like a flag, a repeated flag, an argument where none is expected. Then ./program.ts
 * parses as before, errors and help included. test/unit/cli-fast-argv.test.ts proves that on
 * every argv both accept they give the same flags.
 */
import type { CommonFlags } from './options';
import type { PrintFlags, ResolveFlags, RunFlags } from './program';

/** A command the fast path parsed. */
export type FastCommand =
  | { readonly name: 'print'; readonly flags: PrintFlags }
  | { readonly name: 'resolve'; readonly flags: ResolveFlags }
  | { readonly name: 'run'; readonly command: string[]; readonly flags: RunFlags };

type Key = keyof CommonFlags | 'format' | 'output' | 'input' | 'quiet' | 'masking' | 'json';

/** How a flag sets its key: to the value after it, to the values after each, or to a constant. */
type FlagSpec = readonly [Key, 'value' | 'values' | boolean];

// The shared flags of ./options.ts.
const SHARED_LONG: Readonly<Record<string, FlagSpec>> = {
  '--target': ['target', 'value'],
  '--target-namespace': ['targetNamespace', 'value'],
  '--include': ['include', 'values'],
  '--exclude': ['exclude', 'values'],
  '--env-file': ['envFile', 'value'],
  '--config-file': ['configFile', 'value'],
  '--context': ['context', 'value'],
  '--kubeconfig': ['kubeconfig', 'value'],
  '--source': ['source', 'value'],
  '--timeout': ['timeout', 'value'],
  '--local-wins': ['localWins', true],
  '--debug': ['debug', true],
};
const SHARED_SHORT: Readonly<Record<string, string>> = {
  '-t': '--target',
  '-n': '--target-namespace',
  '-s': '--include',
  '-x': '--exclude',
  '-f': '--config-file',
};

// Each command's own flags (./program.ts): `print --format json`, `run -q` are common too.
const COMMAND_LONG: Readonly<Record<FastCommand['name'], Readonly<Record<string, FlagSpec>>>> = {
  print: { '--format': ['format', 'value'], '--output': ['output', 'value'], '--no-input': ['input', false] },
  run: {
    '--quiet': ['quiet', true],
    '--no-input': ['input', false],
    '--masking': ['masking', true],
    '--no-masking': ['masking', false],
  },
  resolve: { '--json': ['json', true] },
};
const COMMAND_SHORT: Readonly<Record<FastCommand['name'], Readonly<Record<string, string>>>> = {
  print: { '-o': '--output' },
  run: { '-q': '--quiet' },
  resolve: {},
};

/** The flags `command` takes: the shared ones and its own. */
function flagSpec(command: FastCommand['name'], flag: string): FlagSpec | undefined {
  if (Object.hasOwn(SHARED_LONG, flag)) return SHARED_LONG[flag];
  return Object.hasOwn(COMMAND_LONG[command], flag) ? COMMAND_LONG[command][flag] : undefined;
}

/** Parses `argv` (without node and the script), or returns undefined to leave it to commander. */
export function parseFastArgv(argv: readonly string[]): FastCommand | undefined {
  const [name, ...rest] = argv;
  if (name !== 'print' && name !== 'run' && name !== 'resolve') return undefined;
  const flags: Record<string, unknown> = {};
  let index = 0;
  for (; index < rest.length; index++) {
    const arg = rest[index] as string;
    if (arg === '--' || !arg.startsWith('-') || arg === '-') break;
    const equals = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const short = Object.hasOwn(SHARED_SHORT, arg) ? SHARED_SHORT[arg] : COMMAND_SHORT[name][arg];
    const flag = equals === -1 ? (short ?? arg) : arg.slice(0, equals);
    const spec = flagSpec(name, flag);
    if (!spec) return undefined;
    const [key, sets] = spec;
    if (key in flags && sets !== 'values') return undefined;
    if (typeof sets === 'boolean') {
      if (equals !== -1) return undefined;
      flags[key] = sets;
      continue;
    }
    const value = equals === -1 ? rest[++index] : arg.slice(equals + 1);
    if (value === undefined || value.startsWith('-')) return undefined;
    flags[key] = sets === 'values' ? [...((flags[key] as string[] | undefined) ?? []), value] : value;
  }
  // What commander sets without a flag: the defaults of --format and of the --no-input negation.
  if (name === 'print')
    return index === rest.length ? { name, flags: { format: 'dotenv', input: true, ...flags } } : undefined;
  if (name === 'resolve') return index === rest.length ? { name, flags } : undefined;
  const command = rest.slice(rest[index] === '--' ? index + 1 : index);
  if (command.length === 0) return undefined;
  return { name, command, flags: { input: true, ...flags } };
}
