/**
 * mirrord's object forms of a target (`{ "deployment": "api", "container": "main" }`,
 * `{ "labels": {...} }`, `{ "path": ..., "namespace": "ns" }`) and already-parsed Targets.
 * Strict like mirrord's `deny_unknown_fields`, with "did you mean" for unknown keys.
 */

import { closestMatches } from '../util/suggest';
import { describeType, isPlainObject } from '../util/value-type';
import { findKind, findKindByObjectKey, isWorkloadKind, KIND_LIST, KINDS, type KindInfo } from './kinds';
import { checkLabelKey, checkLabelValue, checkName, type NameRule, suggestName } from './names';
import { parseTargetText } from './parse-string';
import { describeInput, TargetProblem } from './problem';
import type { Target } from './types';

const OBJECT_KEYS: readonly string[] = [...KIND_LIST.map((k) => k.objectKey), 'labels'];
const OBJECT_HINT =
  'Write e.g. `{ "deployment": "api", "container": "main" }`, `{ "labels": { "app": "api" } }` or `{ "path": "deploy/api", "namespace": "staging" }`.';

type Input = Readonly<Record<string, unknown>>;

/**
 * Parses an object target or checks a Target; throws a TargetProblem.
 * @internal
 */
export function parseTargetObject(given: Input): Target {
  // `{ container: undefined }` is what optional TypeScript fields produce: treat it as absent.
  const input = withoutUndefined(given);
  if ('kind' in input) return validateTarget(input);
  const keys = Object.keys(input);
  if (keys.length === 0) throw new TargetProblem('the target object is empty', { hint: OBJECT_HINT });
  if ('path' in input || keys.every((key) => key === 'namespace')) return parseAdvanced(input);
  return parseSimple(input);
}

/** `{ path: "deploy/api" | {...}, namespace?: "ns" }`. */
function parseAdvanced(input: Input): Target {
  rejectUnknownKeys(input, ['path', 'namespace'], ['path', 'namespace']);
  const namespace = optionalName(input, 'namespace', 'namespace', 'dns1123-label');
  const path = input['path'];
  let target: Target;
  if (path === undefined) target = { kind: 'targetless' };
  else if (typeof path === 'string') target = parsePathText(path);
  else if (isPlainObject(path) && !('path' in path) && !('kind' in path)) target = parsePathObject(input, path);
  else {
    throw new TargetProblem(`\`path\` must be a target string or a target object, found ${describeType(path)}`, {
      hint: OBJECT_HINT,
    });
  }
  // targetless contacts no cluster, so a namespace has nothing to apply to.
  if (target.kind === 'targetless' || namespace === undefined) return target;
  return { ...target, namespace };
}

/** A string `path`: its errors quote and point into the string, not the whole object. */
function parsePathText(path: string): Target {
  try {
    return parseTargetText(path);
  } catch (error) {
    if (error instanceof TargetProblem && error.details.input === undefined) {
      throw new TargetProblem(error.message, { ...error.details, input: path });
    }
    throw error;
  }
}

/** An object `path`: suggested fixes are shown inside the whole `{ path, namespace }` object. */
function parsePathObject(input: Input, path: Input): Target {
  try {
    return parseSimple(withoutUndefined(path));
  } catch (error) {
    if (!(error instanceof TargetProblem)) throw error;
    const suggestions = (error.details.suggestions ?? []).flatMap((fix) => {
      try {
        return [describeInput({ ...input, path: JSON.parse(fix) as unknown })];
      } catch {
        return []; // The fix could not be shown as JSON (a value JSON cannot hold).
      }
    });
    throw new TargetProblem(`in \`path\`: ${error.message}`, { ...error.details, suggestions });
  }
}

/** `{ deployment: "api", container?: "main" }` or `{ labels: {...}, container?: "main" }`. */
function parseSimple(input: Input): Target {
  rejectUnknownKeys(input, [...OBJECT_KEYS, 'container'], [...OBJECT_KEYS, 'container', 'path', 'namespace']);
  const kindKeys = Object.keys(input).filter((key) => key !== 'container');
  if (kindKeys.length === 0) {
    throw new TargetProblem('the object names a container but no target', {
      hint: 'Add the object the container belongs to, e.g. `"pod": "<name>"`.',
    });
  }
  if (kindKeys.length > 1) {
    throw new TargetProblem(`the object names more than one target (${kindKeys.map((k) => `\`${k}\``).join(', ')})`, {
      hint: 'Keep one of them.',
    });
  }
  const key = kindKeys[0]!;
  const container = optionalName(input, 'container', 'container', 'dns1123-label');
  const withContainer = container === undefined ? {} : { container };
  if (key === 'labels') return { kind: 'label', labels: checkLabels(input['labels'], 'labels'), ...withContainer };
  const info = findKindByObjectKey(key)!;
  return { kind: info.kind, name: requiredName(input, key, info), ...withContainer };
}

/** A Target given back to `parseTarget`: checked, and copied without `undefined` fields. */
function validateTarget(input: Input): Target {
  const kind = input['kind'];
  if (kind === 'targetless') {
    rejectUnknownKeys(input, ['kind'], ['kind']);
    return { kind: 'targetless' };
  }
  const namespace = optionalName(input, 'namespace', 'namespace', 'dns1123-label');
  const container = optionalName(input, 'container', 'container', 'dns1123-label');
  const extra = {
    ...(container === undefined ? {} : { container }),
    ...(namespace === undefined ? {} : { namespace }),
  };
  if (kind === 'label') {
    rejectUnknownKeys(
      input,
      ['kind', 'labels', 'container', 'namespace'],
      ['kind', 'labels', 'container', 'namespace'],
    );
    return { kind: 'label', labels: checkLabels(input['labels'], 'labels'), ...extra };
  }
  if (isWorkloadKind(kind)) {
    rejectUnknownKeys(input, ['kind', 'name', 'container', 'namespace'], ['kind', 'name', 'container', 'namespace']);
    const info = KINDS[kind];
    return { kind, name: requiredName(input, 'name', info), ...extra };
  }
  const canonical =
    typeof kind === 'string'
      ? (findKind(kind)?.kind ??
        closestMatches(
          kind,
          KIND_LIST.map((k) => k.kind),
        )[0])
      : undefined;
  throw new TargetProblem(
    typeof kind === 'string' ? `unknown kind \`${kind}\`` : `\`kind\` must be a string, found ${describeType(kind)}`,
    {
      suggestions: canonical ? [describeInput({ ...input, kind: canonical })] : [],
      hint: `Use one of: ${KIND_LIST.map((k) => k.kind).join(', ')}, label, targetless.`,
    },
  );
}

function rejectUnknownKeys(input: Input, allowed: readonly string[], known: readonly string[]): void {
  for (const key of Object.keys(input)) {
    if (allowed.includes(key)) continue;
    // `statefulset` or `deploy` as a key: point at mirrord's spelling.
    const aliasKey = findKind(key)?.objectKey;
    const close = aliasKey && allowed.includes(aliasKey) ? [aliasKey] : closestMatches(key, known, { limit: 1 });
    const replacement = close.find((candidate) => allowed.includes(candidate) && !(candidate in input));
    const problem = known.includes(key) ? `\`${key}\` is not allowed here` : `unknown key \`${key}\``;
    throw new TargetProblem(problem, {
      suggestions: replacement ? [describeInput(renameKey(input, key, replacement))] : [],
      hint: OBJECT_HINT,
    });
  }
}

function renameKey(input: Input, from: string, to: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).map(([key, value]) => [key === from ? to : key, value]));
}

function requiredName(input: Input, key: string, info: KindInfo): string {
  const value = input[key];
  if (typeof value !== 'string') {
    throw new TargetProblem(`\`${key}\` must be a string (the ${info.kind} name), found ${describeType(value)}`, {
      hint: OBJECT_HINT,
    });
  }
  return checkedName(input, key, value, `${info.kind} name`, info.nameRule, info.maxNameLength);
}

function optionalName(input: Input, key: string, what: string, rule: NameRule): string | undefined {
  const value = input[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    throw new TargetProblem(`\`${key}\` must be a string, found ${describeType(value)}`, { hint: OBJECT_HINT });
  }
  return checkedName(input, key, value, `${what} name`, rule);
}

function checkedName(
  input: Input,
  key: string,
  value: string,
  what: string,
  rule: NameRule,
  maxLength?: number,
): string {
  const problem = checkName(value, rule, maxLength);
  if (!problem) return value;
  const fixed = suggestName(value, rule, maxLength);
  throw new TargetProblem(`\`${key}\`: ${JSON.stringify(value)} is not a valid ${what}: it ${problem.problem}`, {
    suggestions: fixed ? [describeInput({ ...input, [key]: fixed })] : [],
  });
}

function checkLabels(value: unknown, key: string): Readonly<Record<string, string>> {
  if (!isPlainObject(value)) {
    throw new TargetProblem(`\`${key}\` must be an object of label key -> value, found ${describeType(value)}`, {
      hint: 'Write e.g. `{ "labels": { "app": "api" } }`.',
    });
  }
  const entries = Object.entries(value);
  if (entries.length === 0) {
    throw new TargetProblem(`\`${key}\` is empty: a selector needs at least one label`, {
      hint: 'An empty selector would match every pod in the namespace.',
    });
  }
  for (const [labelKey, labelValue] of entries) {
    const keyProblem = checkLabelKey(labelKey);
    if (keyProblem) throw new TargetProblem(`\`${labelKey}\` is not a valid label key: it ${keyProblem.problem}`);
    if (typeof labelValue !== 'string') {
      throw new TargetProblem(`label \`${labelKey}\` must have a string value, found ${describeType(labelValue)}`);
    }
    const valueProblem = checkLabelValue(labelValue);
    if (valueProblem) {
      throw new TargetProblem(`the value of label \`${labelKey}\` is not valid: it ${valueProblem.problem}`);
    }
  }
  return Object.fromEntries(entries) as Record<string, string>;
}

function withoutUndefined(input: Input): Input {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
}
