/**
 * The CLI's fast path (src/cli/fast-argv.ts) against commander (src/cli/program.ts): wherever the
 * fast path takes an argv, commander accepts it too and hands the command the same flags and
 * arguments; whatever commander refuses, the fast path leaves to commander.
 */
import { CommanderError } from 'commander';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFastArgv } from '../../src/cli/fast-argv';
import { buildProgram } from '../../src/cli/program';

type Parsed = { ok: true; name: string; command?: string[]; flags: Record<string, unknown> } | { ok: false };

/** What commander hands the command's action for `argv`, or that it refused it. */
function parseWithCommander(argv: readonly string[]): Parsed {
  let result: Parsed = { ok: false };
  const record = (name: string, flags: object, command?: string[]) => {
    result = { ok: true, name, ...(command ? { command } : {}), flags: { ...flags } };
  };
  const program = buildProgram({
    run: async (command, flags) => record('run', flags, command),
    print: async (flags) => record('print', flags),
    ls: async (flags) => record('ls', flags),
    resolve: async (flags) => record('resolve', flags),
    diff: async (flags) => record('diff', flags),
  });
  const silent = { writeOut: () => {}, writeErr: () => {}, outputError: () => {} };
  program.configureOutput(silent);
  for (const command of program.commands) command.configureOutput(silent);
  try {
    program.parse([...argv], { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    return { ok: false };
  }
  return result;
}

function parseFast(argv: readonly string[]): Parsed | undefined {
  const fast = parseFastArgv(argv);
  if (!fast) return undefined;
  return {
    ok: true,
    name: fast.name,
    ...('command' in fast ? { command: fast.command } : {}),
    flags: { ...fast.flags },
  };
}

// Tokens of the documented forms (README "CLI"), flags only commander knows, and edge cases.
const TOKENS = [
  ...['-t', '--target', '--target=deploy/api', '--target=', 'pod/x/container/app', 'targetless'],
  ...['-n', '--target-namespace', '--target-namespace=shop', 'staging'],
  ...['-s', '--include', '--include=DB_*;REDIS_URL', '-x', '--exclude', '--exclude=SECRET_*', 'API_*'],
  ...['--env-file', '.env', '-f', '--config-file', 'kubenv.yaml', '--config-file=.mirrord/mirrord.json'],
  ...['--context', 'kind-dev', '--kubeconfig', '/tmp/kubeconfig', '--source', 'exec', '--timeout', '5000'],
  ...['--local-wins', '--debug', '--debug=1', '--local-wins=true'],
  ...['--format', 'json', '--format=sh', '-o', 'out.env', '--output', '--no-input', '-q', '--quiet'],
  ...['--masking', '--no-masking', '--json', '--against', '--help', '-h', '--version', '-V'],
  ...['--', '-', 'npm', 'test', '-tx', '-ts', '--tar', '--unknown', '-z', '-t=x', 'node', '-e', '1'],
];

describe('the fast argv parser', () => {
  it('takes the common forms, so they skip commander', () => {
    for (const argv of [
      ['print', '-t', 'pod/x/container/app', '-n', 'bench'],
      ['print', '--target=deployment/checkout', '--kubeconfig', 'k', '--context', 'c', '-s', 'A_*', '-x', 'B'],
      ['run', '-t', 'deploy/api', '--', 'npm', 'test', '--', '-t', 'x'],
      ['run', '--target', 'deploy/api', 'node', '-e', '1'],
      ['resolve', '-t', 'deploy/api', '--debug', '--local-wins'],
      // Each command's own flags.
      ['print', '-t', 'deploy/api', '--format', 'json'],
      ['print', '--format=sh', '-o', 'out.env', '--no-input'],
      ['run', '-q', '--no-masking', '-t', 'deploy/api', '--', 'env'],
      ['run', '--quiet', '--masking', '--no-input', 'env'],
      ['resolve', '-t', 'deploy/api', '--json'],
    ]) {
      expect(parseFast(argv), argv.join(' ')).toEqual(parseWithCommander(argv));
      expect(parseFast(argv), argv.join(' ')).toBeDefined();
    }
  });

  it("leaves help, version, another command's flags and a repeated switch to commander", () => {
    for (const argv of [
      ['--version'],
      ['print', '--help'],
      ['print', '--json'],
      ['run', '--format', 'json', '--', 'env'],
      ['run', '--masking', '--no-masking', '--', 'env'],
      ['resolve', '-q'],
      ['ls'],
      ['diff', '-n', 'a', '--against', '-n', 'b'],
    ]) {
      expect(parseFastArgv(argv), argv.join(' ')).toBeUndefined();
    }
  });

  it('agrees with commander on every argv it takes, and takes none that commander refuses', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('print', 'run', 'resolve'),
        fc.array(fc.constantFrom(...TOKENS), { maxLength: 7 }),
        (name, rest) => {
          const argv = [name, ...rest];
          const fast = parseFast(argv);
          if (fast) expect(fast).toEqual(parseWithCommander(argv));
        },
      ),
      { numRuns: 4000 },
    );
  });
});
