/**
 * Fuzzing the target parser with any value at all (strings of any code point, objects, arrays,
 * numbers): a Target that prints and parses back to itself, or a TargetParseError whose message
 * carries no raw control character.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatTarget } from '../../src/target/format';
import { parseTarget } from '../../src/target/parse';
import type { TargetInput } from '../../src/target/types';
import { RUNS, resultOrSafeError } from '../support/fuzz';

const pieces = fc.constantFrom(
  'pod/',
  'deploy/',
  'label/',
  '/container/',
  'a',
  '=',
  ',',
  '\x1b[2J',
  '\u202e',
  '\0',
  '/',
);
const nearTarget = fc
  .array(fc.oneof(pieces, fc.string({ unit: 'binary', maxLength: 4 })), { maxLength: 8 })
  .map((p) => p.join(''));
const objectForm = fc.dictionary(
  fc.constantFrom(
    'pod',
    'deployment',
    'container',
    'labels',
    'path',
    'namespace',
    'cron_job',
    'kind',
    'name',
    '__proto__',
  ),
  fc.oneof(fc.string({ maxLength: 8 }), nearTarget, fc.anything({ maxDepth: 2 })),
  { maxKeys: 4 },
);

describe('parseTarget on anything', () => {
  it('a round-tripping Target or a TargetParseError', () => {
    fc.assert(
      fc.property(fc.oneof(nearTarget, objectForm, fc.anything({ maxDepth: 3 })), (input) => {
        const target = resultOrSafeError(() => parseTarget(input as TargetInput));
        if (target === undefined) return;
        const text = formatTarget(target);
        const { namespace: _n, ...withoutNamespace } = target as { namespace?: string };
        expect(parseTarget(text)).toEqual(withoutNamespace);
      }),
      RUNS,
    );
  });

  it('formatTarget on anything: a string or a TargetParseError', () => {
    fc.assert(
      fc.property(fc.oneof(objectForm, fc.anything({ maxDepth: 3 })), (input) => {
        const text = resultOrSafeError(() => formatTarget(input as never));
        if (text !== undefined) expect(typeof text).toBe('string');
      }),
      RUNS,
    );
  });
});
