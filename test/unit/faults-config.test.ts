/**
 * Attacks through configuration: config files that never finish loading, that only have named
 * exports, or whose syntax error would carry the file's text (secrets) into `cause`; timeouts
 * out of the range Node's timers hold; misspelt option keys and options that are not an object.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load';
import { isKubenvError } from '../../src/errors';
import { fetchRemoteEnv, resolveTarget } from '../../src/fetch/fetch-remote-env';
import { formatTarget } from '../../src/target/format';
import { parseTarget } from '../../src/target/parse';

const SECRET = 'hunter2-SECRET-value';

/** A project directory holding one config file. */
function project(file: string, text: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kubenv-faults-config-'));
  writeFileSync(path.join(dir, 'package.json'), '{}');
  writeFileSync(path.join(dir, file), text);
  return dir;
}

async function rejection(promise: Promise<unknown>): Promise<Error & { code?: string; hint?: string }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isKubenvError(error), inspect(error)).toBe(true);
  return error as Error & { code?: string; hint?: string };
}

describe('loading the config file is inside the timeout', () => {
  it('a config that awaits forever is a TimeoutError naming the config file, not an unsettled await', async () => {
    const cwd = project('kubenv.config.mjs', 'await new Promise(() => {});\nexport default {};\n');
    const started = Date.now();
    const error = await rejection(loadConfig({ cwd, env: {}, timeout: 300 }));
    expect(error.code).toBe('TIMEOUT');
    expect(error.message).toContain('Loading the config file timed out after 300 ms');
    expect(error.hint).toContain('top-level');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('KUBENV_TIMEOUT bounds it too', async () => {
    const cwd = project('kubenv.config.mjs', 'await new Promise(() => {});\nexport default {};\n');
    const error = await rejection(loadConfig({ cwd, env: { KUBENV_TIMEOUT: '200' } }));
    expect(error.message).toContain('timed out after 200 ms');
  });

  it("a caller's signal rejects with its own reason", async () => {
    const cwd = project('kubenv.config.mjs', 'await new Promise(() => {});\nexport default {};\n');
    const reason = new Error('caller gave up');
    const error = await fetchRemoteEnv({ cwd, env: {}, signal: AbortSignal.abort(reason) }).catch((e: unknown) => e);
    expect(error).toBe(reason);
  });
});

describe('a JavaScript config with only named exports', () => {
  it('is refused instead of read as empty (which made `run` targetless)', async () => {
    const cwd = project('kubenv.config.mjs', "export const target = 'deploy/api';\n");
    const error = await rejection(loadConfig({ cwd, env: {} }));
    expect(error.code).toBe('CONFIG');
    expect(error.message).toContain('no default export');
    expect(error.hint).toContain('export default defineConfig');
  });
});

describe('a syntax error keeps position and reason, never the text of the file', () => {
  for (const [file, text] of [
    ['.kubenvrc.yaml', `target: deploy/api\ntoken: ${SECRET}\n  bad: [\n`],
    ['.kubenvrc.json', `{ "target": "deploy/api", "x": "${SECRET}" oops }`],
    ['mirrord.toml', `target = "deploy/api"\nx = "${SECRET}" oops\n`],
    ['kubenv.config.mjs', `export default { target: 'deploy/api', x: '${SECRET}' oops };\n`],
  ] as const) {
    it(`${file}: util.inspect and the cause chain show no line of the file`, async () => {
      const cwd = project(file, text);
      const error = await rejection(loadConfig({ cwd, env: {}, configFile: file }));
      expect(error.code).toBe('CONFIG');
      expect(inspect(error, { depth: 10 })).not.toContain(SECRET);
      let cause: unknown = error.cause;
      while (cause instanceof Error) {
        expect(`${cause.message}\n${cause.stack}`).not.toContain(SECRET);
        cause = cause.cause;
      }
    });
  }
});

describe('timeouts are whole milliseconds that Node timers can hold', () => {
  for (const timeout of [2500.5, 3_000_000_000, 1e10, 0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
    it(`timeout: ${timeout} is a ConfigError`, async () => {
      const error = await rejection(loadConfig({ cwd: os.tmpdir(), env: {}, timeout }));
      expect(error.code).toBe('CONFIG');
      expect(error.message).toContain('option `timeout`');
    });
  }
  for (const value of ['2500.5', '3000000000', '1e10', '']) {
    it(`KUBENV_TIMEOUT=${JSON.stringify(value)} is a ConfigError (an empty one is unset)`, async () => {
      const result = loadConfig({ cwd: os.tmpdir(), env: { KUBENV_TIMEOUT: value } });
      if (value === '') return expect((await result).timeout).toBe(30_000);
      const error = await rejection(result);
      expect(error.message).toContain('KUBENV_TIMEOUT');
    });
  }
  it('the largest timer Node holds is accepted', async () => {
    expect((await loadConfig({ cwd: os.tmpdir(), env: {}, timeout: 2_147_483_647 })).timeout).toBe(2_147_483_647);
  });
});

describe('options objects are checked before anything runs', () => {
  it('a misspelt key is a ConfigError with did-you-mean', async () => {
    const error = await rejection(fetchRemoteEnv({ target: 'deployment/api', namepsace: 'staging' } as never));
    expect(error.code).toBe('CONFIG');
    expect(error.message).toContain('unknown option `namepsace` of fetchRemoteEnv()');
    expect(error.hint).toBe('Did you mean `namespace`?');
  });

  it('loadConfig and resolveTarget check their keys too', async () => {
    expect((await rejection(loadConfig({ tiemout: 5 } as never))).hint).toBe('Did you mean `timeout`?');
    expect((await rejection(resolveTarget({ contxt: 'x' } as never))).hint).toBe('Did you mean `context`?');
  });

  it('a string in place of the options says how to pass it', async () => {
    const error = await rejection(fetchRemoteEnv('deployment/api' as never));
    expect(error.hint).toBe('Pass an options object: `fetchRemoteEnv({ target: "deployment/api" })`.');
  });

  for (const options of [42, null, [], true]) {
    it(`${JSON.stringify(options)} as options is a ConfigError, not a TypeError or a targetless result`, async () => {
      const error = await rejection(fetchRemoteEnv(options as never));
      expect(error.code).toBe('CONFIG');
    });
  }
});

describe('formatTarget and parseTarget on bad input', () => {
  for (const input of [42, null, undefined, {}, { kind: 'pod' }, { kind: 'nope', name: 'x' }]) {
    it(`formatTarget(${JSON.stringify(input)}) is a TargetParseError, not "undefined/undefined"`, () => {
      let thrown: unknown;
      try {
        formatTarget(input as never);
      } catch (error) {
        thrown = error;
      }
      expect(isKubenvError(thrown, 'TARGET_PARSE')).toBe(true);
    });
  }

  it('control characters of the input are escaped in the message and hint', () => {
    let thrown: unknown;
    try {
      parseTarget('pod/\x1b[2J\x1b]0;owned\x07/x\u202e');
    } catch (error) {
      thrown = error;
    }
    const error = thrown as Error & { hint?: string };
    expect(isKubenvError(error)).toBe(true);
    expect(error.message).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e](?<!\n)/u);
    expect(error.message.split('\n')).toHaveLength(2);
  });
});
