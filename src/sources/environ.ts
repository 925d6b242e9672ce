/**
 * Parsing `/proc/<pid>/environ`: NUL-separated `NAME=value` entries, values may hold `=`,
 * newlines and any bytes. Never throws: odd entries become warnings that name the variable
 * (never its value).
 */

/** The variables and the warnings of one environ block. */
export interface ParsedEnviron {
  readonly env: Record<string, string>;
  readonly warnings: string[];
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lossyUtf8 = new TextDecoder('utf-8');

/** Splits an environ block into variables. The first of duplicate names wins, as getenv(3) does. */
export function parseEnviron(bytes: Uint8Array): ParsedEnviron {
  const env: Record<string, string> = Object.create(null);
  const warnings: string[] = [];
  let start = 0;
  let index = 0;
  while (start < bytes.length) {
    let end = bytes.indexOf(0, start);
    if (end === -1) end = bytes.length;
    index++;
    if (end > start) addEntry(bytes.subarray(start, end), index, env, warnings);
    start = end + 1;
  }
  return { env: { ...env }, warnings };
}

function addEntry(entry: Uint8Array, index: number, env: Record<string, string>, warnings: string[]): void {
  const equals = entry.indexOf(0x3d);
  if (equals <= 0) {
    // No name to show without risking a value: say where it was.
    warnings.push(`environ entry #${index} has no NAME= part; skipped`);
    return;
  }
  const name = decode(entry.subarray(0, equals));
  if (name === undefined) {
    warnings.push(`environ entry #${index} has a name that is not valid UTF-8; skipped`);
    return;
  }
  if (name in env) {
    warnings.push(`${name} appears more than once in the environ; the first value is used`);
    return;
  }
  const rawValue = entry.subarray(equals + 1);
  const value = decode(rawValue);
  if (value === undefined) {
    warnings.push(`${name} has a value that is not valid UTF-8; invalid bytes were replaced with U+FFFD`);
    env[name] = lossyUtf8.decode(rawValue);
    return;
  }
  env[name] = value;
}

function decode(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}
