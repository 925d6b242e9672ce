/**
 * Loading the kubeconfig files with kubectl's rules, apart from choosing a context in them (as
 * client-go's clientcmd splits loader.go from client_config.go): `KUBECONFIG` is a list of
 * files merged so that the first file to define a cluster, user or context wins and the first
 * `current-context` wins; missing files of a list are skipped.
 */
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { withoutSourceText } from '../config/parse-text';
import { ConfigError } from '../errors';
import type { KubeconfigLocation } from './kubeconfig';
import { parseSimpleYaml } from './simple-yaml';

/** A mapping of a kubeconfig as read, before any check. */
export type RawMap = Record<string, unknown>;

/** A named cluster, user or context, with the file it came from. */
export interface NamedEntry {
  readonly name: string;
  readonly value: RawMap;
  /** Directory of the file the entry came from: relative paths resolve against it. */
  readonly dir: string;
  readonly file: string;
}

/** The merged kubeconfig files. */
export interface MergedConfig {
  readonly files: readonly string[];
  readonly currentContext: string | undefined;
  readonly clusters: ReadonlyMap<string, NamedEntry>;
  readonly users: ReadonlyMap<string, NamedEntry>;
  readonly contexts: ReadonlyMap<string, NamedEntry>;
}

/** The kubeconfig files to read: the explicit list, else `KUBECONFIG`, else `~/.kube/config` when it exists. */
export function kubeconfigFiles(location: KubeconfigLocation): string[] {
  const list = location.kubeconfig ?? location.env['KUBECONFIG'];
  if (list) {
    const files = list.split(path.delimiter).filter(Boolean);
    // kubectl skips missing files of a KUBECONFIG list, but an explicitly named single file must exist.
    return files;
  }
  const home = location.env['HOME'] || os.homedir();
  const defaultFile = path.join(home, '.kube', 'config');
  return existsSync(defaultFile) ? [defaultFile] : [];
}

/** Reads and merges `files`; first definition wins. Throws a ConfigError naming the file. */
export async function mergeKubeconfigs(files: readonly string[]): Promise<MergedConfig> {
  const clusters = new Map<string, NamedEntry>();
  const users = new Map<string, NamedEntry>();
  const contexts = new Map<string, NamedEntry>();
  const read: string[] = [];
  let currentContext: string | undefined;
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (cause) {
      if (files.length > 1 && (cause as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw new ConfigError(`cannot read kubeconfig ${file} (${(cause as NodeJS.ErrnoException).code ?? 'error'})`, {
        file,
        hint: 'Check the path given in KUBECONFIG or the `kubeconfig` option.',
        cause,
      });
    }
    let doc: unknown;
    try {
      doc = await parseYaml(text);
    } catch (cause) {
      // js-yaml's error quotes lines of the file (tokens, keys): keep the position only.
      const mark = (cause as { mark?: { line?: number; column?: number } } | null)?.mark;
      const at = typeof mark?.line === 'number' ? ` at line ${mark.line + 1}, column ${(mark.column ?? 0) + 1}` : '';
      throw new ConfigError(`the kubeconfig is not valid YAML${at}`, {
        file,
        hint: 'Check the file with `kubectl config view`.',
        cause: withoutSourceText(cause, `YAML syntax error${at}`),
      });
    }
    read.push(file);
    if (doc === null || doc === undefined) continue;
    if (typeof doc !== 'object' || Array.isArray(doc)) {
      throw new ConfigError('the kubeconfig is not a mapping', { file, expected: 'a kubeconfig document' });
    }
    const config = doc as RawMap;
    const dir = path.dirname(path.resolve(file));
    collect(config['clusters'], 'cluster', clusters, file, dir);
    collect(config['users'], 'user', users, file, dir);
    collect(config['contexts'], 'context', contexts, file, dir);
    const current = config['current-context'];
    if (currentContext === undefined && typeof current === 'string' && current !== '') currentContext = current;
  }
  return { files: read, currentContext, clusters, users, contexts };
}

/**
 * The fast path for the YAML kubectl writes; js-yaml, imported on first need, for anything else.
 * A file without a document (empty, or only comments) is an empty kubeconfig, as client-go's
 * `Load` reads one (tools/clientcmd/loader.go); js-yaml 5 would refuse it. Of several documents
 * only the first is read, as kubectl reads them (its YAML decoding stops after one document).
 */
async function parseYaml(text: string): Promise<unknown> {
  if (text.split('\n').every((line) => /^\s*(#.*)?$/.test(line))) return undefined;
  const simple = parseSimpleYaml(text);
  if (simple) return simple.value;
  const { loadAll } = await import('js-yaml');
  return loadAll(text)[0];
}

function collect(list: unknown, field: string, into: Map<string, NamedEntry>, file: string, dir: string): void {
  if (list === undefined || list === null) return;
  if (!Array.isArray(list)) {
    throw new ConfigError(`\`${field}s\` is not a list`, { file, keyPath: `${field}s`, expected: 'a list' });
  }
  list.forEach((entry: unknown, index) => {
    const item = entry as RawMap | null;
    const name = item?.['name'];
    const value = item?.[field];
    if (typeof name !== 'string' || name === '') {
      throw new ConfigError('an entry has no name', {
        file,
        keyPath: `${field}s[${index}].name`,
        expected: 'a string',
      });
    }
    // First definition wins, as kubectl merges KUBECONFIG lists.
    if (!into.has(name)) into.set(name, { name, value: (value ?? {}) as RawMap, dir, file });
  });
}
