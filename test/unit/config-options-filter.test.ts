/**
 * `include` and `exclude` passed as options (the CLI's --include/--exclude): an error names
 * the option that is wrong, and setting both is refused without pointing at either one alone.
 */
import { describe, expect, it } from 'vitest';
import { optionsLayer } from '../../src/config/options-layer';
import { type ConfigError, isKubenvError } from '../../src/errors';

function refused(options: Parameters<typeof optionsLayer>[0]): ConfigError {
  let error: unknown;
  try {
    optionsLayer(options, '/');
  } catch (e) {
    error = e;
  }
  expect(isKubenvError(error, 'CONFIG')).toBe(true);
  return error as ConfigError;
}

describe('include and exclude options', () => {
  it.each(['include', 'exclude'] as const)('a %s of the wrong type is reported at `%s`', (key) => {
    const error = refused({ [key]: 42 } as never);
    expect(error.message).toContain(`option \`${key}\`: wrong type`);
    const item = refused({ [key]: ['A', 7] } as never);
    expect(item.message).toContain(`option \`${key}[1]\`: wrong type`);
  });

  it('both set: refused, naming both, at neither key alone', () => {
    const error = refused({ include: ['^A'], exclude: ['^B'] });
    expect(error.message).toContain('`include` and `exclude` are both set');
    expect(error.message).not.toMatch(/option `[^`]/);
    expect(error.hint).toMatch(/^Pass one of them/);
  });

  it('one of them: the filter of that kind', () => {
    expect(optionsLayer({ include: ['^A'] }, '/').filter?.value).toMatchObject({ kind: 'include' });
    expect(optionsLayer({ exclude: ['^B'] }, '/').filter?.value).toMatchObject({ kind: 'exclude' });
  });
});
