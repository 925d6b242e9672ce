/**
 * Whether an exec credential plugin runs interactively, as client-go decides it
 * (plugin/pkg/client/auth/exec/exec.go): Never never is; IfAvailable is when stdin is a
 * terminal; Always is and needs one. The plugin learns it from KUBERNETES_EXEC_INFO's
 * `spec.interactive`. The test plugin records what it saw; the token it prints is a dummy.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ExecPlugin } from '../../src/kube/exec-credential/config';
import { runExecPlugin } from '../../src/kube/exec-credential/run';
import { V1, writePlugin } from '../support/plugins';

const dir = mkdtempSync(path.join(os.tmpdir(), 'kubenv-interactive-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let count = 0;
function pluginEntry(interactiveMode: ExecPlugin['interactiveMode']) {
  const plugin = writePlugin({ tokens: ['dummy-token'] }, { dir: path.join(dir, String(count++)) });
  const entry: ExecPlugin = {
    apiVersion: V1,
    command: plugin.path,
    args: [],
    env: [],
    installHint: undefined,
    interactiveMode,
    cluster: undefined,
    user: 'tester',
  };
  return { plugin, entry };
}

const run = (entry: ExecPlugin, stdinIsTerminal: boolean) =>
  runExecPlugin(entry, { env: { PATH: process.env['PATH'] }, signal: new AbortController().signal, stdinIsTerminal });

describe('interactive or not', () => {
  it.each([
    ['Never', true, false],
    ['Never', false, false],
    ['IfAvailable', true, true],
    ['IfAvailable', false, false],
    ['Always', true, true],
  ] as const)('%s with a terminal: %s -> interactive %s', async (mode, terminal, interactive) => {
    const { plugin, entry } = pluginEntry(mode);
    const credential = await run(entry, terminal);
    expect(credential.token).toBeDefined();
    expect(plugin.calls()).toHaveLength(1);
    expect(plugin.calls()[0]?.execInfo).toEqual({ kind: 'ExecCredential', apiVersion: V1, spec: { interactive } });
  });

  it('Always without a terminal is refused, and the plugin never runs', async () => {
    const { plugin, entry } = pluginEntry('Always');
    const error = await run(entry, false).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CREDENTIAL_PLUGIN', failure: 'not-interactive' });
    expect(plugin.runs()).toBe(0);
  });
});
