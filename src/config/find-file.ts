/**
 * Which config file to read, and reading it. In order: the `configFile` option, then
 * `MIRRORD_CONFIG_FILE`, then cosmiconfig's search for a kubenv file from `cwd` up to the project
 * root, then `.mirrord/mirrord.{json,toml,yaml,yml}` at the project root. cosmiconfig, the YAML
 * and the TOML parser are imported here, on first use, so importing kubenv stays cheap.
 */

import path from 'node:path';
import { ConfigError } from '../errors';
import { readdir, readText, stat } from '../util/local-files';
import { readConfigEnvVars } from './env-vars';
import type { ConfigFileInfo } from './file-layer';
import { readMirrordFile } from './mirrord-file';
import { parseConfigText, parseJson, withoutSourceText } from './parse-text';

/**
 * A config file that was found and parsed (templates rendered), not yet validated.
 * @internal
 */
export interface LoadedConfigFile {
  readonly info: ConfigFileInfo;
  readonly content: unknown;
}

/**
 * What decides which file is read.
 * @internal
 */
export interface FindConfigFileOptions {
  /** Absolute directory the search starts from. */
  readonly cwd: string;
  /** The `configFile` option, if given. */
  readonly configFile: string | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
}

const MODULE_NAME = 'kubenv';
const MIRRORD_FILES = ['mirrord.json', 'mirrord.toml', 'mirrord.yaml', 'mirrord.yml'];

/**
 * Finds and reads the config file; `undefined` when there is none. A file named explicitly (the
 * option or `MIRRORD_CONFIG_FILE`) that does not exist is a ConfigError.
 * @internal
 */
export async function findConfigFile(options: FindConfigFileOptions): Promise<LoadedConfigFile | undefined> {
  const { cwd, env } = options;
  if (options.configFile !== undefined && options.configFile !== '') {
    const file = path.resolve(cwd, options.configFile);
    await expectFile(file, { problem: `option \`configFile\`: no config file at ${file}` });
    const format = path.basename(file).startsWith('mirrord.') ? 'mirrord' : 'kubenv';
    return format === 'mirrord' ? readMirrordFile(file, env, cwd) : loadKubenvFile(file);
  }
  const fromEnv = readConfigEnvVars(env).configFile;
  if (fromEnv) {
    const file = path.resolve(cwd, fromEnv.value);
    await expectFile(file, { problem: `no config file at ${file}`, variable: fromEnv.variable });
    return readMirrordFile(file, env, cwd);
  }
  // The search reads cwd's listing, and its ancestors' up to the project root, each once.
  const listings = new Listings();
  const found = await searchKubenvFile(cwd, listings);
  if (found) return found;
  const root = await projectRoot(cwd, listings);
  const rootListing = await listings.get(root);
  if (rootListing !== 'unknown' && !rootListing?.lower.has('.mirrord')) return undefined;
  for (const name of MIRRORD_FILES) {
    const file = path.join(root, '.mirrord', name);
    if (await isFile(file)) return readMirrordFile(file, env, cwd);
  }
  return undefined;
}

/** The directory of the nearest `package.json` from `cwd` up, or `cwd` when there is none. */
async function projectRoot(cwd: string, listings: Listings): Promise<string> {
  for (let dir = cwd; ; dir = path.dirname(dir)) {
    const listing = await listings.get(dir);
    // The listing only rules out; stat decides (it follows the disk's case rules).
    if (
      (listing === 'unknown' || listing?.lower.has('package.json')) &&
      (await isFile(path.join(dir, 'package.json')))
    ) {
      return dir;
    }
    if (path.dirname(dir) === dir) return cwd;
  }
}

async function isFile(file: string): Promise<boolean> {
  try {
    return stat(file).isFile();
  } catch {
    return false;
  }
}

async function expectFile(file: string, where: { problem: string; variable?: string }): Promise<void> {
  if (await isFile(file)) return;
  throw new ConfigError(where.problem, {
    variable: where.variable,
    hint: 'Check the path (relative paths start at the working directory), or remove the setting to search for a config file.',
  });
}

type Explorer = { search(from: string): Promise<CosmiconfigResult>; load(file: string): Promise<CosmiconfigResult> };
type CosmiconfigResult = { config: unknown; filepath: string; isEmpty?: boolean } | null;

async function explorer(): Promise<Explorer> {
  const { cosmiconfig, defaultLoaders } = await import('cosmiconfig');
  // Our own loaders for data files: syntax errors with a position and without source excerpts.
  const data =
    (syntax: 'json' | 'yaml' | 'toml') =>
    (file: string, content: string): Promise<unknown> =>
      syntax === 'json' ? Promise.resolve(parseJson(content, file)) : parseConfigText(content, syntax, file);
  // cosmiconfig reads a module's default export and treats a missing one as an empty file (its
  // search then goes on upwards): a config with only named exports would be silently ignored.
  const code =
    (extension: '.js' | '.mjs' | '.cjs' | '.ts') =>
    async (file: string, content: string): Promise<unknown> => {
      const config = await defaultLoaders[extension](file, content);
      if (config === undefined || config === null) {
        throw new ConfigError('the file has no default export (or it exports `undefined`)', {
          file,
          hint: 'kubenv reads the default export: write `export default defineConfig({ ... })` (`module.exports = { ... }` in CommonJS); named exports are not read.',
        });
      }
      return config;
    };
  return cosmiconfig(MODULE_NAME, {
    searchStrategy: 'project',
    cache: false,
    loaders: {
      '.js': code('.js'),
      '.mjs': code('.mjs'),
      '.cjs': code('.cjs'),
      '.ts': code('.ts'),
      '.json': data('json'),
      '.yaml': data('yaml'),
      '.yml': data('yaml'),
      '.toml': data('toml'),
      noExt: data('yaml'),
    },
  });
}

function toLoaded(result: NonNullable<CosmiconfigResult>): LoadedConfigFile {
  const file = result.filepath;
  const keyPrefix = path.basename(file) === 'package.json' ? MODULE_NAME : '';
  return { info: { file, format: 'kubenv', keyPrefix }, content: result.config };
}

async function searchKubenvFile(cwd: string, listings: Listings): Promise<LoadedConfigFile | undefined> {
  if (!(await mayFindKubenvFile(cwd, listings))) return undefined;
  const result = await withLoadErrors(async () => (await explorer()).search(cwd));
  return result ? toLoaded(result) : undefined;
}

async function loadKubenvFile(file: string): Promise<LoadedConfigFile> {
  const result = await withLoadErrors(async () => (await explorer()).load(file), file);
  return result ? toLoaded(result) : { info: { file, format: 'kubenv', keyPrefix: '' }, content: undefined };
}

/** A directory's entries (exact and lower-cased); `undefined` when it does not exist; `'unknown'` when unreadable. */
type Listing = { readonly names: ReadonlySet<string>; readonly lower: ReadonlySet<string> } | undefined | 'unknown';

/** Directory listings, each read once. */
class Listings {
  readonly #cache = new Map<string, Promise<Listing>>();

  get(dir: string): Promise<Listing> {
    let listing = this.#cache.get(dir);
    if (listing === undefined) {
      listing = listDirectory(dir);
      this.#cache.set(dir, listing);
    }
    return listing;
  }
}

/**
 * Listings kept across calls in a process, for directories unchanged since: a test suite or a
 * script that fetches again reads one `stat` per directory instead of its listing (a large /tmp
 * cost 0.6 ms a fetch). Kept only when the directory's mtime was at least a second old when it
 * was listed: the kernel's mtime ticks coarsely, so a file added in the same tick as a listing
 * leaves the mtime unchanged (git's "racily clean" index entries, https://git-scm.com/docs/racy-git).
 */
const settledListings = new Map<
  string,
  { readonly mtimeMs: number; readonly ino: number; readonly listing: Listing }
>();
const MAX_SETTLED_LISTINGS = 256;
const SETTLED_AFTER_MS = 1000;

async function listDirectory(dir: string): Promise<Listing> {
  try {
    const { mtimeMs, ino } = stat(dir);
    const settled = settledListings.get(dir);
    if (settled && settled.mtimeMs === mtimeMs && settled.ino === ino) return settled.listing;
    const listedAt = Date.now();
    const names = readdir(dir);
    const listing = { names: new Set(names), lower: new Set(names.map((name) => name.toLowerCase())) };
    if (listedAt - mtimeMs >= SETTLED_AFTER_MS) {
      if (settledListings.size >= MAX_SETTLED_LISTINGS) settledListings.clear();
      settledListings.set(dir, { mtimeMs, ino, listing });
    }
    return listing;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? undefined : 'unknown';
  }
}

/** Whether a package.json may hold `key` (unparseable counts as yes: cosmiconfig then reports it). */
async function packageJsonMayHold(file: string, key: string): Promise<boolean> {
  let text: string;
  try {
    text = readText(file);
  } catch {
    return false; // cosmiconfig skips unreadable search places too
  }
  try {
    const value = JSON.parse(text) as unknown;
    return value !== null && typeof value === 'object' && Object.hasOwn(value, key);
  } catch {
    return true;
  }
}

/**
 * Whether cosmiconfig's search from `cwd` can find anything, from directory listings alone, so
 * that cosmiconfig is only imported when a candidate exists: importing it and searching an empty
 * project cost a cold process ~8 ms (Node 24, median of 7 runs). Any doubt answers `true` and lets cosmiconfig
 * decide, so the result is always the same as cosmiconfig's.
 */
async function mayFindKubenvFile(cwd: string, listings: Listings): Promise<boolean> {
  // cosmiconfig first looks for a "meta config" in process.cwd(), which may add search places.
  let processCwd: string;
  try {
    processCwd = process.cwd();
  } catch {
    return true;
  }
  const here = await listings.get(processCwd);
  if (here === 'unknown') return true;
  if (here?.lower.has('package.yaml')) return true;
  if (here?.lower.has('.config')) {
    const config = await listings.get(path.join(processCwd, '.config'));
    if (config === 'unknown' || [...(config?.lower ?? [])].some((name) => name.startsWith('config'))) return true;
  }
  if (
    here?.lower.has('package.json') &&
    (await packageJsonMayHold(path.join(processCwd, 'package.json'), 'cosmiconfig'))
  ) {
    return true;
  }
  // Then every directory from cwd up to the first one with a package.json/package.yaml (or the root).
  for (let dir = cwd; ; dir = path.dirname(dir)) {
    const listing = await listings.get(dir);
    if (listing === 'unknown') return true;
    if (listing !== undefined) {
      for (const name of listing.lower) {
        if (name.startsWith(`.${MODULE_NAME}rc`) || name.startsWith(`${MODULE_NAME}.config.`)) return true;
      }
      if (listing.lower.has('.config')) {
        const config = await listings.get(path.join(dir, '.config'));
        if (config === 'unknown' || [...(config?.lower ?? [])].some((name) => name.startsWith(`${MODULE_NAME}rc`))) {
          return true;
        }
      }
      if (
        listing.lower.has('package.json') &&
        (await packageJsonMayHold(path.join(dir, 'package.json'), MODULE_NAME))
      ) {
        return true;
      }
      // cosmiconfig stops at the project root (on a case-insensitive disk it may stop earlier: a superset is fine).
      if (listing.names.has('package.json') || listing.names.has('package.yaml')) return false;
    }
    if (path.dirname(dir) === dir) return false;
  }
}

/** Loader failures that are not ours (a JS/TS config that throws or does not compile) become ConfigErrors. */
async function withLoadErrors(load: () => Promise<CosmiconfigResult>, file?: string): Promise<CosmiconfigResult> {
  try {
    return await load();
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const failed = (error as { filepath?: unknown } | null)?.filepath;
    // A SyntaxError's stack quotes the failing line of the file: keep the first line of the message.
    const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : 'the loader failed';
    throw new ConfigError('the file could not be loaded', {
      file: typeof failed === 'string' ? failed : file,
      hint: 'Check that the file runs on its own (`node <file>`) and default-exports an object; `--debug` shows the error.',
      cause: withoutSourceText(error, message),
    });
  }
}
