import { describe, expect, it } from 'vitest';
import { compilePatterns, isExactName, splitPatterns } from '../../src/pipeline/patterns';
import { importFresh } from '../support/fresh-import';

describe('splitPatterns', () => {
  it.each([
    ['DB_*;REDIS_URL', ['DB_*', 'REDIS_URL']],
    ['A', ['A']],
    ['A; B ;', ['A', 'B']],
    ['A;;B', ['A', 'B']],
    ['', []],
    [';', []],
  ])('splits %j', (input, expected) => {
    expect(splitPatterns(input)).toEqual(expected);
  });

  it('splits array items that hold `;`, as mirrord joins arrays before splitting', async () => {
    expect(splitPatterns(['A', 'B;C', ' '])).toEqual(['A', 'B', 'C']);
    expect(splitPatterns([])).toEqual([]);
  });
});

describe('compilePatterns', () => {
  it('matches whole names with `*` (any run, also none) and `?` (exactly one)', async () => {
    const matcher = await compilePatterns('DB_*;A?C');
    expect(matcher.matches('DB_')).toBe(true);
    expect(matcher.matches('DB_HOST')).toBe(true);
    expect(matcher.matches('XDB_HOST')).toBe(false);
    expect(matcher.matches('ABC')).toBe(true);
    expect(matcher.matches('AC')).toBe(false);
    expect(matcher.matches('ABBC')).toBe(false);
  });

  it('is case-sensitive', async () => {
    expect((await compilePatterns('db_*')).matches('DB_HOST')).toBe(false);
    expect((await compilePatterns('Path')).matches('PATH')).toBe(false);
  });

  it('treats every other character literally', async () => {
    expect((await compilePatterns('A[1]*')).matches('A[1]X')).toBe(true);
    expect((await compilePatterns('A[1]*')).matches('A1X')).toBe(false);
    expect((await compilePatterns('{A,B}*')).matches('{A,B}x')).toBe(true);
    expect((await compilePatterns('{A,B}*')).matches('A')).toBe(false);
    expect((await compilePatterns('!A*')).matches('!AB')).toBe(true);
    expect((await compilePatterns('!A*')).matches('B')).toBe(false);
    expect((await compilePatterns('#A')).matches('#A')).toBe(true);
    expect((await compilePatterns('+(A)*')).matches('+(A)x')).toBe(true);
    expect((await compilePatterns('A\\*')).matches('A\\BC')).toBe(true);
  });

  it('lets `*` cross `/` and match a leading `.`, unlike path globs', async () => {
    expect((await compilePatterns('A*')).matches('A/B')).toBe(true);
    expect((await compilePatterns('*')).matches('.hidden')).toBe(true);
    expect((await compilePatterns('a/b')).matches('a/b')).toBe(true);
  });

  it('reads `/` in a glob as itself, with minimatch freshly loaded', async () => {
    // Fresh: glob.ts builds its stand-in for `/` when it loads (test/support/fresh-import.ts).
    const fresh = await importFresh(() => import('../../src/pipeline/patterns'));
    const matcher = await fresh.compilePatterns('A/*');
    expect(matcher.matches('A/B')).toBe(true);
    expect(matcher.matches('AB')).toBe(false);
  });

  it('matches nothing when empty', async () => {
    expect((await compilePatterns('')).matches('ANY')).toBe(false);
    expect((await compilePatterns([])).patterns).toEqual([]);
  });
});

describe('isExactName', () => {
  it('tells exact names from globs', async () => {
    expect(isExactName('PATH')).toBe(true);
    expect(isExactName('P*')).toBe(false);
    expect(isExactName('PAT?')).toBe(false);
  });
});
