/**
 * A `mapping` pattern that does not compile is a ConfigError that points at `mapping` and says
 * what the regular expression engine objected to, in a few lower-case words (not the whole
 * "Invalid regular expression: /.../: ..." text, which repeats the pattern translated).
 */
import { describe, expect, it } from 'vitest';
import { type ConfigError, isKubenvError } from '../../src/errors';
import { compileMappingPattern } from '../../src/pipeline/mapping';

function refused(pattern: string): ConfigError {
  const error = (() => {
    try {
      compileMappingPattern(pattern);
    } catch (e) {
      return e;
    }
    return undefined;
  })();
  expect(isKubenvError(error, 'CONFIG')).toBe(true);
  return error as ConfigError;
}

describe('a mapping pattern that does not compile', () => {
  it.each([
    ['a(b', 'unterminated group'],
    ['[z-a]_URL', 'range out of order in character class'],
    ['x{2,1}', 'numbers out of order in {} quantifier'],
  ])('%s: says what is wrong, at `mapping`', (pattern, reason) => {
    const error = refused(pattern);
    expect(error.keyPath).toBe('mapping');
    expect(error.found).toBe(reason);
    expect(error.message).toContain(`at \`mapping\``);
    expect(error.message).toContain(JSON.stringify(pattern));
    expect(error.message).toContain(`found ${reason}.`);
    expect(error.hint).toContain('escape');
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });

  it('Rust syntax JavaScript cannot express names the construct', () => {
    const error = refused('(?x) a b');
    expect(error.keyPath).toBe('mapping');
    expect(error.expected).toContain('JavaScript can express');
  });

  it('a valid pattern compiles, unanchored as in mirrord', () => {
    expect(compileMappingPattern('.+_TIMEOUT').test('CONNECTION_TIMEOUT_MS')).toBe(true);
  });
});
