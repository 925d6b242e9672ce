import { parse as parseDotenv } from 'dotenv';
import { load as parseYaml } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { formatEnv } from '../../src/cli/formats';
import { isKubenvError } from '../../src/errors';

/** Values that break naive quoting. */
const TRICKY: Record<string, string> = {
  PLAIN: 'value',
  SPACES: '  padded value  ',
  SINGLE: "it's",
  DOUBLE: 'say "hi"',
  BOTH_QUOTES: `it's "quoted"`,
  DOLLAR: '$HOME and $(cmd) and ${x} and $$',
  BACKSLASH: 'C:\\path\\to\\n-not-a-newline',
  TRAILING_BACKSLASH: 'ends with \\',
  HASH: 'a # not a comment',
  NEWLINE: 'line1\nline2\n',
  UNICODE: 'päß ✓ 🚀',
  EMPTY: '',
  URL: 'postgres://user:p@ss=word@db:5432/app?sslmode=require',
};

/** docker --env-file's reader: the rest of the line, verbatim. */
function parseDockerEnvFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const trimmed = line.trimStart();
    if (!trimmed || trimmed.startsWith('#')) continue;
    const eq = trimmed.indexOf('=');
    env[trimmed.slice(0, eq)] = trimmed.slice(eq + 1);
  }
  return env;
}

describe('kubenv print formats round-trip through their readers', () => {
  it('json', () => {
    const text = formatEnv(TRICKY, 'json');
    expect(JSON.parse(text)).toEqual(TRICKY);
    expect(Object.keys(JSON.parse(text))).toEqual(Object.keys(TRICKY).sort());
  });

  it('dotenv (the dotenv package)', () => {
    expect(parseDotenv(formatEnv(TRICKY, 'dotenv'))).toEqual(TRICKY);
  });

  it('dotenv: a value with CR and every quote character', () => {
    const env = { CR: 'a\r\nb', ALL: '\'"`' };
    expect(parseDotenv(formatEnv({ CR: env.CR }, 'dotenv'))).toEqual({ CR: env.CR });
    expect(parseDotenv(formatEnv({ ALL: env.ALL }, 'dotenv'))).toEqual({ ALL: env.ALL });
  });

  it('dotenv refuses what it cannot quote, naming the variable and not the value', () => {
    const secret = `s3cr'et"\n\``;
    let error: unknown;
    try {
      formatEnv({ TOKEN: secret }, 'dotenv');
    } catch (caught) {
      error = caught;
    }
    expect(isKubenvError(error, 'OUTPUT_FORMAT')).toBe(true);
    expect(String((error as Error).message)).toContain('TOKEN');
    expect(String((error as Error).message)).not.toContain('s3cr');
  });

  it('docker: verbatim values; refuses line breaks', () => {
    const oneLine = Object.fromEntries(Object.entries(TRICKY).filter(([, v]) => !v.includes('\n')));
    expect(parseDockerEnvFile(formatEnv(oneLine, 'docker'))).toEqual(oneLine);
    expect(() => formatEnv({ NEWLINE: 'a\nb' }, 'docker')).toThrow(/NEWLINE/);
  });

  it('compose: an environment mapping with $ escaped for interpolation', () => {
    const doc = parseYaml(formatEnv(TRICKY, 'compose')) as { environment: Record<string, string> };
    const unescaped = Object.fromEntries(Object.entries(doc.environment).map(([k, v]) => [k, v.replaceAll('$$', '$')]));
    expect(unescaped).toEqual(TRICKY);
  });

  it('sh: refuses names a shell cannot export', () => {
    expect(() => formatEnv({ 'my.var': 'x' }, 'sh')).toThrow(/my\.var/);
    expect(formatEnv({ A: "it's" }, 'sh')).toBe(`export A='it'\\''s'\n`);
  });
});

describe('any value either round-trips or is refused (fast-check)', async () => {
  const fc = await import('fast-check');
  const tricky = fc
    .array(fc.constantFrom("'", '"', '`', '\\', 'n', 'r', '\n', '\r', ' ', '\t', '#', '$', '(', 'a', '=', 'é', '🚀'), {
      maxLength: 12,
    })
    .map((chars) => chars.join(''));
  for (const format of ['dotenv', 'docker', 'compose', 'json'] as const) {
    it(format, () => {
      const read = (text: string): Record<string, string> => {
        if (format === 'dotenv') return parseDotenv(text);
        if (format === 'docker') return parseDockerEnvFile(text);
        if (format === 'json') return JSON.parse(text);
        const doc = parseYaml(text) as { environment: Record<string, string> };
        return Object.fromEntries(Object.entries(doc.environment).map(([k, v]) => [k, v.replaceAll('$$', '$')]));
      };
      fc.assert(
        fc.property(tricky, (value) => {
          let text: string;
          try {
            text = formatEnv({ V: value }, format);
          } catch (error) {
            // Refusing is allowed only where the format really cannot hold the value.
            const mustHold =
              format === 'json' ||
              format === 'compose' ||
              (format === 'docker' && !/[\r\n]/.test(value)) ||
              (format === 'dotenv' && !/['\r]/.test(value) && !value.endsWith('\\'));
            return isKubenvError(error, 'OUTPUT_FORMAT') && !mustHold;
          }
          expect(read(text)).toEqual({ V: value });
          return true;
        }),
        { numRuns: 2000 },
      );
    });
  }
});
