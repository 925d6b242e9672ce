import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TargetParseError } from '../../src/errors';
import { formatTarget } from '../../src/target/format';
import { parseTarget } from '../../src/target/parse';
import type { Target, TargetInput, WorkloadKind } from '../../src/target/types';

/** Parses, or returns the TargetParseError; any other exception fails the property. */
function parseOrError(input: unknown): Target | TargetParseError {
  try {
    return parseTarget(input as TargetInput);
  } catch (error) {
    if (error instanceof TargetParseError) return error;
    throw error;
  }
}

// Characters the grammar cares about, so random strings often come close to valid targets.
const grammarChar = fc.constantFrom(
  ...'/=,.-_ aAzZ09'.split(''),
  'pod',
  'deploy',
  'label',
  'container',
  'targetless',
  'app.kubernetes.io/',
  '\u00e9',
  '\u0000',
);
const grammarish = fc.array(grammarChar, { maxLength: 12 }).map((parts) => parts.join(''));

const dnsLabel = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,14}[a-z0-9])?$/);
const dns1035Label = fc.stringMatching(/^[a-z]([-a-z0-9]{0,14}[a-z0-9])?$/);
const subdomain = fc.array(dnsLabel, { minLength: 1, maxLength: 3 }).map((parts) => parts.join('.'));
const labelName = fc.stringMatching(/^[A-Za-z0-9]([-A-Za-z0-9_.]{0,10}[A-Za-z0-9])?$/);
const labelKey = fc
  .tuple(fc.option(subdomain, { nil: undefined }), labelName)
  .map(([prefix, name]) => (prefix ? `${prefix}/${name}` : name));
const labelValue = fc.oneof(fc.constant(''), labelName);
const container = fc.option(dnsLabel, { nil: undefined });

const workloadKinds: WorkloadKind[] = [
  'pod',
  'deployment',
  'rollout',
  'statefulset',
  'daemonset',
  'replicaset',
  'job',
  'cronjob',
];

const validTarget: fc.Arbitrary<Target> = fc.oneof(
  fc.constant<Target>({ kind: 'targetless' }),
  fc
    .tuple(fc.constantFrom(...workloadKinds), subdomain, container)
    .map(([kind, name, c]) => (c === undefined ? { kind, name } : { kind, name, container: c }) as Target),
  fc
    .tuple(dns1035Label, container)
    .map(
      ([name, c]) => (c === undefined ? { kind: 'service', name } : { kind: 'service', name, container: c }) as Target,
    ),
  fc
    .tuple(
      fc.uniqueArray(fc.tuple(labelKey, labelValue), { minLength: 1, maxLength: 4, selector: ([k]) => k }),
      container,
    )
    .map(([pairs, c]) => {
      const labels = Object.fromEntries(pairs);
      return (c === undefined ? { kind: 'label', labels } : { kind: 'label', labels, container: c }) as Target;
    }),
);

// Written out here rather than read from the kinds table, so the table itself is under test.
const aliases: ReadonlyArray<readonly [string, string]> = [
  ['po', 'pod'],
  ['pods', 'pod'],
  ['deploy', 'deployment'],
  ['deployments', 'deployment'],
  ['ro', 'rollout'],
  ['rollouts', 'rollout'],
  ['sts', 'statefulset'],
  ['statefulsets', 'statefulset'],
  ['ds', 'daemonset'],
  ['daemonsets', 'daemonset'],
  ['rs', 'replicaset'],
  ['replicasets', 'replicaset'],
  ['jobs', 'job'],
  ['cj', 'cronjob'],
  ['cronjobs', 'cronjob'],
  ['svc', 'service'],
  ['services', 'service'],
];

/** Random upper/lower casing of a word. */
const anyCase = (word: string) =>
  fc
    .array(fc.boolean(), { minLength: word.length, maxLength: word.length })
    .map((upper) => [...word].map((char, i) => (upper[i] ? char.toUpperCase() : char)).join(''));

describe('parseTarget properties', () => {
  // Plain boolean properties: `expect` inside thousands of runs costs more than the parser.
  it('any string either parses or throws a TargetParseError', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 20 }), grammarish),
        (input) => {
          const result = parseOrError(input);
          if (!(result instanceof TargetParseError)) return true;
          return result.input === input && (result.position === undefined || result.position <= input.length);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('anything else either parses or throws a TargetParseError', () => {
    fc.assert(
      fc.property(fc.anything(), (input) => {
        parseOrError(input);
      }),
      { numRuns: 1000 },
    );
  });

  it('every suggested fix parses', () => {
    fc.assert(
      fc.property(grammarish, (input) => {
        const result = parseOrError(input);
        if (!(result instanceof TargetParseError)) return true;
        return result.suggestions.every((fix) => !(parseOrError(fix) instanceof TargetParseError));
      }),
      { numRuns: 1000 },
    );
  });

  it('parseTarget(formatTarget(t)) gives t back for any valid target', () => {
    fc.assert(
      fc.property(validTarget, (target) => {
        expect(parseTarget(formatTarget(target))).toStrictEqual(target);
      }),
      { numRuns: 1000 },
    );
  });

  it('a valid target passes through parseTarget unchanged', () => {
    fc.assert(
      fc.property(validTarget, (target) => {
        expect(parseTarget(target)).toStrictEqual(target);
      }),
      { numRuns: 500 },
    );
  });

  it('formatTarget prints a parsed alias with its canonical kind', () => {
    // dns1035Label names are valid for every kind, services included.
    const aliasTarget = fc
      .tuple(fc.constantFrom(...aliases), dns1035Label)
      .chain(([[alias, kind], name]) => anyCase(alias).map((written) => ({ written, kind, name })));
    fc.assert(
      fc.property(aliasTarget, ({ written, kind, name }) => {
        expect(formatTarget(parseTarget(`${written}/${name}`))).toBe(`${kind}/${name}`);
      }),
      { numRuns: 500 },
    );
  });
});
