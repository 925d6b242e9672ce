/**
 * Writing an environment in the formats `kubenv print` offers. Each writer quotes so that the
 * format's own reader gives back the exact values, and refuses (OutputFormatError, naming the
 * variable, never its value) what the format cannot hold.
 */
import { OutputFormatError } from '../errors';

/** The output formats of `kubenv print`. */
export const OUTPUT_FORMATS = ['dotenv', 'json', 'sh', 'docker', 'compose'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

type Env = Readonly<Record<string, string>>;

function sortedEntries(env: Env): Array<[string, string]> {
  return Object.entries(env).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Writes `env` in `format`; throws OutputFormatError for a value the format cannot hold. */
export function formatEnv(env: Env, format: OutputFormat): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(Object.fromEntries(sortedEntries(env)), null, 2)}\n`;
    case 'dotenv':
      return lines(env, (name, value) => `${checkName(name, format, DOTENV_NAME)}=${dotenvValue(name, value)}`);
    case 'sh':
      return lines(env, (name, value) => `export ${checkName(name, format, SHELL_NAME)}=${shellQuote(value)}`);
    case 'docker':
      return lines(env, (name, value) => `${checkName(name, format, DOCKER_NAME)}=${dockerValue(name, value)}`);
    case 'compose':
      return `environment:\n${lines(env, (name, value) => `  ${JSON.stringify(name)}: ${JSON.stringify(value.replaceAll('$', '$$$$'))}`)}`;
  }
}

function lines(env: Env, line: (name: string, value: string) => string): string {
  return sortedEntries(env)
    .map(([name, value]) => `${line(name, value)}\n`)
    .join('');
}

// What each reader accepts as a name: dotenv's key pattern, POSIX shell identifiers, and
// docker's env-file (anything without whitespace or `=`).
const DOTENV_NAME = /^[\w.-]+$/;
const SHELL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const DOCKER_NAME = /^[^\s=#][^\s=]*$/;

function checkName(name: string, format: OutputFormat, rule: RegExp): string {
  if (!rule.test(name)) throw new OutputFormatError(format, name, 'the name is not valid there');
  return name;
}

/**
 * dotenv (the `dotenv` package's reader): single quotes are literal and may span lines; backticks
 * likewise; double quotes turn `\n`/`\r` into newline/CR. Every reader line ending is normalised
 * to `\n` first, so a raw CR survives only as a `\r` escape in double quotes.
 */
function dotenvValue(name: string, value: string): string {
  const hasCR = value.includes('\r');
  // The reader takes `\<quote>` as part of the value, so a trailing backslash would swallow the closing quote.
  const quotable = !value.endsWith('\\');
  if (quotable && !hasCR && !value.includes("'")) return `'${value}'`;
  if (quotable && !hasCR && !value.includes('`')) return `\`${value}\``;
  // Double quotes: no `"` inside, and no literal `\n`/`\r` sequences the reader would turn into line breaks.
  if (quotable && !value.includes('"') && !/\\[nr]/.test(value)) return `"${value.replaceAll('\r', '\\r')}"`;
  // Unquoted: read up to `#` or the line end and trimmed; the reader strips a pair of equal
  // quotes around it, and expands `\n` escapes when it starts with `"`.
  const strippedAsQuoted = /^(['"`])[\s\S]*\1$/.test(value);
  const expandsEscapes = value.startsWith('"') && /\\[nr]/.test(value);
  if (/^[^\s#][^#\r\n]*$/.test(value) && value.trimEnd() === value && !strippedAsQuoted && !expandsEscapes)
    return value;
  throw new OutputFormatError(
    'dotenv',
    name,
    'the value mixes quote characters and line breaks in a way dotenv cannot quote',
  );
}

/** POSIX shell single quotes hold anything; a `'` is closed, escaped and reopened. */
function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** docker --env-file takes the rest of the line verbatim: no quoting, so no line breaks. */
function dockerValue(name: string, value: string): string {
  if (/[\r\n]/.test(value)) throw new OutputFormatError('docker', name, 'docker env files cannot hold line breaks');
  return value;
}
