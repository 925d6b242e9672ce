import { describe, expect, it } from 'vitest';
import { parseEnviron } from '../../src/sources/environ';

const block = (...entries: Array<string | Buffer>) =>
  Buffer.concat(entries.flatMap((e) => [typeof e === 'string' ? Buffer.from(e) : e, Buffer.from([0])]));

describe('parseEnviron', () => {
  it('keeps values with =, newlines, quotes and unicode byte-exact', () => {
    const { env, warnings } = parseEnviron(
      block('URL=postgres://u:p@h/db?a=b', 'MULTI=line1\nline2', `Q="it's"`, 'U=päß 🚀'),
    );
    expect(env).toEqual({ URL: 'postgres://u:p@h/db?a=b', MULTI: 'line1\nline2', Q: `"it's"`, U: 'päß 🚀' });
    expect(warnings).toEqual([]);
  });

  it('warns by name on invalid UTF-8 and skips entries without a name, never throwing', () => {
    const secret = 'hunter2-not-a-name';
    const { env, warnings } = parseEnviron(block(Buffer.from([0x42, 0x3d, 0xff, 0xfe]), secret, '=nameless', 'OK=1'));
    expect(env['B']).toBe('\uFFFD\uFFFD');
    expect(env['OK']).toBe('1');
    expect(warnings).toHaveLength(3);
    expect(warnings.join('\n')).toContain('B has a value that is not valid UTF-8');
    expect(warnings.join('\n')).not.toContain(secret);
  });

  it('takes the first of duplicate names, as getenv does, and accepts a missing final NUL', () => {
    const { env, warnings } = parseEnviron(Buffer.from('A=1\0A=2\0B=3'));
    expect(env).toEqual({ A: '1', B: '3' });
    expect(warnings[0]).toMatch(/^A appears more than once/);
  });

  it('handles a 1 MiB environment', () => {
    const big = 'x'.repeat(1024 * 1024);
    expect(parseEnviron(block(`BIG=${big}`, 'SMALL=1')).env['BIG']).toHaveLength(1024 * 1024);
  });
});
