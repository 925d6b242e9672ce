/**
 * Reading several targets at once (`targets`): one connection to the cluster, every target
 * resolved and read in parallel, each through its own filter, override and prefix, then merged
 * in declared order (a later target's value wins; each such name is reported). A failing target
 * fails the whole read, with the target's name in front of the error: nothing is half-applied,
 * since the caller applies only a complete result.
 */

import { filterOf, type TargetEntry } from '../config/targets';
import type { ResolvedConfig } from '../config/types';
import { isKubenvError } from '../errors';
import { runEnvPipeline } from '../pipeline/pipeline';
import type { DroppedNames } from '../pipeline/types';
import type { EnvOrigin } from '../sources/origins';
import type { TargetSummary } from './remote-env';
import type { ReadResult, Session } from './run';

/** A read of several targets: the merged variables and, per target, what it contributed. */
export interface MultiTargetRead extends ReadResult {
  readonly targets: Readonly<Record<string, TargetSummary>>;
  /** Names each target's own filter dropped. */
  readonly dropped: Pick<DroppedNames, 'defaultExcludes' | 'include' | 'exclude'>;
}

type ReadOne = (config: ResolvedConfig, session: Session, entry: TargetEntry, namespace: string) => Promise<ReadResult>;

/** Reads every entry over the session's client and merges them. */
export async function readTargets(
  config: ResolvedConfig,
  entries: readonly TargetEntry[],
  session: Session,
  readThroughSource: ReadOne,
): Promise<MultiTargetRead> {
  // One failure aborts the others: they share the client, and their results would be dropped.
  const abort = new AbortController();
  const signal = AbortSignal.any([session.signal, abort.signal]);
  const topFilter = config.include
    ? ({ kind: 'include', patterns: config.include } as const)
    : config.exclude
      ? ({ kind: 'exclude', patterns: config.exclude } as const)
      : undefined;
  const reads = await Promise.all(
    entries.map(async (entry) => {
      const namespace = entry.namespace ?? session.namespace;
      try {
        const read = await readThroughSource(
          { ...config, source: entry.source ?? config.source },
          { ...session, signal },
          entry,
          namespace,
        );
        const filter = filterOf(entry, topFilter);
        const piped = await runEnvPipeline(
          read.remote,
          {},
          {
            include: filter?.kind === 'include' ? filter.patterns : undefined,
            exclude: filter?.kind === 'exclude' ? filter.patterns : undefined,
            override: entry.override,
          },
        );
        return { entry, read, piped };
      } catch (error) {
        abort.abort(error);
        throw inTarget(error, entry, namespace);
      }
    }),
  );

  const remote: Record<string, string> = {};
  const origins: Record<string, EnvOrigin> = {};
  const owner: Record<string, string> = {};
  const warnings: string[] = [];
  const dropped = { defaultExcludes: new Set<string>(), include: new Set<string>(), exclude: new Set<string>() };
  for (const { entry, read, piped } of reads) {
    for (const warning of read.warnings) warnings.push(`target ${entry.name}: ${warning}`);
    for (const key of ['defaultExcludes', 'include', 'exclude'] as const) {
      for (const name of piped.dropped[key]) dropped[key].add(name);
    }
    for (const [name, value] of Object.entries(piped.remote)) {
      const prefixed = `${entry.prefix}${name}`;
      const previous = owner[prefixed];
      if (previous !== undefined && remote[prefixed] !== value) {
        warnings.push(
          `${prefixed} is set by targets ${previous} and ${entry.name}: the value of ${entry.name} is used`,
        );
      }
      remote[prefixed] = value;
      owner[prefixed] = entry.name;
      origins[prefixed] = piped.changed.override.includes(name) ? 'literal' : (read.origins[name] ?? 'unknown');
    }
  }
  const targets: Record<string, TargetSummary> = {};
  for (const { entry, read } of reads) {
    targets[entry.name] = {
      target: read.resolved!,
      source: read.source,
      sourceReason: read.sourceReason,
      names: Object.keys(owner)
        .filter((name) => owner[name] === entry.name)
        .sort(),
    };
  }
  const first = reads[0]!.read;
  const sorted = (set: Set<string>) => [...set].sort();
  return {
    remote,
    origins,
    warnings,
    source: first.source,
    sourceReason: reads.map(({ entry, read }) => `${entry.name}: ${read.sourceReason}`).join('; '),
    resolved: first.resolved,
    targets,
    dropped: {
      defaultExcludes: sorted(dropped.defaultExcludes),
      include: sorted(dropped.include),
      exclude: sorted(dropped.exclude),
    },
  };
}

/** Puts the target's name in front of a kubenv error's message; the error keeps its class and code. */
function inTarget(error: unknown, entry: TargetEntry, namespace: string): unknown {
  if (!isKubenvError(error)) return error;
  const where = `target ${entry.name} (namespace ${namespace}): `;
  if (!error.message.startsWith(where)) error.message = `${where}${error.message}`;
  return error;
}
