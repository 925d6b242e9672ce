/**
 * `parseTarget`: the one entry point from user input (strings, mirrord's object forms, parsed
 * Targets) to a checked {@link Target}.
 */

import { TargetParseError } from '../errors';
import { describeType, isPlainObject } from '../util/value-type';
import { parseTargetObject } from './parse-object';
import { parseTargetText } from './parse-string';
import { describeInput, GRAMMAR_HINT, TargetProblem } from './problem';
import type { Target, TargetInput } from './types';

/**
 * Parses and checks a target.
 *
 * Accepts `targetless`, `<kind>/<name>[/container/<container>]` and
 * `label/<key>=<value>[,...][/container/<container>]`, where the kind is one of `pod`,
 * `deployment`, `rollout`, `statefulset`, `daemonset`, `replicaset`, `job`, `cronjob`, `service` or
 * a kubectl alias (`po`, `deploy`, `sts`, `ds`, `rs`, `cj`, `svc`, `ro`, plurals), in any case.
 * Also accepts mirrord's object forms (`{ "deployment": "api", "container": "main" }`,
 * `{ "labels": { "app": "api" } }`, `{ "path": ..., "namespace": "staging" }`) and an
 * already-parsed Target. Names must be valid Kubernetes names; nothing is looked up in a cluster.
 *
 * @returns a new Target with the canonical kind; `container` and `namespace` only when given.
 * @throws {@link TargetParseError} quoting the input, saying what is wrong and where, with
 *   suggested fixes (`deploymnet/api` → `deployment/api`).
 * @example
 * ```ts
 * parseTarget('deploy/api') // { kind: 'deployment', name: 'api' }
 * parseTarget('pod/api-7d4b9/container/main') // { kind: 'pod', name: 'api-7d4b9', container: 'main' }
 * parseTarget('label/app.kubernetes.io/name=api') // { kind: 'label', labels: { 'app.kubernetes.io/name': 'api' } }
 * parseTarget({ path: { stateful_set: 'db' }, namespace: 'data' }) // { kind: 'statefulset', name: 'db', namespace: 'data' }
 * ```
 * @public
 */
export function parseTarget(input: TargetInput): Target {
  try {
    if (typeof input === 'string') return parseTargetText(input);
    if (isPlainObject(input)) return parseTargetObject(input);
    throw new TargetProblem(`a target must be a string or an object, found ${describeType(input)}`, {
      hint: GRAMMAR_HINT,
    });
  } catch (error) {
    if (!(error instanceof TargetProblem)) throw error;
    const shown = error.details.input ?? describeInput(input);
    // Only offer fixes that really parse.
    const suggestions = (error.details.suggestions ?? []).filter((fix) => fix !== shown && parses(fix));
    throw new TargetParseError(shown, error.message, {
      ...(error.details.position === undefined ? {} : { position: error.details.position }),
      suggestions: [...new Set(suggestions)],
      ...(suggestions.length === 0 && error.details.hint ? { hint: error.details.hint } : {}),
    });
  }
}

/** True when a suggested fix (a target string, or an object form as JSON) parses. */
function parses(fix: string): boolean {
  try {
    parseTargetText(fix);
    return true;
  } catch {
    // Not a valid target string: maybe an object form written as JSON.
  }
  if (!fix.startsWith('{')) return false;
  try {
    const value: unknown = JSON.parse(fix);
    if (!isPlainObject(value)) return false;
    parseTargetObject(value);
    return true;
  } catch {
    return false;
  }
}
