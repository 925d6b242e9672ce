/**
 * Which config file to read, and reading it. In order: the `configFile` option, then
 * `MIRRORD_CONFIG_FILE`, then cosmiconfig's search for a kubenv file from `cwd` up to the project
 * root, then `.mirrord/mirrord.{json,toml,yaml,yml}` at the project root. cosmiconfig, the YAML
 * and the TOML parser are imported here, on first use, so importing kubenv stays cheap.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '../errors';
import { readConfigEnvVars } from './env-vars';
import type { ConfigFileInfo } from './file-layer';
import { parseConfigText, parseJson, syntaxOf } from './parse-text';
import { renderGetEnvTemplates } from './template';

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
    return format === 'mirrord' ? readMirrordFile(file, env) : loadKubenvFile(file);
  }
  const fromEnv = readConfigEnvVars(env).configFile;
  if (fromEnv) {
    const file = path.resolve(cwd, fromEnv.value);
    await expectFile(file, { problem: `no config file at ${file}`, variable: fromEnv.variable });
    return readMirrordFile(file, env);
  }
  const found = await searchKubenvFile(cwd);
  if (found) return found;
  const root = await projectRoot(cwd);
  for (const name of MIRRORD_FILES) {
    const file = path.join(root, '.mirrord', name);
    if (await isFile(file)) return readMirrordFile(file, env);
  }
  return undefined;
}

/** The directory of the nearest `package.json` from `cwd` up, or `cwd` when there is none. */
async function projectRoot(cwd: string): Promise<string> {
  for (let dir = cwd; ; dir = path.dirname(dir)) {
    if (await isFile(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return cwd;
  }
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
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

/** Reads a mirrord config: templates rendered, then parsed by extension as mirrord does. */
async function readMirrordFile(
  file: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<LoadedConfigFile> {
  const syntax = syntaxOf(file);
  if (syntax === undefined) {
    throw new ConfigError('unsupported config file type', {
      file,
      expected: 'a `.json`, `.toml`, `.yaml` or `.yml` file',
      found: `a \`${path.extname(file) || 'extensionless'}\` file`,
    });
  }
  const text = renderGetEnvTemplates(await readText(file), file, env);
  return { info: { file, format: 'mirrord', keyPrefix: '' }, content: await parseConfigText(text, syntax, file) };
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigError('the file cannot be read', { file, hint: 'Check its permissions.', cause: error });
  }
}

type Explorer = { search(from: string): Promise<CosmiconfigResult>; load(file: string): Promise<CosmiconfigResult> };
type CosmiconfigResult = { config: unknown; filepath: string; isEmpty?: boolean } | null;

async function explorer(): Promise<Explorer> {
  const { cosmiconfig } = await import('cosmiconfig');
  // Our own loaders for data files: syntax errors with a position and without source excerpts.
  const data =
    (syntax: 'json' | 'yaml' | 'toml') =>
    (file: string, content: string): Promise<unknown> =>
      syntax === 'json' ? Promise.resolve(parseJson(content, file)) : parseConfigText(content, syntax, file);
  return cosmiconfig(MODULE_NAME, {
    searchStrategy: 'project',
    cache: false,
    loaders: {
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

async function searchKubenvFile(cwd: string): Promise<LoadedConfigFile | undefined> {
  const result = await withLoadErrors(async () => (await explorer()).search(cwd));
  return result ? toLoaded(result) : undefined;
}

async function loadKubenvFile(file: string): Promise<LoadedConfigFile> {
  const result = await withLoadErrors(async () => (await explorer()).load(file), file);
  return result ? toLoaded(result) : { info: { file, format: 'kubenv', keyPrefix: '' }, content: undefined };
}

/** Loader failures that are not ours (a JS/TS config that throws or does not compile) become ConfigErrors. */
async function withLoadErrors(load: () => Promise<CosmiconfigResult>, file?: string): Promise<CosmiconfigResult> {
  try {
    return await load();
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const failed = (error as { filepath?: unknown } | null)?.filepath;
    throw new ConfigError('the file could not be loaded', {
      file: typeof failed === 'string' ? failed : file,
      hint: 'Check that the file runs on its own (`node <file>`) and default-exports an object; the cause has the details.',
      cause: error,
    });
  }
}
