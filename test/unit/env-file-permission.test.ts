/**
 * An env_file the process may not read says "permission denied" in words, for both codes the
 * system uses for it (EACCES, and EPERM, which e.g. macOS privacy protection and some container
 * file systems give). The tests run as root here, where chmod 000 does not stop a read, so the
 * file system answers are scripted.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ConfigError } from '../../src/errors';

const answer = vi.hoisted(() => ({ error: undefined as unknown }));
vi.mock('../../src/util/local-files', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/util/local-files')>();
  return {
    ...actual,
    readText: () => {
      throw answer.error;
    },
  };
});

const { readEnvFile } = await import('../../src/pipeline/dotenv');

const errno = (code: string) => Object.assign(new Error(`${code}: scripted, open '/app/.env'`), { code });

async function refusal(): Promise<ConfigError> {
  const error = await readEnvFile('/app/.env').catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

describe('an env_file that may not be read', () => {
  beforeEach(() => {
    answer.error = undefined;
  });

  it.each(['EACCES', 'EPERM'])('%s: permission denied, in words', async (code) => {
    answer.error = errno(code);
    const error = await refusal();
    expect(error.message).toContain('env file "/app/.env" cannot be read: permission denied');
    expect(error.cause).toBe(answer.error);
  });

  it.each([
    ['EIO', 'cannot be read (EIO)'],
    ['ENOENT', 'does not exist'],
    ['EISDIR', 'is a directory, not a file'],
  ])('%s: %s', async (code, words) => {
    answer.error = errno(code);
    const error = await refusal();
    expect(error.message).toContain(`env file "/app/.env" ${words}`);
    expect(error.message).not.toContain('permission denied');
  });

  it('an error without a code: cannot be read, nothing more', async () => {
    answer.error = new Error('scripted');
    expect((await refusal()).message).toMatch(/env file "\/app\/\.env" cannot be read\./);
  });
});
