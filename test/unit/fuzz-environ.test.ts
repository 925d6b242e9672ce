/**
 * Fuzzing the environ parser (`/proc/1/environ` bytes): any bytes give variables and warnings,
 * never a throw; a well-formed block gives back exactly its variables (first of duplicates wins,
 * as getenv does); warnings name variables, never values.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseEnviron } from '../../src/sources/environ';
import { RUNS, SECRET } from '../support/fuzz';

const nameArb = fc.oneof(
  fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/),
  fc.constantFrom('constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'),
);
const valueArb = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 10 }),
  fc.constantFrom(SECRET, 'a=b=c', 'line\nbreak', ''),
);

describe('environ bytes', () => {
  it('random bytes: no throw, string values, no secret in a warning', () => {
    // Planted after an `=`: always part of a value (names, which warnings show, end at the first `=`).
    const secretBytes = Buffer.from(`=${SECRET}`);
    const chunk = fc.oneof(
      fc.uint8Array({ maxLength: 12 }),
      fc.constant(new Uint8Array([0])),
      fc.constant(new Uint8Array([0x3d])),
      fc.constant(new Uint8Array([0xff, 0xfe, 0xc3])),
      fc.constant(new Uint8Array(secretBytes)),
    );
    fc.assert(
      fc.property(fc.array(chunk, { maxLength: 12 }), (chunks) => {
        const { env, warnings } = parseEnviron(Buffer.concat(chunks));
        for (const name of Object.keys(env)) expect(typeof env[name]).toBe('string');
        for (const warning of warnings) expect(warning).not.toContain(SECRET);
      }),
      RUNS,
    );
  });

  it('a well-formed block round-trips, names like Object members included', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(nameArb, valueArb), { maxLength: 8 }), (pairs) => {
        const block = Buffer.from(pairs.map(([name, value]) => `${name}=${value}\0`).join(''), 'utf8');
        const expected = new Map<string, string>();
        for (const [name, value] of pairs) if (!expected.has(name)) expected.set(name, value);
        const { env } = parseEnviron(block);
        expect(Object.keys(env).sort()).toEqual([...expected.keys()].sort());
        for (const [name, value] of expected) {
          expect(Object.hasOwn(env, name)).toBe(true);
          expect(env[name]).toBe(value);
        }
      }),
      RUNS,
    );
  });

  it('a value with invalid UTF-8 is named in a warning, its bytes never shown', () => {
    fc.assert(
      fc.property(nameArb, fc.uint8Array({ minLength: 1, maxLength: 6 }), (name, junk) => {
        const block = Buffer.concat([
          Buffer.from(`${name}=${SECRET}`),
          Buffer.from([0xff, ...junk.filter((b) => b !== 0)]),
          Buffer.from([0]),
        ]);
        const { env, warnings } = parseEnviron(block);
        expect(Object.hasOwn(env, name)).toBe(true);
        expect(warnings.join('\n')).toContain(name);
        expect(warnings.join('\n')).not.toContain(SECRET);
      }),
      RUNS,
    );
  });
});
