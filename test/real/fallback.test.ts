/**
 * The auto source's fallbacks and the typed errors, caused by the real thing: containerd's own
 * error for a missing `cat`, a pod the kubelet cannot start, RBAC that forbids exec and Secrets,
 * real 404s and a token the API server does not know.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ExecUnavailableError,
  ForbiddenError,
  fetchRemoteEnv,
  NotFoundError,
  UnauthorizedError,
} from '../../src/index';
import { admin, realOptions, restricted } from './support/options';

const NS = 'kubenv-fallback';

describe('auto falls back to spec, saying why', () => {
  it('distroless: the runtime finds no cat', async () => {
    const remote = await fetchRemoteEnv(realOptions({ target: 'deploy/distroless', namespace: NS }));
    expect(remote.source).toBe('spec');
    expect(remote.sourceReason).toContain('no `cat`');
    expect(remote.remote['LOG_LEVEL']).toBe('warn');
    expect(remote.remote['MODE_FROM_SPEC']).toBe('spec');
  });

  it('distroless with source exec: a typed error carrying the reason, not the raw runtime text', async () => {
    const error = await fetchRemoteEnv(
      realOptions({ target: 'deploy/distroless', namespace: NS, source: 'exec' }),
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ExecUnavailableError);
    expect((error as ExecUnavailableError).reason).toBe('no-reader');
  });

  it('a pod that is not running', async () => {
    const remote = await fetchRemoteEnv(realOptions({ target: 'pod/not-running', namespace: NS }));
    expect(remote.source).toBe('spec');
    expect(remote.sourceReason).toMatch(/not running/);
    expect(remote.remote['LOG_LEVEL']).toBe('warn');
  });

  it('the restricted identity (403 on pods/exec)', async () => {
    const remote = await fetchRemoteEnv(realOptions({ target: 'pod/plain', namespace: NS, kubeconfig: restricted() }));
    expect(remote.source).toBe('spec');
    expect(remote.sourceReason).toContain('pods/exec is forbidden');
    expect(remote.remote['LOG_LEVEL']).toBe('warn');
  });
});

describe('typed errors from the real API server', () => {
  it('Secrets forbidden: ForbiddenError with the kubectl auth can-i hint', async () => {
    const error = await fetchRemoteEnv(
      realOptions({ target: 'pod/with-secret', namespace: NS, kubeconfig: restricted() }),
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ForbiddenError);
    expect((error as ForbiddenError).hint).toContain(`kubectl auth can-i get secrets -n ${NS}`);
    expect(String(error)).not.toContain('hunter2');
  });

  it('404 with did-you-mean', async () => {
    const error = await fetchRemoteEnv(realOptions({ target: 'deploy/distroles', namespace: NS })).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).suggestions).toContain('distroless');
  });

  it('a token the server does not know: UnauthorizedError', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'kubenv-real-')), 'bad-token.kubeconfig');
    writeFileSync(file, readFileSync(restricted(), 'utf8').replace(/token: .+/, 'token: not-a-real-token'));
    const error = await fetchRemoteEnv(realOptions({ target: 'pod/plain', namespace: NS, kubeconfig: file })).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect(String(error)).not.toContain('not-a-real-token');
  });

  it('the admin reads everything the restricted identity may not', async () => {
    const remote = await fetchRemoteEnv(realOptions({ target: 'pod/with-secret', namespace: NS, kubeconfig: admin() }));
    expect(remote.source).toBe('exec');
    expect(remote.remote['DATABASE_PASSWORD']).toBe('hunter2');
    expect(remote.secretNames).toContain('DATABASE_PASSWORD');
  });
});
