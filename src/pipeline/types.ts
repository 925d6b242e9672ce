/**
 * The rules of the env pipeline, in the order they run.
 * @public
 */
export interface EnvPolicy {
  /** Globs; only matching names are kept. Exclusive with `exclude`. `[]` keeps nothing. */
  readonly include?: readonly string[] | undefined;
  /** Globs; matching names are dropped. Exclusive with `include`. */
  readonly exclude?: readonly string[] | undefined;
  /** Variables of the env_file, already parsed, laid over the remote env. */
  readonly envFile?: Readonly<Record<string, string>> | undefined;
  /** `[regex on name, value]` pairs; the first matching pattern sets the value. */
  readonly mapping?: ReadonlyArray<readonly [pattern: string, value: string]> | undefined;
  /** Values that win over all of the above. */
  readonly override?: Readonly<Record<string, string>> | undefined;
  /** Let the local value win when a name exists in both. @default false */
  readonly localWins?: boolean | undefined;
  /** Names removed from the result (both the merged and the remote view). */
  readonly unset?: readonly string[] | undefined;
}

/**
 * Names each rule of the pipeline dropped or changed (names only, never values).
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
  /** Removed by `unset`. */
  readonly unset: readonly string[];
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
  readonly changed: { readonly envFile: readonly string[]; readonly mapping: readonly string[]; readonly override: readonly string[] };
}
