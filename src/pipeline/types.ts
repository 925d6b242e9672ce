/**
 * The rules of the env pipeline, in the order they run.
 * @public
 */
export interface EnvPolicy {
  /**
   * Globs (`*`, `?`; whole name, case-sensitive); only matching names are kept. A `;`-separated
   * string or an array. Exclusive with `exclude`. An empty list keeps nothing. A name written
   * exactly (no glob) also brings back a default-excluded variable such as `PATH`.
   */
  readonly include?: string | readonly string[] | undefined;
  /** Globs; matching names are dropped. A `;`-separated string or an array. Exclusive with `include`. */
  readonly exclude?: string | readonly string[] | undefined;
  /** Variables of the env_file, already parsed, laid over the remote env. */
  readonly envFile?: Readonly<Record<string, string>> | undefined;
  /**
   * `[regex on name, value]` pairs; the first pattern (in this order) that matches a name sets
   * its value. Patterns are searched unanchored, as mirrord does: write `^...$` to match a whole
   * name.
   */
  readonly mapping?: ReadonlyArray<readonly [pattern: string, value: string]> | undefined;
  /** Values that win over all of the above (and over local values when `localWins` is set). */
  readonly override?: Readonly<Record<string, string>> | undefined;
  /** Let the local value win when a name exists in both (except names in `override`). @default false */
  readonly localWins?: boolean | undefined;
  /** Names removed from the result (both the merged and the remote view); case-insensitive, as in mirrord. */
  readonly unset?: readonly string[] | undefined;
}

/**
 * Names each rule of the pipeline dropped (names only, never values), sorted.
 * @public
 */
export interface DroppedNames {
  /** Removed by the default exclude list (mirrord's). */
  readonly defaultExcludes: readonly string[];
  /** Not matched by `include`. */
  readonly include: readonly string[];
  /** Matched by `exclude`. */
  readonly exclude: readonly string[];
  /** Remote values that lost to a local value because `localWins` was set. */
  readonly localWins: readonly string[];
  /** Removed by `unset` (from the remote or the local side). */
  readonly unset: readonly string[];
}

/**
 * Names each rule set or changed (names only, never values), sorted.
 * @public
 */
export interface ChangedNames {
  /** Set by the env_file. */
  readonly envFile: readonly string[];
  /** Matched by a `mapping` pattern. */
  readonly mapping: readonly string[];
  /** Set by `override`. */
  readonly override: readonly string[];
}

/**
 * The result of the env pipeline.
 * @public
 */
export interface PipelineResult {
  /** The remote variables after every rule (not merged with the local env). */
  readonly remote: Readonly<Record<string, string>>;
  /** The local env with the remote variables merged in: what a process gets. */
  readonly merged: Readonly<Record<string, string>>;
  readonly dropped: DroppedNames;
  /** Names whose value came from env_file, mapping and override. */
  readonly changed: ChangedNames;
}
