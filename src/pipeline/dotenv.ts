/**
 * The `env_file` of the pipeline: a dotenv file, parsed by the `dotenv` package (the format
 * people know from `.env` files: `KEY=value`, quotes, `#` comments, `export` prefixes).
 */

import { parse } from 'dotenv';
import { ConfigError, type ConfigErrorDetails } from '../errors';
import { readText } from '../util/local-files';

/**
 * Parses dotenv text into a new object of NAME → value.
 * @example
 * ```ts
 * parseDotenv('DB_HOST=localhost\nGREETING="hello\\nworld"') // { DB_HOST: 'localhost', GREETING: 'hello\nworld' }
 * ```
 */
export function parseDotenv(text: string): Record<string, string> {
  // Copy through entries so a `__proto__=` line becomes a plain own property.
  return Object.fromEntries(Object.entries(parse(text)));
}

/**
 * Where the env_file setting came from, for error messages.
 */
export type EnvFileOrigin = Pick<ConfigErrorDetails, 'file' | 'variable' | 'keyPath'>;

/**
 * Reads and parses a dotenv file.
 *
 * @param path - the file; resolve relative paths before calling.
 * @param origin - where the setting came from (config file and key, or variable), for errors.
 * @throws {@link ConfigError} naming the file when it is missing, a directory or unreadable.
 * @example
 * ```ts
 * const vars = await readEnvFile('/work/app/.env.staging')
 * ```
 */
export async function readEnvFile(path: string, origin: EnvFileOrigin = {}): Promise<Record<string, string>> {
  let text: string;
  try {
    text = readText(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    const problem =
      code === 'ENOENT' || code === 'ENOTDIR'
        ? 'does not exist'
        : code === 'EISDIR'
          ? 'is a directory, not a file'
          : code === 'EACCES' || code === 'EPERM'
            ? 'cannot be read: permission denied'
            : `cannot be read${code ? ` (${code})` : ''}`;
    throw new ConfigError(`env file ${JSON.stringify(path)} ${problem}`, {
      ...origin,
      hint: origin.file
        ? 'Check the path: a relative env_file is resolved against the directory of the config file that sets it.'
        : 'Check the path: a relative path is resolved against the working directory.',
      cause: error,
    });
  }
  return parseDotenv(text);
}
