/**
 * Compiling one of kubenv's CommonJS bundles through a V8 code cache that is written after the
 * bundle's code ran, so it holds every function the run compiled. Used by the bin for the
 * command line (src/cli/code-cache.ts) and by the library for its fetch machinery
 * (src/fetch/compiled-run.ts).
 *
 * Node's own compile cache (`module.enableCompileCache()`) saves a module's code right after it
 * is compiled, before it runs: V8 compiles functions lazily, on their first call, so that cache
 * holds little more than each module's top level and every cold start compiles the rest again
 * (about 15 ms of CPU for `kubenv print`, bench/sections/cold.mjs). `vm.Script#createCachedData()`
 * called after the run includes the lazily compiled functions; this is what the
 * `v8-compile-cache` package does for CommonJS (https://github.com/zertosh/v8-compile-cache).
 *
 * A cache holds what one kind of run compiled, so the caller names the kind (`key`). The file is
 * written in a folder of Node's compile cache directory (`NODE_COMPILE_CACHE`, else
 * `node-compile-cache` in the OS temp dir) that only the current user may write: a code cache is
 * executable code, so one planted by another user must never be read. The bundle's inode, size and mtime are part of the
 * name (a reinstall changes them), and V8 refuses a cache of another V8 version or other flags.
 * Any failure (read-only folder, another user's folder) means running without the cache.
 * `NODE_DISABLE_COMPILE_CACHE`, Node's own switch, turns it off.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Script } from 'node:vm';

/** Past this many files for one installation, the oldest go. */
const MAX_FILES_PER_INSTALLATION = 24;
/**
 * Past this many files in the folder, the oldest go, whatever installation wrote them: an
 * installation that was removed (a project's node_modules, an npx cache) never writes again, so
 * only this bound removes its files. About 30 MB at most.
 */
const MAX_FILES = 96;

/** A bundle's exports, and the way to save what its run compiled. */
export interface CompiledBundle<Exports> {
  readonly exports: Exports;
  /**
   * Writes the code cache when there was none or V8 refused it: call it once the run went its
   * whole way (a run that stopped early compiled less than the next run needs).
   */
  saveCache(): void;
}

/**
 * Runs the CommonJS bundle at `bundlePath` (no `import()` in it: vm.Script may only import() with
 * an experimental flag; see tsup.config.ts) through the code cache kept for `key`. `require` is
 * the bundle's require: one resolving from the bundle's folder (the caller's, so that this module
 * does not load node:module for createRequire).
 */
export function loadCompiledBundle<Exports>(
  bundlePath: string,
  key: string,
  require: NodeJS.Require,
): CompiledBundle<Exports> {
  const source = readFileSync(bundlePath, 'utf8');
  const cacheFile = process.env['NODE_DISABLE_COMPILE_CACHE'] ? undefined : cacheFileFor(bundlePath, key);
  const cachedData = cacheFile ? readIfPresent(path.join(cacheFile.folder, cacheFile.name)) : undefined;
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: bundlePath,
    cachedData,
  });
  const module = { exports: {} as Exports };
  const load = script.runInThisContext();
  load(module.exports, require, module, bundlePath, path.dirname(bundlePath));
  let saved = false;
  return {
    exports: module.exports,
    saveCache() {
      if (saved || !cacheFile || (cachedData && !script.cachedDataRejected)) return;
      saved = true;
      writeQuietly(cacheFile, script.createCachedData());
    },
  };
}

interface CacheFile {
  readonly folder: string;
  /** The same for every cache of this installation of kubenv (its bundle's path). */
  readonly installation: string;
  /** `<installation>-<bundle version>-<key hash>.bin` */
  readonly name: string;
}

function cacheFileFor(bundlePath: string, key: string): CacheFile | undefined {
  try {
    // Where Node's compile cache goes (NODE_COMPILE_CACHE, else its default folder), whether or
    // not it is on in this process: the bin turns it on, the library never does.
    const base = process.env['NODE_COMPILE_CACHE'] || path.join(tmpdir(), 'node-compile-cache');
    const folder = path.join(base, `kubenv-${process.getuid?.() ?? 'user'}`);
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    const owner = statSync(folder);
    const ownedByUs = process.getuid === undefined || owner.uid === process.getuid();
    if (!owner.isDirectory() || !ownedByUs || (owner.mode & 0o022) !== 0) return undefined;
    const bundle = statSync(bundlePath);
    const installation = fnv1a(bundlePath);
    const version = `${process.version}-${process.arch}-${bundle.ino}-${bundle.size}-${Math.trunc(bundle.mtimeMs)}`;
    return { folder, installation, name: `${installation}-${version}-${fnv1a(key)}.bin` };
  } catch {
    return undefined;
  }
}

/** A short hash (FNV-1a, 32 bits): names files apart, guards nothing. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}

function readIfPresent(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/**
 * Writes through a temporary file, so a concurrent start reads the old cache or the new one,
 * never half; then removes this installation's caches of an older bundle (an upgrade or a
 * rebuild), past MAX_FILES_PER_INSTALLATION its oldest ones, and past MAX_FILES the folder's
 * oldest.
 */
function writeQuietly(file: CacheFile, data: Buffer): void {
  const target = path.join(file.folder, file.name);
  const partial = `${target}.${process.pid}.tmp`;
  const currentVersion = file.name.slice(0, file.name.lastIndexOf('-') + 1);
  try {
    writeFileSync(partial, data, { mode: 0o600 });
    renameSync(partial, target);
    const ours: CachedFile[] = [];
    const others: CachedFile[] = [];
    for (const name of readdirSync(file.folder)) {
      const remove = () => rmSync(path.join(file.folder, name), { force: true });
      if (name.startsWith(`${file.installation}-`) && !name.startsWith(currentVersion)) remove();
      else if (name.endsWith('.bin')) {
        (name.startsWith(currentVersion) ? ours : others).push({ mtimeMs: mtimeOf(file.folder, name), remove });
      }
    }
    const newestFirst = (a: CachedFile, b: CachedFile) => b.mtimeMs - a.mtimeMs;
    ours.sort(newestFirst);
    for (const cached of ours.splice(MAX_FILES_PER_INSTALLATION)) cached.remove();
    for (const cached of [...ours, ...others].sort(newestFirst).slice(MAX_FILES)) cached.remove();
  } catch {
    // A cache that cannot be written costs the next start its compile time, nothing else.
  }
}

interface CachedFile {
  readonly mtimeMs: number;
  remove(): void;
}

/** A file's mtime; 0 (the oldest) when it went meanwhile. */
function mtimeOf(folder: string, name: string): number {
  return statSync(path.join(folder, name), { throwIfNoEntry: false })?.mtimeMs ?? 0;
}
