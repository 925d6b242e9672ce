/**
 * The process-wide cache of plugin credentials, as client-go keeps one: a credential is reused
 * until its expirationTimestamp, dropped when the server refuses it.
 */
import type { ExecCredential, ExecPlugin } from './config';
import { type RunPluginOptions, runExecPlugin } from './run';

// One cache for the process, as client-go's: repeated fetches run the plugin once per credential
// lifetime. Keyed by everything that reaches the plugin, so two users never share a credential.
interface CacheEntry {
  readonly running: Promise<ExecCredential>;
  credential?: ExecCredential;
}
const cache = new Map<string, CacheEntry>();

function cacheKey(plugin: ExecPlugin, env: Readonly<Record<string, string | undefined>>): string {
  return JSON.stringify([plugin.apiVersion, plugin.command, plugin.args, plugin.env, plugin.cluster, env['PATH']]);
}

function fresh(credential: ExecCredential): boolean {
  return credential.expiresAt === undefined || Date.now() < credential.expiresAt;
}

/** The credentials of one plugin: cached until they expire, run again after `invalidate`. */
export class ExecCredentialSource {
  readonly plugin: ExecPlugin;
  private readonly key: string;
  private readonly options: Omit<RunPluginOptions, 'signal'>;

  constructor(plugin: ExecPlugin, options: Omit<RunPluginOptions, 'signal'>) {
    this.plugin = plugin;
    this.options = options;
    this.key = cacheKey(plugin, options.env);
  }

  /** The current credential, running the plugin when none is cached or it has expired. */
  get(signal: AbortSignal): Promise<ExecCredential> {
    const cached = cache.get(this.key);
    if (cached && (cached.credential === undefined || fresh(cached.credential))) return cached.running;
    const entry: CacheEntry = { running: runExecPlugin(this.plugin, { ...this.options, signal }) };
    cache.set(this.key, entry);
    entry.running.then(
      (credential) => {
        entry.credential = credential;
      },
      // A failed run is not cached: the next call tries again.
      () => {
        if (cache.get(this.key) === entry) cache.delete(this.key);
      },
    );
    return entry.running;
  }

  /** Drops `used` from the cache after the server refused it (HTTP 401), as client-go does. */
  invalidate(used: ExecCredential): void {
    if (cache.get(this.key)?.credential === used) cache.delete(this.key);
  }
}

/** Forgets every cached plugin credential (tests). */
export function clearExecCredentialCache(): void {
  cache.clear();
}
