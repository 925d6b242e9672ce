/**
 * The commands a simulated container can run, with busybox's behaviour and messages: `cat`
 * (of `/proc/<pid>/environ|cmdline`), `env`, `printenv`, `echo`, `true`, `false`, `ls`,
 * `readlink`, and `sh -c` for the one-line forms `exit N` and `echo ...`.
 */
import { randomBytes } from 'node:crypto';
import { environEntries } from './environ';
import type { ExecContext, SimulatedProcess } from './processes';

/** How an exec ended. */
export type ExecResult =
  | { readonly kind: 'exited'; readonly stdout: Buffer; readonly stderr: Buffer; readonly exitCode: number }
  /** The runtime could not start the process; `cause` is the CRI error text. */
  | { readonly kind: 'start-failed'; readonly cause: string };

type Output = { stdout: Buffer[]; stderr: Buffer[] };
type Program = (args: readonly string[], context: ExecContext, output: Output) => number;

const text = (value: string): Buffer => Buffer.from(value, 'utf8');

function processFor(pid: string, context: ExecContext): SimulatedProcess | undefined {
  if (pid === 'self' || pid === String(context.self.pid)) return context.self;
  return /^\d+$/.test(pid) ? context.processes.get(Number(pid)) : undefined;
}

function readFile(path: string, context: ExecContext): Buffer | undefined {
  const match = /^\/proc\/([^/]+)\/(environ|cmdline)$/.exec(path);
  if (match === null) return undefined;
  const process = processFor(match[1] ?? '', context);
  if (process === undefined) return undefined;
  if (match[2] === 'environ') return process.environ;
  return Buffer.concat(process.cmdline.map((arg) => text(`${arg}\0`)));
}

const cat: Program = (args, context, output) => {
  let exitCode = 0;
  for (const file of args) {
    if (file === '-') continue; // stdin is closed: nothing to copy
    const content = readFile(file, context);
    if (content === undefined) {
      output.stderr.push(text(`cat: ${file}: No such file or directory\n`));
      exitCode = 1;
    } else output.stdout.push(content);
  }
  return exitCode;
};

const env: Program = (args, context, output) => {
  const nulSeparated = args.length === 1 && (args[0] === '-0' || args[0] === '--null');
  if (args.length > 0 && !nulSeparated) {
    output.stderr.push(text(`env: the simulated env only prints the environment (no arguments but -0)\n`));
    return 125;
  }
  for (const entry of environEntries(context.self.environ)) {
    output.stdout.push(entry, Buffer.from([nulSeparated ? 0 : 0x0a]));
  }
  return 0;
};

const printenv: Program = (args, context, output) => {
  const entries = environEntries(context.self.environ);
  if (args.length === 0) {
    for (const entry of entries) output.stdout.push(entry, Buffer.from([0x0a]));
    return 0;
  }
  let exitCode = 0;
  for (const name of args) {
    const prefix = text(`${name}=`);
    const entry = entries.find((candidate) => candidate.subarray(0, prefix.length).equals(prefix));
    if (entry === undefined) exitCode = 1;
    else output.stdout.push(entry.subarray(prefix.length), Buffer.from([0x0a]));
  }
  return exitCode;
};

const echo: Program = (args, _context, output) => {
  const noNewline = args[0] === '-n';
  const words = noNewline ? args.slice(1) : args;
  output.stdout.push(text(words.join(' ') + (noNewline ? '' : '\n')));
  return 0;
};

const ls: Program = (args, context, output) => {
  const listings: Record<string, string[]> = {
    '/': ['bin', 'dev', 'etc', 'home', 'proc', 'root', 'sys', 'tmp', 'usr', 'var'],
    '/proc': [...[...context.processes.keys(), context.self.pid].sort((a, b) => a - b).map(String), 'self'],
  };
  let exitCode = 0;
  for (const path of args.length === 0 ? ['/'] : args) {
    const normalized = path.length > 1 ? path.replace(/\/+$/, '') : path;
    const procDirectory = /^\/proc\/([^/]+)$/.exec(normalized);
    const entries =
      listings[normalized] ??
      (procDirectory && processFor(procDirectory[1] ?? '', context) ? ['cmdline', 'environ', 'exe'] : undefined);
    if (entries === undefined) {
      output.stderr.push(text(`ls: ${path}: No such file or directory\n`));
      exitCode = 1;
    } else output.stdout.push(text(`${entries.join('\n')}\n`));
  }
  return exitCode;
};

const readlink: Program = (args, context, output) => {
  const match = /^\/proc\/([^/]+)\/exe$/.exec(args.at(-1) ?? '');
  const process = match ? processFor(match[1] ?? '', context) : undefined;
  const executable = process?.cmdline[0];
  if (executable === undefined) return 1;
  output.stdout.push(text(`${executable.startsWith('/') ? executable : `/bin/${executable}`}\n`));
  return 0;
};

// Words of a one-line script: quotes and $NAME / ${NAME} expansion from the exec environment.
function shellWords(script: string, context: ExecContext): string[] {
  const environment = new Map<string, string>();
  for (const entry of environEntries(context.self.environ)) {
    const line = entry.toString('utf8');
    const equals = line.indexOf('=');
    if (equals > 0) environment.set(line.slice(0, equals), line.slice(equals + 1));
  }
  const expand = (value: string): string =>
    value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_all, braced, bare) => {
      return environment.get(braced ?? bare) ?? '';
    });
  const words: string[] = [];
  const pattern = /'([^']*)'|"((?:[^"\\]|\\.)*)"|([^\s'"]+)|(\s+)/g;
  let current: string | undefined;
  for (const match of script.matchAll(pattern)) {
    if (match[4] !== undefined) {
      if (current !== undefined) words.push(current);
      current = undefined;
      continue;
    }
    const piece =
      match[1] !== undefined
        ? match[1]
        : match[2] !== undefined
          ? expand(match[2].replace(/\\(.)/g, '$1'))
          : expand(match[3] ?? '');
    current = (current ?? '') + piece;
  }
  if (current !== undefined) words.push(current);
  return words;
}

const sh: Program = (args, context, output) => {
  if (args[0] !== '-c') return 0; // a shell reading the (closed) stdin exits at once
  const script = (args[1] ?? '').trim();
  const exit = /^exit(?:\s+(\d+))?\s*;?$/.exec(script);
  if (exit !== null) return Number(exit[1] ?? '0') % 256;
  if (/^echo(\s|$)/.test(script)) return echo(shellWords(script, context).slice(1), context, output);
  output.stderr.push(text(`sh: the simulated shell runs only "exit N" and "echo ..." one-liners, not: ${script}\n`));
  return 2;
};

const programs: Readonly<Record<string, Program>> = {
  cat,
  env,
  printenv,
  echo,
  ls,
  readlink,
  sh,
  true: () => 0,
  false: () => 1,
};

function notFoundMessage(executable: string): string {
  return executable.includes('/')
    ? `exec: "${executable}": stat ${executable}: no such file or directory`
    : `exec: "${executable}": executable file not found in $PATH`;
}

/** Runs `command` in a simulated container. */
export function runCommand(command: readonly string[], context: ExecContext): ExecResult {
  const executable = command[0] ?? '';
  const name = executable.slice(executable.lastIndexOf('/') + 1);
  if (!context.executables.has(name)) {
    const oci = `OCI runtime exec failed: exec failed: unable to start container process: ${notFoundMessage(executable)}: unknown`;
    if (context.engine === 'docker') {
      return { kind: 'exited', stdout: Buffer.alloc(0), stderr: text(`${oci}\r\n`), exitCode: 126 };
    }
    const execId = randomBytes(32).toString('hex');
    return { kind: 'start-failed', cause: `failed to exec in container: failed to start exec "${execId}": ${oci}` };
  }
  const output: Output = { stdout: [], stderr: [] };
  const program = programs[name];
  let exitCode: number;
  if (program === undefined) {
    output.stderr.push(text(`${name}: listed in the simulated container's executables but not simulated\n`));
    exitCode = 126;
  } else exitCode = program(command.slice(1), context, output);
  return { kind: 'exited', stdout: Buffer.concat(output.stdout), stderr: Buffer.concat(output.stderr), exitCode };
}
