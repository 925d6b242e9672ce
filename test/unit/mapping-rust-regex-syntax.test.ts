/**
 * More of the regex crate's syntax in `mapping` keys (docs.rs/regex, "Syntax"), checked by what
 * names a pattern matches: the escapes and groups that mean the same in JavaScript, the ones
 * translated, and the ones refused with the construct named.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors';
import { compileMappingPattern } from '../../src/pipeline/mapping';

function refusal(pattern: string): ConfigError {
  let error: unknown;
  try {
    compileMappingPattern(pattern);
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

describe('what a pattern matches', () => {
  it.each([
    ['^\\H+$', 'xyz', true],
    ['^\\H+$', 'xaz', false],
    ['^[\\h_]+$', 'be_ef', true],
    ['^[\\h_]+$', 'beg', false],
    ['^A\\x41$', 'AA', true],
    ['^A\\x41$', 'AB', false],
    ['^\\x{5F}+$', '__', true],
    ['^(?<svc>[A-Z]+)_\\k<svc>$', 'DB_DB', true],
    ['^(?<svc>[A-Z]+)_\\k<svc>$', 'DB_XX', false],
    ['^API(?=_)', 'API_KEY', true],
    ['^API(?=_)', 'APIKEY', false],
    ['^API(?!_)', 'APIKEY', true],
    ['(?<=^DB_)URL', 'DB_URL', true],
    ['(?<=^DB_)URL', 'MY_URL', false],
    ['(?<!^DB_)URL', 'MY_URL', true],
    ['^(?:AB)+$', 'ABAB', true],
    ['^(?:AB)+$', 'ABA', false],
    ['^[^]A]+$', 'BC', true],
    ['^[^]A]+$', 'B]', false],
    ['^[\\d_]+$', '1_2', true],
    ['^[\\]]$', ']', true],
    ['^a\\.b$', 'a.b', true],
    ['^a\\.b$', 'axb', false],
    ['^COLOU?R$', 'COLOR', true],
    ['^[\\<]A[\\>]$', '<A>', true],
    ['^A{2,}B{1}$', 'AAAB', true],
    ['^A\\{,2}$', 'A{,2}', true],
    ['^A{2}\\{,}[{,}]$', 'AA{,},', true],
    ['\\AAPI_', 'MY_API_KEY', false],
    ['^\\x41\\x{42}$', 'AB', true],
    ['^A\\d{2}$', 'A42', true],
    ['^\\d<$', '1<', true],
    ['^(?:A)(?<n>B)$', 'AB', true],
    ['^(?P<n>A)(?:B)(?P=n)$', 'ABA', true],
  ])('%s on %s: %s', (pattern, name, matches) => {
    expect(compileMappingPattern(pattern).test(name)).toBe(matches);
  });

  it('leading flags: combined and repeated flags apply once, `u` is left to JavaScript', () => {
    expect(compileMappingPattern('(?ii)^abc$').test('ABC')).toBe(true);
    expect(compileMappingPattern('(?iu)^abc$').test('ABC')).toBe(true);
    expect(compileMappingPattern('(?is)^a.c$').test('A\nC')).toBe(true);
    expect(compileMappingPattern('(?i)^a.c$').test('A\nC')).toBe(false);
    expect(compileMappingPattern('(?m)^B$').test('A\nB')).toBe(true);
    expect(compileMappingPattern('^B$').test('A\nB')).toBe(false);
  });
});

describe('refused, naming the construct', () => {
  it.each([
    ['^\\xZZ', 'the escape `\\xZZ`'],
    ['[\\b]', 'the escape `\\b`'],
    ['[\\H]', 'the escape `\\H`'],
    ['[\\A]', 'the escape `\\A`'],
    ['\\e', 'the escape `\\e`'],
    ['[a--b]', 'class set operation `--`'],
    ['[a~~b]', 'class set operation `~~`'],
    ['(?-i)a', 'inline flags `(?-i)`'],
    ['(?Q)A', 'inline flags `(?Q)`'],
    ['^\\xZZ\\x41', 'the escape `\\xZZ`'],
    ['^\\x4Z', 'the escape `\\x4Z`'],
    ['^X\\PL', 'the Unicode class `\\PL`'],
    ['A\\p', 'the Unicode class `\\p`'],
    ['A\\kB', 'the escape `\\k`'],
    ['(?>A)(?:B)', 'the atomic group'],
    ['[a-z[0-9]][[:alpha:]]', 'a nested character class'],
  ])('%s', (pattern, construct) => {
    const error = refusal(pattern);
    expect(error.expected).toBe('a regular expression that JavaScript can express');
    expect(error.found).toContain(construct);
  });

  it('a pattern that does not compile says why, in a few words', () => {
    for (const pattern of ['A\\', '[abc', '(AB']) {
      const error = refusal(pattern);
      expect(error.expected).toBe('a regular expression on variable names');
      expect(error.found).not.toBe('');
    }
  });
});
