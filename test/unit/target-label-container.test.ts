/**
 * The container part of a label target is held to the rule of the pod target's: a container name
 * is a DNS-1123 label (k8s.io/apimachinery validation, IsDNS1123Label), so a name the API server
 * could never have accepted is refused before any request, with the position and a fix.
 */
import { describe, expect, it } from 'vitest';
import { TargetParseError } from '../../src/errors';
import { parseTarget } from '../../src/target/parse';

function refusal(input: string): TargetParseError {
  let error: unknown;
  try {
    parseTarget(input);
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(TargetParseError);
  return error as TargetParseError;
}

describe('label/<selector>/container/<name>: the container name is checked', () => {
  it.each([
    ['label/app=x/container/a.b', 'a dot'],
    ['label/app=x/container/a_b', 'an underscore'],
    ['label/app=x/container/-a', 'a leading dash'],
    [`label/app=x/container/${'c'.repeat(64)}`, 'more than 63 characters'],
  ])('%s (%s) is refused as an invalid container name', (input) => {
    expect(refusal(input).message).toContain('is not a valid container name');
  });

  it('points at the offending character and suggests the fixed target when there is one', () => {
    const upper = refusal('label/app=web/container/Main');
    expect(upper.position).toBe('label/app=web/container/'.length);
    expect(upper.suggestions).toEqual(['label/app=web/container/main']);
    const dotted = refusal('label/app=web/container/ma.in');
    expect(dotted.position).toBe('label/app=web/container/ma'.length);
  });

  it('a valid container name is kept as written, like the pod target does', () => {
    expect(parseTarget('label/app=web/container/main-2')).toEqual({
      kind: 'label',
      labels: { app: 'web' },
      container: 'main-2',
    });
    expect(parseTarget('pod/p/container/main-2')).toEqual({ kind: 'pod', name: 'p', container: 'main-2' });
  });
});
