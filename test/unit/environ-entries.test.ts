/**
 * /proc/<pid>/environ entries at the edges: which entry a warning points at (counted as the
 * kernel lays them out, empty ones included), names that are not valid UTF-8, empty values, and
 * names that are Object.prototype members.
 */
import { describe, expect, it } from 'vitest';
import { parseEnviron } from '../../src/sources/environ';

describe('parseEnviron at the edges', () => {
  it('a warning names the entry by its place in the block, empty entries counted', () => {
    const { env, warnings } = parseEnviron(Buffer.from('A=1\0\0=no-name\0B=2\0'));
    expect(env).toEqual({ A: '1', B: '2' });
    expect(warnings).toEqual(['environ entry #3 has no NAME= part; skipped']);
  });

  it('an entry without "=" is skipped; an empty value is kept', () => {
    const { env, warnings } = parseEnviron(Buffer.from('JUSTTEXT\0EMPTY=\0'));
    expect(env).toEqual({ EMPTY: '' });
    expect(warnings).toEqual(['environ entry #1 has no NAME= part; skipped']);
  });

  it('a name that is not valid UTF-8 is skipped, by its place, and the rest is read', () => {
    const block = Buffer.concat([Buffer.from('A=1\0'), Buffer.from([0xff, 0x3d, 0x31, 0]), Buffer.from('B=2')]);
    const { env, warnings } = parseEnviron(block);
    expect(env).toEqual({ A: '1', B: '2' });
    expect(warnings).toEqual(['environ entry #2 has a name that is not valid UTF-8; skipped']);
  });

  it('names like toString and __proto__ are plain variables', () => {
    const { env, warnings } = parseEnviron(Buffer.from('toString=a\0__proto__=b\0constructor=c\0'));
    expect(Object.keys(env)).toEqual(['toString', '__proto__', 'constructor']);
    expect(Object.getOwnPropertyDescriptor(env, '__proto__')?.value).toBe('b');
    expect(Object.getPrototypeOf(env)).toBe(Object.prototype);
    expect(warnings).toEqual([]);
  });

  it('an empty block has no variables', () => {
    expect(parseEnviron(new Uint8Array())).toEqual({ env: {}, warnings: [] });
  });
});
