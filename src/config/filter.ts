/**
 * The include/exclude rule, in one place: `include` and `exclude` are one filter. One source of
 * settings (the options and CLI flags, the variables, the config file, an entry of `targets`)
 * sets at most one of them; across layers the highest layer that sets either wins as a whole
 * (./layer.ts), so a `-x` on the command line replaces the file's `include`.
 */
import type { EnvFilter } from './layer';
import { invalidValue, toOptionalPatterns, type ValueSource } from './values';

/** Where `include`, `exclude` and the object holding both are, for error messages. */
export interface FilterSources {
  readonly include: ValueSource;
  readonly exclude: ValueSource;
  /** The object or layer that holds both (reported when both are set). */
  readonly both: ValueSource;
}

/**
 * The filter of one source of settings; `undefined` when it sets neither. Throws a ConfigError
 * when it sets both, even as empty lists: which one was meant cannot be guessed.
 * @internal
 */
export function toOptionalFilter(include: unknown, exclude: unknown, where: FilterSources): EnvFilter | undefined {
  const included = toOptionalPatterns(include, where.include);
  const excluded = toOptionalPatterns(exclude, where.exclude);
  if (included !== undefined && excluded !== undefined) {
    const { variable } = where.include;
    const problem = variable
      ? `both ${variable} and ${where.exclude.variable} are set`
      : '`include` and `exclude` are both set';
    const step = variable ? 'Unset' : where.both.file ? 'Keep' : 'Pass';
    throw invalidValue(where.both, problem, {
      hint: `${step} one of them: \`include\` keeps only the names it matches, \`exclude\` drops the names it matches.`,
    });
  }
  if (included !== undefined) return { kind: 'include', patterns: included };
  if (excluded !== undefined) return { kind: 'exclude', patterns: excluded };
  return undefined;
}
