/**
 * An env_file kubenv cannot read is a ConfigError that says why in words, and where the
 * setting came from changes the hint: a config file's env_file is relative to that file.
 */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors';
import { readEnvFile } from '../../src/pipeline/dotenv';

const dir = mkdtempSync(path.join(os.tmpdir(), 'kubenv-env-file-'));
mkdirSync(path.join(dir, 'sub'));
writeFileSync(path.join(dir, 'plain.env'), 'A=1\n');
symlinkSync(path.join(dir, 'loop.env'), path.join(dir, 'loop.env'));

async function refusal(file: string, origin: Parameters<typeof readEnvFile>[1] = {}): Promise<ConfigError> {
  const error = await readEnvFile(file, origin).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

describe('an env_file that cannot be read', () => {
  it('a path through a file, not a folder: does not exist', async () => {
    const file = path.join(dir, 'plain.env', 'inner.env');
    expect((await refusal(file)).message).toContain(`env file ${JSON.stringify(file)} does not exist`);
  });

  it('any other reason is named by its code', async () => {
    const file = path.join(dir, 'loop.env');
    expect((await refusal(file)).message).toContain(`env file ${JSON.stringify(file)} cannot be read (ELOOP)`);
  });

  it('the hint depends on where the setting came from', async () => {
    const missing = path.join(dir, 'missing.env');
    const fromFile = await refusal(missing, { file: path.join(dir, 'kubenv.json'), keyPath: 'feature.env.env_file' });
    expect(fromFile.hint).toContain('resolved against the directory of the config file');
    const fromVariable = await refusal(missing, { variable: 'MIRRORD_OVERRIDE_ENV_VARS_FILE' });
    expect(fromVariable.hint).toContain('resolved against the working directory');
    expect(fromVariable.variable).toBe('MIRRORD_OVERRIDE_ENV_VARS_FILE');
  });
});
