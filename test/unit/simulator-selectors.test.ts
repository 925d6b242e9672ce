import { describe, expect, it } from 'vitest';
import { parseFieldSelector } from '../../src/testing/server/selectors/field-selector';
import { parseLabelSelector } from '../../src/testing/server/selectors/label-selector';
import { SelectorParseError } from '../../src/testing/server/selectors/parse-error';

const labels = { app: 'checkout', tier: 'web', 'app.kubernetes.io/version': '1.5.0', replicas: '3' };

function matches(selector: string, set: Record<string, string> | undefined = labels): boolean {
  return parseLabelSelector(selector).matches(set);
}

function parseError(selector: string): string {
  try {
    parseLabelSelector(selector);
  } catch (error) {
    if (error instanceof SelectorParseError) return error.message;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(selector)} to be rejected`);
}

describe('label selectors (as kube-apiserver parses them)', () => {
  it('matches equality requirements with =, == and !=', () => {
    expect(matches('app=checkout')).toBe(true);
    expect(matches('app==checkout,tier=web')).toBe(true);
    expect(matches('app=checkout,tier=db')).toBe(false);
    expect(matches('tier!=db')).toBe(true);
    expect(matches('tier!=web')).toBe(false);
    // != also matches objects without the key, as on a real server.
    expect(matches('canary!=true')).toBe(true);
  });

  it('matches set-based requirements: in, notin, key and !key', () => {
    expect(matches('app in (cart,checkout)')).toBe(true);
    expect(matches('app in (cart)')).toBe(false);
    expect(matches('app notin (cart, search)')).toBe(true);
    expect(matches('app notin (checkout)')).toBe(false);
    expect(matches('missing notin (x)')).toBe(true);
    expect(matches('app.kubernetes.io/version')).toBe(true);
    expect(matches('!canary')).toBe(true);
    expect(matches('!app')).toBe(false);
    expect(matches('app in (checkout), !canary, tier')).toBe(true);
  });

  it('matches gt and lt on integer values', () => {
    expect(matches('replicas>2')).toBe(true);
    expect(matches('replicas<3')).toBe(false);
    expect(matches('app>1')).toBe(false);
  });

  it('treats an empty selector as everything and keywords as values in value position', () => {
    expect(matches('')).toBe(true);
    expect(matches('mode in (in,notin)', { mode: 'in' })).toBe(true);
    expect(matches('mode=', { mode: '' })).toBe(true);
  });

  it('rejects malformed selectors with the API server messages', () => {
    expect(parseError('app in')).toBe("unable to parse requirement: found '' expected: '('");
    expect(parseError('app in (a')).toBe("unable to parse requirement: found '', expected: ',' or ')'");
    expect(parseError('app=a,')).toBe("found '', expected: identifier after ','");
    expect(parseError('app=a b')).toBe("found 'b', expected: ',' or 'end of string'");
    expect(parseError('=a')).toBe("found '=', expected: !, identifier, or 'end of string'");
    expect(parseError('app >= 2')).toBe("unable to parse requirement: found '=', expected: identifier");
    expect(parseError('replicas>two')).toBe(
      "unable to parse requirement: values[0]: Invalid value: \"two\": for 'Gt', 'Lt' operators, the value must be an integer",
    );
    expect(parseError('app not in (a)')).toBe(
      "unable to parse requirement: found 'not', expected: in, notin, =, ==, !=, gt, lt",
    );
  });

  it('validates keys and values like apimachinery', () => {
    expect(parseError('-app=x')).toBe(
      "unable to parse requirement: <nil>: Invalid value: \"-app\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    );
    expect(parseError('app=bad!')).toBe("found '!', expected: ',' or 'end of string'");
    expect(parseError('app=-x')).toBe(
      "unable to parse requirement: values[0][app]: Invalid value: \"-x\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    );
    expect(parseError('Example.com/app=x')).toContain('prefix part a lowercase RFC 1123 subdomain');
  });
});

describe('field selectors', () => {
  it('splits terms on unescaped commas and reads =, == and !=', () => {
    expect(parseFieldSelector('metadata.name=api,status.phase!=Failed')).toEqual([
      { field: 'metadata.name', negated: false, value: 'api' },
      { field: 'status.phase', negated: true, value: 'Failed' },
    ]);
    expect(parseFieldSelector('metadata.name==a\\,b')).toEqual([
      { field: 'metadata.name', negated: false, value: 'a,b' },
    ]);
    expect(parseFieldSelector('')).toEqual([]);
  });

  it('rejects a term without an operator', () => {
    expect(() => parseFieldSelector('metadata.name')).toThrow(
      "invalid selector: 'metadata.name'; can't understand 'metadata.name'",
    );
  });
});
