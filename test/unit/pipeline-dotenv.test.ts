import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors';
import { parseDotenv, readEnvFile } from '../../src/pipeline/dotenv';

describe('parseDotenv', () => {
  it('reads the dotenv format: quotes, comments, export, multi-line values', () => {
    const text = [
      '# a comment',
      'PLAIN=value',
      'export EXPORTED=yes',
      "SINGLE='keep $literal'",
      'DOUBLE="line1\\nline2"',
      'WITH_EQUALS=a=b=c',
      'TRAILING=x # comment',
      'EMPTY=',
      'MULTI="first',
      'second"',
    ].join('\n');
    expect(parseDotenv(text)).toEqual({
      PLAIN: 'value',
      EXPORTED: 'yes',
      SINGLE: 'keep $literal',
      DOUBLE: 'line1\nline2',
      WITH_EQUALS: 'a=b=c',
      TRAILING: 'x',
      EMPTY: '',
      MULTI: 'first\nsecond',
    });
  });

  it('handles CRLF line endings and an empty file', () => {
    expect(parseDotenv('A=1\r\nB=2\r\n')).toEqual({ A: '1', B: '2' });
    expect(parseDotenv('')).toEqual({});
  });
});

describe('readEnvFile', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kubenv-dotenv-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads and parses a file', async () => {
    const file = join(dir, '.env');
    await writeFile(file, 'DATABASE_URL=postgres://localhost/db\n');
    expect(await readEnvFile(file)).toEqual({ DATABASE_URL: 'postgres://localhost/db' });
  });

  it('throws a ConfigError naming a missing file and where the setting came from', async () => {
    const file = join(dir, 'missing.env');
    const error = await readEnvFile(file, { file: '/app/kubenv.config.json', keyPath: 'feature.env.env_file' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigError);
    const configError = error as ConfigError;
    expect(configError.message).toContain(file);
    expect(configError.message).toContain('does not exist');
    expect(configError.message).toContain('/app/kubenv.config.json');
    expect(configError.keyPath).toBe('feature.env.env_file');
    expect((configError.cause as NodeJS.ErrnoException).code).toBe('ENOENT');
  });

  it('throws a ConfigError for a directory', async () => {
    await expect(readEnvFile(dir)).rejects.toThrow(/is a directory/);
  });
});
