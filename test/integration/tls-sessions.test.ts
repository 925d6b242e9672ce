/**
 * The TLS work of repeated requests to one API server (src/kube/tls.ts,
 * src/kube/server-connections.ts): one SecureContext per material, and a connection opened ahead
 * of time resumes the server's TLS session instead of a full handshake.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { readAnswer, requestBytes } from '../../src/kube/http1';
import { ServerConnections } from '../../src/kube/server-connections';
import { secureContextFor } from '../../src/kube/tls';
import { TlsMaterialError } from '../../src/kube/transport-errors';
import { createCertificateAuthority } from '../../src/testing/pki/certificates';
import { type RawServer, startRawServer } from '../support/raw-server';

let server: RawServer | undefined;
const pools: ServerConnections[] = [];
afterEach(async () => {
  for (const pool of pools.splice(0)) pool.close();
  await server?.stop();
  server = undefined;
});

/** A GET /version on a connection of `pool`, given back after; resolves to the status. */
async function get(pool: ServerConnections): Promise<number> {
  const socket = pool.take();
  socket.write(requestBytes('/version', 'localhost', {}));
  const answer = await readAnswer(socket, { limitFor: () => 1024, upgrade: false });
  if (!('body' in answer)) throw new Error('switched protocols');
  pool.release(socket, answer.reusable);
  return answer.status;
}

describe('TLS towards the API server', () => {
  it('a connection opened ahead of time resumes the session of an earlier one', async () => {
    server = await startRawServer();
    server.onRequest = (_request, response) => response.writeHead(200).end('{}');
    const kubeconfig = readFileSync(server.kubeconfigPath, 'utf8');
    const port = Number(/https:\/\/127\.0\.0\.1:(\d+)/.exec(kubeconfig)?.[1]);
    const pool = new ServerConnections({
      host: '127.0.0.1',
      port,
      secureContext: secureContextFor({ ca: server.caPem }),
    });
    pools.push(pool);

    expect(await get(pool)).toBe(200);
    // Two requests at once: one takes the kept-alive connection, the other the spare.
    pool.preconnect(2);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await Promise.all([get(pool), get(pool)])).toEqual([200, 200]);

    expect(server.handshakes).toEqual([false, true]);
  });

  it('builds one SecureContext per material, and says which part OpenSSL refuses', async () => {
    server = await startRawServer();
    expect(secureContextFor({ ca: server.caPem })).toBe(secureContextFor({ ca: `${server.caPem}` }));
    expect(() => secureContextFor({ ca: server?.caPem, cert: 'garbage', key: 'garbage' })).toThrow(TlsMaterialError);
    expect(() => secureContextFor({ cert: 'garbage', key: 'garbage' })).toThrow(/client-certificate/);
  });

  it('keeps the SecureContexts of the last 16 materials: the oldest goes first', () => {
    const cas = Array.from({ length: 17 }, (_, index) => ({ ca: createCertificateAuthority(`ca-${index}`).certPem }));
    const first = cas.map((material) => secureContextFor(material));
    // The 16 latest are the ones built above; the oldest was dropped and is built anew.
    expect(secureContextFor(cas[16]!)).toBe(first[16]);
    expect(secureContextFor(cas[1]!)).toBe(first[1]);
    expect(secureContextFor(cas[0]!)).not.toBe(first[0]);
  });
});
