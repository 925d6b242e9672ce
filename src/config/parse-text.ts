/**
 * Parsing config file text (JSON, YAML, TOML) into plain values. A syntax error becomes a
 * ConfigError with the file and the line and column, but never the parser's message as is:
 * parsers quote the surrounding source, and that may be a secret.
 */
import { ConfigError } from '../errors';

/**
 * Syntaxes a config file can be written in.
 * @internal
 */
export type ConfigSyntax = 'json' | 'yaml' | 'toml';

/** The syntax of a file by its extension; `undefined` for anything else. */
export function syntaxOf(file: string): ConfigSyntax | undefined {
  const extension = /\.([^./\\]+)$/.exec(file)?.[1]?.toLowerCase();
  if (extension === 'json') return 'json';
  if (extension === 'yaml' || extension === 'yml') return 'yaml';
  if (extension === 'toml') return 'toml';
  return undefined;
}

/**
 * Parses `text` as `syntax`. Empty text (only whitespace or comments) gives `undefined`.
 * Heavy parsers are imported here, on first use.
 */
export async function parseConfigText(text: string, syntax: ConfigSyntax, file: string): Promise<unknown> {
  const source = text.replace(/^\uFEFF/, '');
  if (syntax === 'json') return parseJson(source, file);
  if (syntax === 'yaml') {
    const yaml = await import('js-yaml');
    try {
      return yaml.load(source);
    } catch (error) {
      if (source.trim() === '' || /input is empty/.test(reasonOf(error))) return undefined;
      const mark = (error as { mark?: { line: number; column: number } }).mark;
      throw syntaxError(file, 'YAML', reasonOf(error), mark && { line: mark.line + 1, column: mark.column + 1 }, error);
    }
  }
  const toml = await import('smol-toml');
  try {
    const parsed = toml.parse(source);
    return Object.keys(parsed).length === 0 ? undefined : parsed;
  } catch (error) {
    const { line, column } = error as { line?: number; column?: number };
    // smol-toml's message is "Invalid TOML document: <reason>\n\n<source excerpt>": keep the reason.
    const reason = reasonOf(error)
      .split('\n')[0]!
      .replace(/^Invalid TOML document:\s*/, '');
    const at = typeof line === 'number' && typeof column === 'number' ? { line, column } : undefined;
    throw syntaxError(file, 'TOML', reason, at, error);
  }
}

/** Parses JSON; on error finds the position itself (V8 does not always give one). */
export function parseJson(text: string, file: string): unknown {
  const source = text.replace(/^\uFEFF/, '');
  if (source.trim() === '') return undefined;
  try {
    return JSON.parse(source);
  } catch (error) {
    const offset = jsonErrorOffset(source);
    const reason = offset >= source.length ? 'unexpected end of input' : 'unexpected character';
    throw syntaxError(file, 'JSON', reason, lineColumn(source, offset), error);
  }
}

function reasonOf(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const { reason, message } = error as { reason?: unknown; message?: unknown };
    if (typeof reason === 'string') return reason;
    if (typeof message === 'string') return message;
  }
  return String(error);
}

/**
 * A parser's reason without the input it may quote: js-yaml writes `unknown scalar tag
 * !<tag:yaml.org,2002:<text of the file>>`, TOML parsers quote characters. The words up to the
 * first quote, `!`, `<`, `:` or the like are kept (the fuzz suite found the tag case).
 */
function genericReason(reason: string): string {
  const kept = /^[A-Za-z][A-Za-z0-9 ,;()-]*/.exec(reason)?.[0] ?? '';
  const words = kept.replace(/[\s,;(-]+$/, '').replace(/\($/, '');
  return words === '' ? 'syntax error' : words;
}

function syntaxError(
  file: string,
  language: string,
  reason: string,
  at: { line: number; column: number } | undefined,
  cause: unknown,
): ConfigError {
  const where = at ? ` at line ${at.line}, column ${at.column}` : '';
  const shown = genericReason(reason);
  return new ConfigError(`the file is not valid ${language}${where} (${shown})`, {
    file,
    hint: `Fix the ${language} syntax${at ? ` on line ${at.line}` : ''}.`,
    // The parser's own error quotes lines of the file (a `mark.snippet`, a source excerpt in the
    // message): `--debug` and util.inspect would print them, secrets included. Keep its kind only.
    cause: withoutSourceText(cause, `${language} syntax error${where}: ${shown}`),
  });
}

/**
 * A stand-in for an error that may carry text of a config file (a parser's excerpt, a stack that
 * quotes the failing line): same name, the given one-line message, no stack, no other fields.
 * @internal
 */
export function withoutSourceText(error: unknown, message: string): Error {
  const safe = new Error(message);
  safe.name = error instanceof Error ? error.name : 'Error';
  safe.stack = `${safe.name}: ${message}`;
  return safe;
}

/** 1-based line and column of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/**
 * The offset of the first character that makes `text` invalid JSON (`text.length` when it ends
 * too early). A small recursive-descent scan, run only after `JSON.parse` has failed.
 */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const fail = (): never => {
    throw new JsonScanStop(i);
  };
  const skipSpace = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const expect = (char: string): void => {
    if (text[i] !== char) fail();
    i++;
  };
  const string = (): void => {
    expect('"');
    while (i < text.length) {
      const char = text[i]!;
      if (char === '"') {
        i++;
        return;
      }
      if (char === '\\') {
        i++;
        const escaped = text[i];
        if (escaped === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail();
          i += 5;
        } else if (escaped !== undefined && '"\\/bfnrt'.includes(escaped)) i++;
        else fail();
      } else if (char.charCodeAt(0) < 0x20) fail();
      else i++;
    }
    fail();
  };
  const value = (): void => {
    skipSpace();
    const char = text[i];
    if (char === '{') {
      i++;
      skipSpace();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        skipSpace();
        string();
        skipSpace();
        expect(':');
        value();
        skipSpace();
        if (text[i] !== ',') {
          expect('}');
          return;
        }
        i++;
      }
    }
    if (char === '[') {
      i++;
      skipSpace();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        skipSpace();
        if (text[i] !== ',') {
          expect(']');
          return;
        }
        i++;
      }
    }
    if (char === '"') {
      string();
      return;
    }
    for (const literal of ['true', 'false', 'null']) {
      if (text.startsWith(literal, i)) {
        i += literal.length;
        return;
      }
    }
    const number = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    number.lastIndex = i;
    if (!number.test(text)) fail();
    i = number.lastIndex;
  };
  try {
    value();
    skipSpace();
    if (i < text.length) fail();
  } catch (stop) {
    if (stop instanceof JsonScanStop) return stop.offset;
    throw stop;
  }
  return text.length;
}

class JsonScanStop {
  constructor(readonly offset: number) {}
}
