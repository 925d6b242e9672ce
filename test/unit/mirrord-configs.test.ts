/**
 * loadConfig on every real mirrord config in test/fixture/mirrord-configs: each resolves the
 * fields kubenv reads as mirrord resolves them, or is refused where mirrord refuses it too.
 */
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadConfig } from '../../src/config/load';
import type { ResolvedConfig, ResolvedConfigField } from '../../src/config/types';
import { ConfigError } from '../../src/errors';
import { mirrordConfigs } from '../fixture/mirrord-configs/index';

const dir = path.resolve(import.meta.dirname, '../fixture/mirrord-configs');

/** The fields the file set, with their values. */
function fromFile(config: ResolvedConfig): Partial<ResolvedConfig> {
  const set = Object.entries(config.origins).filter(([, origin]) => origin.layer === 'file');
  return Object.fromEntries(set.map(([field]) => [field, config[field as ResolvedConfigField]]));
}

describe(`${mirrordConfigs.length} real mirrord configs (metalbear-co/mirrord@8320eb8)`, () => {
  test.each(mirrordConfigs.map((fixture) => [fixture.file, fixture] as const))('%s', async (_file, fixture) => {
    // The working directory is the fixtures' folder, as mirrord would be run from a project.
    const loading = loadConfig({
      cwd: dir,
      env: { ...fixture.env, MIRRORD_CONFIG_FILE: path.join(dir, fixture.file) },
    });
    if ('error' in fixture.expected) {
      const error = await loading.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).message).toContain(fixture.expected.error);
      return;
    }
    const config = await loading;
    expect(config.configFormat).toBe('mirrord');
    expect(fromFile(config)).toEqual(fixture.expected);
  });

  test('the collection covers the three formats and every kind of source', () => {
    const extensions = new Set(mirrordConfigs.map((fixture) => path.extname(fixture.file)));
    expect([...extensions].sort()).toEqual(['.json', '.toml', '.yaml']);
    const folders = new Set(mirrordConfigs.map((fixture) => fixture.file.split('/')[0]));
    expect([...folders].sort()).toEqual(['config-tests', 'docs', 'tests']);
  });
});
