/**
 * `formatTarget`: a Target back to its canonical string, the inverse of `parseTarget` for
 * strings.
 */

import { parseTarget } from './parse';
import type { Target, TargetInput } from './types';

/**
 * Prints a target in the canonical string grammar: lowercase canonical kind names, labels in the
 * order they were written. `parseTarget(formatTarget(t))` gives `t` back, except for `namespace`,
 * which the string grammar cannot carry (it is left out).
 *
 * @throws {@link TargetParseError} when `input` is not a valid target.
 * @example
 * ```ts
 * formatTarget(parseTarget('Deploy/api')) // 'deployment/api'
 * formatTarget({ kind: 'pod', name: 'x', container: 'c' }) // 'pod/x/container/c'
 * formatTarget({ kind: 'label', labels: { app: 'api', tier: 'web' } }) // 'label/app=api,tier=web'
 * formatTarget({ kind: 'targetless' }) // 'targetless'
 * ```
 * @public
 */
export function formatTarget(input: Target): string {
  // Checked like any input: JavaScript callers bypass the types (`formatTarget(42)`).
  const target = parseTarget(input as TargetInput);
  if (target.kind === 'targetless') return 'targetless';
  const path =
    target.kind === 'label'
      ? `label/${Object.entries(target.labels)
          .map(([key, value]) => `${key}=${value}`)
          .join(',')}`
      : `${target.kind}/${target.name}`;
  return target.container === undefined ? path : `${path}/container/${target.container}`;
}
