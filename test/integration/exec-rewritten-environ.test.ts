/**
 * A main process that writes its process title over its environ, as nginx does
 * (src/os/unix/ngx_setproctitle.c: the title goes over argv[0] and on into the environ area, the
 * rest is padded with NUL). The exec source must notice and hand back the container's configured
 * environment with a warning, never the garbage.
 */
import { describe, expect, it } from 'vitest';
import { fetchRemoteEnv } from '../../src/index';
import { podFixture } from '../../src/testing/index';
import { encodeEnviron } from '../../src/testing/runtime/environ';
import { optionsFor, useCluster } from '../support/cluster';

const ENV = { DATABASE_URL: 'postgres://app:s3cret@db/shop', LOG_LEVEL: 'info' };
const cluster = useCluster(() => [
  podFixture({ name: 'nginx', namespace: 'titles', env: ENV }),
  podFixture({ name: 'plain', namespace: 'titles', env: ENV }),
]);

/** What `/proc/1/environ` reads after the process set `title` over `argv` and `environ`. */
function environAfterTitle(argv: readonly string[], environ: Buffer, title: string): Buffer {
  const args = Buffer.from(argv.map((arg) => `${arg}\0`).join(''));
  const area = Buffer.concat([args, environ]);
  area.fill(0);
  area.write(title.slice(0, area.length - 1));
  return area.subarray(args.length);
}

async function configuredEnviron(pod: string): Promise<Buffer> {
  const plain = await fetchRemoteEnv(
    optionsFor(cluster(), { target: `pod/${pod}`, namespace: 'titles', source: 'exec' }),
  );
  return encodeEnviron({ ...plain.remote, PATH: '/usr/local/bin:/usr/bin:/bin', HOME: '/root' });
}

const fetch = (pod: string) =>
  fetchRemoteEnv(optionsFor(cluster(), { target: `pod/${pod}`, namespace: 'titles', source: 'exec' }));

describe('exec source: a PID 1 that rewrote its environ with its process title', () => {
  it('reads /proc/self/environ instead when the title ran into the environ (an entry that is not NAME=value)', async () => {
    const configured = await configuredEnviron('nginx');
    cluster().setContainer('titles', 'nginx', 'app', {
      environ: environAfterTitle(
        ['nginx', '-g', 'daemon off;'],
        configured,
        'nginx: master process nginx -g daemon off; ',
      ),
      execEnviron: configured,
      cmdline: ['nginx: master process nginx -g daemon off;'],
    });
    const remote = await fetch('nginx');
    expect(remote.source).toBe('exec');
    expect(remote.remote['DATABASE_URL']).toBe(ENV.DATABASE_URL);
    expect(remote.remote['LOG_LEVEL']).toBe('info');
    expect(remote.remote['KUBERNETES_SERVICE_HOST']).toBe('10.96.0.1');
    const warning = remote.warnings.find((w) => w.includes('rewrote its environ'));
    expect(warning).toMatch(/PID 1 in nginx\/app rewrote its environ .*1 entry is not NAME=value/);
    expect(warning).toMatch(/entrypoint exported/);
    expect(remote.warnings.join('\n')).not.toContain('s3cret');
    expect(remote.sourceReason + remote.warnings.join('')).not.toContain('daemon off');
  });

  it('reads /proc/self/environ when the title only padded the environ with NUL', async () => {
    const configured = await configuredEnviron('nginx');
    cluster().setContainer('titles', 'nginx', 'app', {
      environ: environAfterTitle(['/usr/sbin/nginx-with-a-long-path'], configured, 'nginx: worker'),
      execEnviron: configured,
    });
    const remote = await fetch('nginx');
    expect(remote.remote['DATABASE_URL']).toBe(ENV.DATABASE_URL);
    expect(remote.warnings.some((w) => /rewrote its environ.*only NUL padding/.test(w))).toBe(true);
  });

  it('reads /proc/self/environ when names the pod spec gives the container are missing', async () => {
    const configured = await configuredEnviron('nginx');
    cluster().setContainer('titles', 'nginx', 'app', {
      environ: encodeEnviron({ PATH: '/bin', HOME: '/root' }),
      execEnviron: configured,
    });
    const remote = await fetch('nginx');
    expect(remote.remote['LOG_LEVEL']).toBe('info');
    expect(remote.warnings.some((w) => w.includes('DATABASE_URL, LOG_LEVEL from the pod spec are missing'))).toBe(true);
  });

  it('keeps a healthy environ as it is: entrypoint exports stay, no second exec, no warning', async () => {
    const configured = await configuredEnviron('plain');
    cluster().setContainer('titles', 'plain', 'app', {
      environ: Buffer.concat([configured, encodeEnviron({ EXPORTED_BY_ENTRYPOINT: '1' })]),
      execEnviron: configured,
    });
    cluster().requests.clear();
    const remote = await fetch('plain');
    expect(remote.remote['EXPORTED_BY_ENTRYPOINT']).toBe('1');
    expect(remote.warnings.filter((w) => w.includes('rewrote'))).toEqual([]);
    expect(
      cluster()
        .requests.toArray()
        .filter((r) => r.subresource === 'exec'),
    ).toHaveLength(1);
  });
});
