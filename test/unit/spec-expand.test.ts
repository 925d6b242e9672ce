import { describe, expect, it } from 'vitest';
import { expandKubeletReferences } from '../../src/sources/spec/expand';

const known: Record<string, string> = { HOST: 'db', PORT: '5432', EMPTY: '' };
const expand = (input: string) => expandKubeletReferences(input, (name) => known[name]);

describe('kubelet $(VAR) expansion', () => {
  it('replaces defined references, keeps undefined ones literally', () => {
    expect(expand('postgres://$(HOST):$(PORT)/app')).toBe('postgres://db:5432/app');
    expect(expand('$(MISSING)-x')).toBe('$(MISSING)-x');
    expect(expand('[$(EMPTY)]')).toBe('[]');
  });

  it('treats $$ as an escaped $ and does not expand after it', () => {
    expect(expand('$$(HOST)')).toBe('$(HOST)');
    expect(expand('cost: $$5')).toBe('cost: $5');
    expect(expand('$$$(HOST)')).toBe('$db');
  });

  it('keeps a lone $, ${} and an unclosed $( literally', () => {
    expect(expand('a$b')).toBe('a$b');
    expect(expand('${HOST}')).toBe('${HOST}');
    expect(expand('$(HOST')).toBe('$(HOST');
    expect(expand('end$')).toBe('end$');
    // The name runs to the first ')': `$(HOST` is unknown, so the whole reference stays.
    expect(expand('$($(HOST))')).toBe('$($(HOST))');
  });

  it('expands in a single pass (a value that looks like a reference stays as it is)', () => {
    const lookup = (name: string) => ({ A: '$(B)', B: 'b' })[name];
    expect(expandKubeletReferences('$(A)', lookup)).toBe('$(B)');
  });
});
